"""The queue and one walk-in: call the ticket, find the citizen, fill the e-form for them."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fake_portal.counter import actions, simulation
from fake_portal.counter.actions._common import local_day, require_receiving_officer
from fake_portal.counter.forms import CounterFilingForm, LookupForm
from fake_portal.counter.models import PostalItem, WalkIn
from fake_portal.counter.views.common import (
    attempt,
    cash_panel,
    counter_view,
    page,
    sandbox_for,
)
from fake_portal.population.models import Citizen
from sandbox.params import row_id


@counter_view
def queue(request, sandbox):
    sandbox = sandbox_for(request, sandbox)
    walk_ins = WalkIn.objects.for_sandbox(sandbox).select_related("citizen", "dossier")
    today = local_day(sandbox.now())
    return page(
        request,
        "counter/queue.html",
        sandbox,
        section="queue",
        waiting=walk_ins.waiting(),
        serving=walk_ins.serving(),
        served=walk_ins.filter(status=WalkIn.Status.SERVED, day=today).order_by(
            "-finished_at"
        )[:20],
        postal_waiting=PostalItem.objects.for_sandbox(sandbox)
        .filter(status=PostalItem.Status.ARRIVED)
        .count(),
    )


@counter_view
@require_POST
def call_next(request, sandbox):
    sandbox = sandbox_for(request, sandbox)
    walk_in = None

    def call():
        nonlocal walk_in
        walk_in = actions.call_next(sandbox, actor=request.user)

    if not attempt(request, call, None):
        return redirect("counter:queue", sandbox=sandbox.pk)
    if walk_in is None:
        messages.info(request, _("Không còn công dân nào đang chờ."))
        return redirect("counter:queue", sandbox=sandbox.pk)
    messages.success(request, _("Đã gọi số tiếp theo."))
    return redirect("counter:walk-in", sandbox=sandbox.pk, pk=walk_in.pk)


@counter_view
@require_POST
def invite(request, sandbox):
    """Free practice: citizens start coming to the counter (and the postman with them)."""
    sandbox = sandbox_for(request, sandbox)
    planned = 0

    def plan():
        nonlocal planned
        require_receiving_officer(request.user, sandbox)
        planned = simulation.start_counter_stream(sandbox)

    if attempt(request, plan, _("Công dân mô phỏng sẽ đến quầy theo giờ sa bàn.")):
        from fake_portal.simulation import tick

        tick(sandbox)
        messages.info(
            request,
            _("Đã mời %(count)s lượt công dân mô phỏng đến quầy theo giờ sa bàn.")
            % {"count": planned},
        )
    return redirect("counter:queue", sandbox=sandbox.pk)


def _walk_in(sandbox, pk):
    return get_object_or_404(
        WalkIn.objects.for_sandbox(sandbox).select_related(
            "citizen", "identified__permanent_commune__province", "dossier"
        ),
        pk=pk,
    )


@counter_view
def walk_in_detail(request, sandbox, pk, filing_form=None, cash_form=None):
    sandbox = sandbox_for(request, sandbox)
    walk_in = _walk_in(sandbox, pk)
    lookup = LookupForm(request.GET or None)
    found = None
    if request.GET and walk_in.status == WalkIn.Status.SERVING and lookup.is_valid():
        found = actions.search_population(
            sandbox, actor=request.user, walk_in=walk_in, **lookup.query()
        )
    return page(
        request,
        "counter/walk_in.html",
        sandbox,
        walk_in=walk_in,
        papers=walk_in.papers.select_related("digitised_copy"),
        lookup=lookup,
        found=found,
        method=lookup.method() if found is not None else "",
        filing=filing_form
        or CounterFilingForm(
            procedure_code=walk_in.procedure_code,
            today=local_day(sandbox.now()),
            initial={
                "procedure": walk_in.procedure_code,
                "phone": walk_in.identified.phone if walk_in.identified_id else "",
            },
        ),
        prefill=_prefill(walk_in),
        **(cash_panel(walk_in.dossier, cash_form) if walk_in.dossier_id else {}),
    )


def _prefill(walk_in):
    if walk_in.identified_id is None:
        return None
    from fake_portal.applicants import APPLICANT_FIELDS

    return [
        (label, read(walk_in.identified)) for _name, label, read in APPLICANT_FIELDS
    ]


@counter_view
@require_POST
def call(request, sandbox, pk):
    sandbox = sandbox_for(request, sandbox)
    walk_in = _walk_in(sandbox, pk)
    attempt(
        request,
        lambda: actions.call_walk_in(walk_in, actor=request.user),
        _("Đã gọi số %(ticket)s.") % {"ticket": walk_in.ticket_label},
    )
    return redirect("counter:walk-in", sandbox=sandbox.pk, pk=walk_in.pk)


def _posted_pk(request, name) -> int:
    """A primary key posted as ASCII digits (a bigint); Http404 for anything else."""
    if (pk := row_id(request.POST.get(name))) is None:
        raise Http404
    return pk


@counter_view
@require_POST
def identify(request, sandbox, pk):
    sandbox = sandbox_for(request, sandbox)
    walk_in = _walk_in(sandbox, pk)
    citizen = get_object_or_404(
        Citizen.objects.for_world(sandbox.world), pk=_posted_pk(request, "citizen")
    )
    attempt(
        request,
        lambda: actions.identify_citizen(
            walk_in,
            citizen=citizen,
            actor=request.user,
            method=request.POST.get("method", "")[:30],
        ),
        _("Đã xác định công dân %(name)s trong CSDL dân cư.")
        % {"name": citizen.full_name},
    )
    return redirect("counter:walk-in", sandbox=sandbox.pk, pk=walk_in.pk)


@counter_view
@require_POST
def open_dossier(request, sandbox, pk):
    sandbox = sandbox_for(request, sandbox)
    walk_in = _walk_in(sandbox, pk)
    form = CounterFilingForm(
        request.POST,
        procedure_code=walk_in.procedure_code,
        today=local_day(sandbox.now()),
    )
    if not form.is_valid():
        messages.error(
            request, _("Thông tin nhập chưa hợp lệ; xin xem các ô được đánh dấu.")
        )
        return walk_in_detail(request, sandbox.pk, pk, filing_form=form)
    dossier = None

    def file():
        nonlocal dossier
        dossier = actions.open_dossier(
            walk_in,
            actor=request.user,
            procedure_code=form.cleaned_data["procedure"],
            phone=form.cleaned_data["phone"],
            request=form.request_data(),
        )

    if attempt(request, file, _("Đã lập hồ sơ điện tử cho công dân.")):
        return redirect("counter:desk", sandbox=sandbox.pk, code=dossier.code)
    return redirect("counter:walk-in", sandbox=sandbox.pk, pk=walk_in.pk)


@counter_view
@require_POST
def assist_online(request, sandbox, pk):
    sandbox = sandbox_for(request, sandbox)
    walk_in = _walk_in(sandbox, pk)
    if not attempt(
        request,
        lambda: actions.assist_online_filing(walk_in, actor=request.user),
        _(
            "Hướng dẫn công dân tự đăng nhập và nộp hồ sơ trên Cổng dịch vụ công (mô phỏng)."
        ),
    ):
        return redirect("counter:walk-in", sandbox=sandbox.pk, pk=walk_in.pk)
    target = reverse(
        "citizen:file", kwargs={"sandbox": sandbox.pk, "code": walk_in.procedure_code}
    )
    return redirect(f"{reverse('citizen:sign-in', args=[sandbox.pk])}?next={target}")


@counter_view
@require_POST
def finish(request, sandbox, pk):
    sandbox = sandbox_for(request, sandbox)
    walk_in = _walk_in(sandbox, pk)
    if attempt(
        request,
        lambda: actions.finish_walk_in(walk_in, actor=request.user),
        _("Đã kết thúc phục vụ số %(ticket)s.") % {"ticket": walk_in.ticket_label},
    ):
        return redirect("counter:queue", sandbox=sandbox.pk)
    return redirect("counter:walk-in", sandbox=sandbox.pk, pk=walk_in.pk)
