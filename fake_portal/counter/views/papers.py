"""One paper: look at its scan, compare it with the database, keep or return it, digitise it."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fake_portal.counter import actions
from fake_portal.counter.actions._common import local_day
from fake_portal.counter.forms import DigitiseForm
from fake_portal.counter.models import DigitisedCopy, Paper
from fake_portal.counter.papers.labels import compare_with_database
from fake_portal.counter.views.common import attempt, counter_view, page, sandbox_for

HANDLINGS = {
    "nhan-ban-luu": Paper.Status.RECEIVED_COPY,
    "chi-doi-chieu": Paper.Status.SHOWN_ONLY,
    "tra-lai": Paper.Status.RETURNED,
}


def _paper(sandbox, pk):
    return get_object_or_404(
        Paper.objects.for_sandbox(sandbox).select_related(
            "owner", "dossier__applicant__permanent_commune__province", "walk_in"
        ),
        pk=pk,
    )


def _back(paper):
    if paper.dossier_id:
        return redirect(
            "counter:desk", sandbox=paper.sandbox_id, code=paper.dossier.code
        )
    if paper.walk_in_id:
        return redirect(
            "counter:walk-in", sandbox=paper.sandbox_id, pk=paper.walk_in_id
        )
    return redirect(
        "counter:postal-item", sandbox=paper.sandbox_id, pk=paper.postal_item_id
    )


@counter_view
def paper_detail(request, sandbox, pk, form=None):
    sandbox = sandbox_for(request, sandbox)
    paper = _paper(sandbox, pk)
    copy = DigitisedCopy.objects.filter(paper=paper).first()
    dossier = paper.dossier
    person = (
        dossier.applicant
        if dossier
        else (paper.walk_in.identified if paper.walk_in_id else None)
    )
    return page(
        request,
        "counter/paper.html",
        sandbox,
        paper=paper,
        copy=copy,
        form=form or DigitiseForm(paper=paper),
        comparison=compare_with_database(
            paper.readable_fields(), person, local_day(sandbox.now())
        )
        if person
        else None,
        person=person,
        handlings=HANDLINGS,
    )


@counter_view
@require_POST
def digitise(request, sandbox, pk):
    sandbox = sandbox_for(request, sandbox)
    paper = _paper(sandbox, pk)
    form = DigitiseForm(request.POST, request.FILES, paper=paper)
    if not form.is_valid():
        messages.error(
            request, _("Thông tin nhập chưa hợp lệ; xin xem các ô được đánh dấu.")
        )
        return paper_detail(request, sandbox.pk, pk, form=form)
    copy = None

    def run():
        nonlocal copy
        copy = actions.digitise_paper(
            paper,
            actor=request.user,
            pin=form.cleaned_data["pin"],
            fields=form.extracted(),
            upload=form.cleaned_data.get("scan"),
        )

    if attempt(request, run, _("Đã số hóa và ký số giấy tờ.")):
        messages.info(
            request, _("Mã kết quả số hóa: %(code)s.") % {"code": copy.result_code}
        )
        return _back(paper)
    return paper_detail(request, sandbox.pk, pk, form=form)


@counter_view
@require_POST
def mark(request, sandbox, pk, handling):
    sandbox = sandbox_for(request, sandbox)
    paper = _paper(sandbox, pk)
    status = HANDLINGS.get(handling)
    if status is None:
        messages.error(request, _("Cách tiếp nhận giấy tờ không hợp lệ."))
        return _back(paper)
    attempt(
        request,
        lambda: actions.mark_paper(paper, handling=status, actor=request.user),
        _("%(title)s: %(status)s.") % {"title": paper.title, "status": status.label},
    )
    return _back(paper)


@counter_view
def scan_file(request, sandbox, pk):
    sandbox = sandbox_for(request, sandbox)
    paper = actions.generate_scan(_paper(sandbox, pk))
    extension = paper.file.name.rsplit(".", 1)[-1]
    return FileResponse(
        paper.file.open("rb"),
        content_type=paper.content_type,
        filename=f"ban-quet-giay-to-{paper.pk}.{extension}",
    )


@counter_view
def copy_file(request, sandbox, pk):
    sandbox = sandbox_for(request, sandbox)
    copy = get_object_or_404(DigitisedCopy.objects.for_sandbox(sandbox), pk=pk)
    return FileResponse(
        copy.signed_file.open("rb"),
        content_type="application/pdf",
        filename=f"ban-so-hoa-{copy.result_code}.pdf",
    )
