"""The one-stop-shop back office: inboxes, the dossier page, workflow actions, forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fake_portal import documents, inboxes, simulation
from fake_portal.actions import open_practice_sandbox
from fake_portal.actions._core import positions_of
from fake_portal.applicants import compare_with_database
from fake_portal.dispatch import (
    complete_remote_approval,
    pending_remote_request,
    perform,
)
from fake_portal.errors import WorkflowError
from fake_portal.forms import ACTION_FORMS
from fake_portal.models import Dossier, DossierDocument, Seat
from fake_portal.models.dossiers import RUNNING
from fake_portal.request_content import request_rows
from fake_portal.views.common import sandbox_for, user_sandboxes
from fake_portal.workflow import TRANSITIONS, available_actions
from sandbox.models import World
from sandbox.queries import CompiledQuery

back_office = [
    login_required,
    permission_required("sandbox.use_back_office", raise_exception=True),
]


def _decorate(view):
    for decorator in reversed(back_office):
        view = decorator(view)
    return view


@_decorate
def home(request):
    sandboxes = (
        user_sandboxes(request.user)
        .select_related("commune")
        .order_by("-created_at")[:20]
    )
    return render(request, "fake_portal/home.html", {"sandboxes": sandboxes})


def _practice_world(profile):
    return (
        World.objects.filter(province=profile.province, status=World.Status.READY)
        .order_by("-generated_at", "-pk")
        .first()
    )


@_decorate
@require_POST
def start_practice(request):
    profile = getattr(request.user, "profile", None)
    if profile is None or profile.commune_id is None:
        messages.error(
            request, _("Chỉ cán bộ cấp xã mới mở được sa bàn thực hành tự do.")
        )
        return redirect("portal:home")
    world = _practice_world(profile)
    if world is None:
        messages.error(
            request,
            _(
                "Tỉnh của bạn chưa có thế giới dữ liệu mô phỏng sẵn sàng. Xin liên hệ quản trị viên."
            ),
        )
        return redirect("portal:home")
    sandbox = open_practice_sandbox(user=request.user, world=world)
    simulation.start_practice_stream(sandbox)
    simulation.tick(sandbox)
    messages.success(
        request, _("Đã mở sa bàn thực hành. Hồ sơ của công dân mô phỏng đang đến.")
    )
    return redirect("portal:inbox", sandbox=sandbox.pk)


@_decorate
def inbox(request, sandbox):
    sandbox = sandbox_for(request, sandbox)
    now = sandbox.now()
    name = request.GET.get("hop", "tat-ca")
    if name not in inboxes.INBOXES:
        name = "tat-ca"
    dossiers = (
        Dossier.objects.for_sandbox(sandbox)
        .in_inbox(name, now)
        .only(
            "code",
            "procedure_code",
            "status",
            "stage",
            "channel",
            "filed_at",
            "due_at",
            "form_data",
            "sandbox_id",
        )
    )
    page = Paginator(dossiers.order_by("-filed_at", "-pk"), 25).get_page(
        request.GET.get("trang")
    )
    counts = (
        {
            box.name: box.filter(Dossier.objects.for_sandbox(sandbox), now).count()
            for box in inboxes.INBOX_LIST
        }
        if request.GET.get("dem") != "0"
        else {}
    )
    return render(
        request,
        "fake_portal/inbox.html",
        {
            "sandbox": sandbox,
            "now": now,
            "page": page,
            "current": name,
            "inboxes": inboxes.INBOX_LIST,
            "counts": counts,
            "running_statuses": sorted(RUNNING),
        },
    )


# The sandbox's specialists with their profiles (the assign form's choices).
SPECIALIST_SEATS = CompiledQuery(
    lambda sandbox: Seat.objects.filter(
        sandbox_id=sandbox, position="specialist"
    ).select_related("user__profile"),
    sandbox=int,
)


def _specialists(sandbox):
    return [seat.user for seat in SPECIALIST_SEATS.all(sandbox=sandbox.pk)]


def _form_for(action, dossier, data=None):
    form_class = ACTION_FORMS[action]
    kwargs = {"dossier": dossier}
    if action == "assign":
        kwargs["specialists"] = _specialists(dossier.sandbox)
    initial = {"version": dossier.version}
    return form_class(data, initial=initial, prefix=action, **kwargs)


def _dossier_query(*related):
    def build(sandbox, code):
        dossiers = Dossier.objects.filter(sandbox_id=sandbox, code=code).order_by()
        # select_related() without names would follow every foreign key.
        return dossiers.select_related(*related) if related else dossiers

    return CompiledQuery(build, sandbox=int, code=str)


# A sandbox's dossier by its code, compiled once (sandbox/queries.py): as actions read it,
# and with what the dossier page shows beside it.
DOSSIER = _dossier_query()
DOSSIER_PAGE = _dossier_query(
    "applicant__permanent_commune__province",
    "receiving_commune",
    "competent_commune",
    "assignee__profile",
)


def _dossier(sandbox, code, query=DOSSIER):
    """The sandbox's dossier `code`, holding the sandbox already read (no second query)."""
    dossier = query.first(sandbox=sandbox.pk, code=code)
    if dossier is None:
        raise Http404
    dossier.sandbox = sandbox
    return dossier


@_decorate
def dossier_detail(request, sandbox, code, forms=None):
    sandbox = sandbox_for(request, sandbox)
    dossier = _dossier(sandbox, code, DOSSIER_PAGE)
    positions = positions_of(request.user, sandbox)
    available = available_actions(dossier.status, dossier.stage, positions)
    action_forms = [
        (a, TRANSITIONS[a].label, (forms or {}).get(a) or _form_for(a, dossier))
        for a in available
        if a in ACTION_FORMS
    ]
    check = None
    if request.GET.get("doi-chieu") == "1":
        check = _check_population(request, dossier)
    return render(
        request,
        "fake_portal/dossier.html",
        {
            "sandbox": sandbox,
            "dossier": dossier,
            "now": sandbox.now(),
            "procedure": dossier.procedure,
            "applicant": dossier.form_data.get("applicant", {}),
            "request_rows": request_rows(dossier.form_data.get("request") or {}),
            "check": check,
            "documents": dossier.documents.all(),
            "events": dossier.events.select_related("actor__profile"),
            "action_forms": action_forms,
            "available_forms": documents.available_forms(dossier),
            "form_titles": documents.FORM_TITLES,
            "overdue": dossier.is_overdue(sandbox.now()),
            "remote_pending": "approve" in available
            and pending_remote_request(dossier, request.user) is not None,
        },
    )


def _check_population(request, dossier):
    from fake_portal.population.actions import record_lookup

    record_lookup(
        actor=request.user,
        query={
            "id_number": dossier.form_data.get("applicant", {}).get("id_number", "")
        },
        sandbox=dossier.sandbox,
        dossier_code=dossier.code,
        citizen=dossier.applicant,
        results=1,
    )
    return compare_with_database(
        dossier.form_data.get("applicant", {}), dossier.applicant
    )


@_decorate
@require_POST
def act(request, sandbox, code, action):
    sandbox = sandbox_for(request, sandbox, related=())
    if action not in ACTION_FORMS:
        raise Http404
    dossier = _dossier(sandbox, code)
    form = _form_for(action, dossier, request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Thông tin nhập chưa hợp lệ; xin xem các ô được đánh dấu.")
        )
        return dossier_detail(request, sandbox.pk, code, forms={action: form})
    try:
        notice = perform(action, dossier, form, actor=request.user)
    except WorkflowError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, notice)
    return redirect("portal:dossier", sandbox=sandbox.pk, code=code)


@_decorate
def form_pdf(request, sandbox, code, number):
    sandbox = sandbox_for(request, sandbox)
    dossier = _dossier(sandbox, code)
    try:
        pdf = documents.render_form(dossier, number)
    except LookupError:
        raise Http404 from None
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="mau-{number}-{dossier.code}.pdf"'
    )
    return response


@_decorate
def document_file(request, sandbox, pk):
    sandbox = sandbox_for(request, sandbox)
    document = get_object_or_404(
        DossierDocument.objects.filter(dossier__sandbox=sandbox), pk=pk
    )
    return FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        filename=document.file.name.rsplit("/", 1)[-1],
    )


@_decorate
@require_POST
def complete_remote(request, sandbox, code):
    sandbox = sandbox_for(request, sandbox)
    dossier = _dossier(sandbox, code)
    try:
        notice = complete_remote_approval(
            dossier, actor=request.user, version=request.POST.get("version")
        )
    except WorkflowError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, notice)
    return redirect("portal:dossier", sandbox=sandbox.pk, code=code)


CLOCK_ACTIONS = {"pause", "resume", "faster", "slower", "next-day", "close"}


@_decorate
@require_POST
def clock(request, sandbox):
    """The owner of a practice sandbox steers its clock (drills are steered by coordinators)."""
    from datetime import timedelta

    from sandbox import actions as core

    sandbox = sandbox_for(request, sandbox)
    action = request.POST.get("clock")
    if (
        sandbox.owner_id != request.user.pk
        or sandbox.kind != sandbox.Kind.PRACTICE
        or action not in CLOCK_ACTIONS
    ):
        raise PermissionDenied(
            _("Chỉ người mở sa bàn thực hành mới điều khiển được đồng hồ của nó.")
        )
    if action == "pause":
        core.pause_clock(sandbox, actor=request.user)
    elif action == "resume":
        core.resume_clock(sandbox, actor=request.user)
    elif action in {"faster", "slower"}:
        speed = sandbox.speed * 2 if action == "faster" else sandbox.speed / 2
        core.set_clock_speed(sandbox, min(max(speed, 1), 3600), actor=request.user)
    elif action == "next-day":
        core.advance_clock(sandbox, timedelta(days=1), actor=request.user)
    else:
        core.close_sandbox(sandbox, actor=request.user)
        messages.success(request, _("Đã đóng sa bàn."))
        return redirect("portal:home")
    return redirect("portal:inbox", sandbox=sandbox.pk)
