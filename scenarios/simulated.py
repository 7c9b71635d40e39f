"""The scenario's simulated side, run by the sandbox tick: dossiers arrive, injects fire,
citizens answer supplement requests and agencies answer transfers as the file says.

Registered with fake_portal.simulation.handles() from AppConfig.ready(); each handler runs
in the tick's transaction for its job.
"""

import random
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from fake_portal import actions as portal
from fake_portal import simulation
from fake_portal.applicants import applicant_from_papers
from fake_portal.catalogue import load_catalogue
from fake_portal.declarations import simulated_request
from fake_portal.documents import render_scan
from fake_portal.models import ScheduledAction, Stage, Status
from fake_portal.population.models import Citizen
from fake_portal.request_content import DATE_FIELDS
from scenarios import actions
from scenarios.models import Attempt, AttemptDossier
from scenarios.planning import CHANNELS, inject_message, salt_of
from scenarios.spec.spans import parse_span, whole_days


def _attempt(job) -> Attempt | None:
    return (
        Attempt.objects.select_related("version__scenario", "sandbox")
        .filter(pk=job.data.get("attempt"), status=Attempt.Status.RUNNING)
        .first()
    )


def _dossier_spec(attempt, key) -> dict:
    return next(d for d in attempt.version.spec["dossiers"] if d["id"] == key)


# --- a dossier arrives -------------------------------------------------------------------


def _mismatch(applicant: dict, field: str) -> dict:
    """The e-form as a careless citizen typed it: one field differs from the database."""
    changed = dict(applicant)
    if field == "birth_date" and applicant.get("birth_date"):
        day, month, year = applicant["birth_date"].split("/")
        swapped = (
            f"{month}/{day}/{year}"
            if int(day) <= 12 and day != month
            else f"{int(day) % 28 + 1:02d}/{month}/{year}"
        )
        changed["birth_date"] = swapped
    elif field == "full_name":
        changed["full_name"] = (
            applicant["full_name"].replace("Thị ", "").replace("Văn ", "")
            if (" Thị " in applicant["full_name"] or " Văn " in applicant["full_name"])
            else applicant["full_name"] + "h"
        )
    elif field == "id_number":
        number = applicant["id_number"]
        changed["id_number"] = (
            number[:-2] + number[-1] + number[-2]
            if number[-1] != number[-2]
            else number[:-1] + str((int(number[-1]) + 1) % 10)
        )
    elif field == "address":
        changed["address"] = _(
            "%(address)s (địa chỉ theo địa giới cũ, trước 1/7/2025)"
        ) % {"address": applicant.get("address", "")}
    elif field == "sex":
        changed["sex"] = "Nam" if applicant.get("sex") == "Nữ" else "Nữ"
    return changed


def _declared(request: dict, today) -> dict:
    """The file's request as filed on `today`: "20 ngày" in a date item is a date."""
    declared = dict(request)
    for key in DATE_FIELDS & declared.keys():
        days = whole_days(declared[key])
        if days is not None:
            declared[key] = (today - timedelta(days=days)).isoformat()
    return declared


def _request(attempt, dossier_spec, procedure, citizen) -> dict:
    """What the citizen declares: a simulated request, as the practice stream's citizens
    file (a birth or a death dated from the day the dossier arrives), with each item the
    scenario file declares in its place. Seeded by the scenario version and the dossier,
    so every attempt of one version meets the same request."""
    seed = f"scenario-request:{salt_of(attempt.version)}:{dossier_spec['id']}"
    today = timezone.localdate(attempt.sandbox.now())
    simulated = simulated_request(procedure, citizen, random.Random(seed), today)
    return {**simulated, **_declared(dossier_spec.get("request", {}), today)}


def _form_data(attempt, dossier_spec, procedure, citizen) -> dict:
    applicant = applicant_from_papers(citizen)
    for defect in dossier_spec.get("defects", []):
        if isinstance(defect, dict) and "data_mismatch" in defect:
            applicant = _mismatch(applicant, defect["data_mismatch"])
    return {
        "applicant": applicant,
        "request": _request(attempt, dossier_spec, procedure, citizen),
    }


def _missing(dossier_spec) -> set:
    return {
        d["missing_document"]
        for d in dossier_spec.get("defects", [])
        if isinstance(d, dict) and "missing_document" in d
    }


def _scan(key, name, rows, note=""):
    pdf = render_scan(name, rows, note)
    return (key, name, SimpleUploadedFile(f"{key}.pdf", pdf, "application/pdf"))


def _documents(procedure, applicant: dict, dossier_spec, citizen) -> list:
    rows = [
        (_("Họ và tên"), applicant["full_name"]),
        (_("Số định danh cá nhân"), applicant["id_number"]),
        (_("Ngày sinh"), applicant["birth_date"]),
    ]
    missing = _missing(dossier_spec)
    files = [
        _scan(doc.key, doc.name_vi, rows)
        for doc in procedure.required_documents
        if doc.required
        and not doc.data_in_national_database
        and doc.kind != "shown_only"
        and doc.key not in missing
    ]
    if "expired_card" in dossier_spec.get("defects", []) and citizen.card_expiry_date:
        expiry = citizen.card_expiry_date.strftime("%d/%m/%Y")
        files.append(
            _scan(
                "the_can_cuoc",
                _("Thẻ căn cước (bản chụp)"),
                rows + [(_("Có giá trị đến"), expiry)],
                _("Bản chụp công dân gửi kèm"),
            )
        )
    return files


def arrive(job) -> None:
    """A scenario dossier is filed by its simulated citizen, with its defects."""
    attempt = _attempt(job)
    if (
        attempt is None
        or AttemptDossier.objects.filter(attempt=attempt, key=job.data["key"]).exists()
    ):
        return
    spec = _dossier_spec(attempt, job.data["key"])
    citizen = Citizen.objects.select_related("permanent_commune__province").get(
        pk=job.data["applicant"]
    )
    procedure = load_catalogue().get(spec["procedure"])
    form_data = _form_data(attempt, spec, procedure, citizen)
    dossier = portal.file_dossier(
        sandbox=attempt.sandbox,
        procedure_code=procedure.code,
        applicant=citizen,
        channel=CHANNELS[spec.get("channel", "online")],
        form_data=form_data,
        documents=_documents(procedure, form_data["applicant"], spec, citizen),
        actor_name=form_data["applicant"]["full_name"] + simulation.CITIZEN_SUFFIX,
    )
    AttemptDossier.objects.create(attempt=attempt, key=spec["id"], dossier=dossier)
    actions._record(
        attempt.sandbox, "scenario.dossier_arrived", key=spec["id"], code=dossier.code
    )


# --- injects -----------------------------------------------------------------------------


def _holders(sandbox, position):
    from fake_portal.models import Seat

    if position in (None, "all"):
        return [None]
    users = (
        Seat.objects.for_sandbox(sandbox)
        .filter(position=position)
        .select_related("user")
    )
    return [seat.user for seat in users] or [None]


def _token_fault(sandbox, params, *, clear=False):
    from fake_portal.signatures import actions as signatures

    kind = params.get("fault", "token_missing")
    for user in _holders(sandbox, params.get("position", "leader")):
        if clear:
            signatures.clear_fault(sandbox, user, kind, actor=None)
        else:
            signatures.inject_fault(sandbox, user, kind, actor=None)


def fire(job) -> None:
    """An inject fires: a signature fault, or a notice the trainee must react to."""
    attempt = _attempt(job)
    if attempt is None:
        return
    inject = attempt.version.spec.get("injects", [])[job.data["index"]]
    params = inject.get("params", {})
    if inject["kind"] == "token_failure":
        _token_fault(attempt.sandbox, params)
    elif inject["kind"] == "clear_token_failure":
        _token_fault(attempt.sandbox, params, clear=True)
    actions._record(
        attempt.sandbox,
        "scenario.inject_fired",
        kind=inject["kind"],
        params=params,
        message=inject_message(inject),
        index=job.data["index"],
    )


# --- citizens and agencies, on the scenario's terms ---------------------------------------


def _last(dossier, action):
    return dossier.events.filter(action=action).order_by("-sim_time", "-pk").first()


def _answer_supplement(link, spec, now) -> None:
    dossier = link.dossier
    policy = spec.get("citizen", {}).get("answers_supplement_after", "4h")
    if policy == "never" or dossier.status != Status.SUPPLEMENT_REQUESTED:
        return
    request = _last(dossier, "dossier.supplement_requested")
    if now < parse_span(policy).offset(request.sim_time):
        return
    documents = [
        _scan(
            item.get("key") or f"bo_sung_{i + 1}",
            item["name"],
            [
                (
                    _("Họ và tên"),
                    dossier.form_data.get("applicant", {}).get("full_name", ""),
                )
            ],
            _("Giấy tờ bổ sung"),
        )
        for i, item in enumerate(request.data.get("items", []))
    ]
    portal.supply_supplement(
        dossier,
        documents=documents,
        actor_name=dossier.applicant.full_name + simulation.CITIZEN_SUFFIX,
        note=simulation.SUPPLEMENT_NOTE,
    )


def _answer_transfer(link, reply_after, now) -> None:
    dossier = link.dossier
    if dossier.status != Status.PROCESSING or dossier.stage != Stage.TRANSFERRED:
        return
    transfer = _last(dossier, "dossier.transferred")
    if now < parse_span(reply_after).offset(transfer.sim_time):
        return
    job = ScheduledAction(
        sandbox=dossier.sandbox,
        dossier=dossier,
        kind=ScheduledAction.Kind.AGENCY_RETURN,
        run_at=now,
        data={
            "agency": transfer.data.get("agency", ""),
            "agency_name": transfer.data.get("agency_name", ""),
            "forwarded_to_competent_unit": transfer.data.get("forwarded", False),
        },
    )
    PORTAL_HANDLERS[ScheduledAction.Kind.AGENCY_RETURN](job)


def pulse(job) -> None:
    """Every few simulated minutes: citizens answer, agencies reply, time runs out."""
    attempt = _attempt(job)
    if attempt is None:
        return
    sandbox = attempt.sandbox
    now = sandbox.now()
    if now >= attempt.ends_at:
        actions.finish_attempt(attempt, actor=None, timed_out=True)
        return
    specs = {d["id"]: d for d in attempt.version.spec["dossiers"]}
    reply_after = attempt.version.spec.get("agencies", {}).get("reply_after", "4h")
    for link in AttemptDossier.objects.filter(attempt=attempt).select_related(
        "dossier__sandbox"
    ):
        _answer_supplement(link, specs[link.key], now)
        _answer_transfer(link, reply_after, now)
    simulation.schedule(
        sandbox, actions.PULSE, now + actions.PULSE_EVERY, attempt=attempt.pk
    )


def time_out(job) -> None:
    attempt = _attempt(job)
    if attempt is not None:
        actions.finish_attempt(attempt, actor=None, timed_out=True)


# --- the portal's own simulated actors stand aside for scenario dossiers ------------------

PORTAL_HANDLERS = dict(simulation.HANDLERS)


def _is_scenario_dossier(job) -> bool:
    return (
        job.dossier_id is not None
        and AttemptDossier.objects.filter(dossier_id=job.dossier_id).exists()
    )


def _unless_scenario(kind):
    original = PORTAL_HANDLERS[kind]

    def handler(job):
        if _is_scenario_dossier(job):
            return  # the scenario file says when (and whether) this actor answers
        original(job)

    return handler


def register() -> None:
    """Hook the scenario's work into the sandbox tick (idempotent)."""
    simulation.handles(actions.ARRIVAL)(arrive)
    simulation.handles(actions.INJECT)(fire)
    simulation.handles(actions.PULSE)(pulse)
    simulation.handles(actions.TIMEOUT)(time_out)
    for kind in (
        ScheduledAction.Kind.CITIZEN_SUPPLEMENT,
        ScheduledAction.Kind.AGENCY_RETURN,
    ):
        simulation.handles(kind)(_unless_scenario(kind))
