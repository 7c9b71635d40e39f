"""Bundles the postman brings, results sent back by post."""

from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fake_portal.counter import actions
from fake_portal.counter.forms import RefusePostForm
from fake_portal.counter.models import PostalItem
from fake_portal.counter.views.common import attempt, counter_view, page, sandbox_for


@counter_view
def post_list(request, sandbox):
    sandbox = sandbox_for(request, sandbox)
    items = PostalItem.objects.for_sandbox(sandbox).select_related(
        "citizen", "addressed_to__province", "dossier"
    )
    return page(
        request,
        "counter/post_list.html",
        sandbox,
        section="post",
        incoming=items.incoming()[:50],
        outgoing=items.outgoing()[:50],
    )


def _item(sandbox, pk):
    return get_object_or_404(
        PostalItem.objects.for_sandbox(sandbox).select_related(
            "citizen", "addressed_to__province", "dossier"
        ),
        pk=pk,
    )


@counter_view
def postal_item(request, sandbox, pk):
    sandbox = sandbox_for(request, sandbox)
    item = _item(sandbox, pk)
    return page(
        request,
        "counter/postal_item.html",
        sandbox,
        item=item,
        papers=item.papers.select_related("digitised_copy"),
        refuse_form=RefusePostForm(),
        other_province=item.addressed_to
        and item.addressed_to.province_id != sandbox.commune.province_id,
    )


@counter_view
@require_POST
def accept(request, sandbox, pk):
    sandbox = sandbox_for(request, sandbox)
    item = _item(sandbox, pk)
    dossier = None

    def run():
        nonlocal dossier
        dossier = actions.accept_postal_item(item, actor=request.user)

    if attempt(
        request,
        run,
        _("Đã nhận bàn giao bưu gửi và lập hồ sơ (kênh bưu chính công ích)."),
    ):
        return redirect("counter:desk", sandbox=sandbox.pk, code=dossier.code)
    return redirect("counter:postal-item", sandbox=sandbox.pk, pk=item.pk)


@counter_view
@require_POST
def refuse(request, sandbox, pk):
    sandbox = sandbox_for(request, sandbox)
    item = _item(sandbox, pk)
    form = RefusePostForm(request.POST)
    form.is_valid()
    attempt(
        request,
        lambda: actions.refuse_postal_item(
            item, actor=request.user, reason=form.cleaned_data.get("reason", "")
        ),
        _("Đã từ chối nhận; bưu gửi được chuyển hoàn."),
    )
    return redirect("counter:post", sandbox=sandbox.pk)
