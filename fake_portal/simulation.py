"""Simulated actors: citizens, agencies and the payment gateway, acting on the sandbox clock.

Nothing runs in the background for them: work is scheduled as ScheduledAction rows and done
by `tick(sandbox)`, which every sandbox page calls before it reads (through `tick_for_page`,
at most once a second per process) and a periodic task calls for drills. The database is
the truth, so a tick is safe to repeat and to run anywhere.
"""

import random
import threading
import time
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fake_portal import actions
from fake_portal.agencies import signed_agency_result
from fake_portal.applicants import applicant_from_papers
from fake_portal.catalogue import load_catalogue
from fake_portal.declarations import simulated_request
from fake_portal.documents import render_scan
from fake_portal.errors import WorkflowError
from fake_portal.models import Channel, Dossier, ScheduledAction, Status

# What simulated citizens write into the event log, the record, which keeps its
# Vietnamese whatever language the page that ran the tick was in: their name with this
# suffix, and the note sent with a supplement (a citizen's own words).
CITIZEN_SUFFIX = " (công dân mô phỏng)"
SUPPLEMENT_NOTE = "Tôi gửi bổ sung các giấy tờ theo phiếu yêu cầu."

# Commune procedures a free-practice stream draws from, with rough relative volumes.
PRACTICE_MIX = {
    "1.001193": 30,  # birth registration
    "2.000815": 25,  # certified copy from the original
    "2.000884": 8,  # signature certification
    "1.000894": 8,  # marriage registration
    "1.000656": 6,  # death registration
    "1.004873": 8,  # marital status confirmation
    "2.000635": 6,  # copy of a civil-status extract
    "1.001612": 4,  # business household registration
}
CITIZEN_SILENT_SHARE = 0.1  # some citizens never answer a supplement request


def _rng(sandbox, salt) -> random.Random:
    return random.Random(f"{sandbox.pk}:{salt}")


def schedule(sandbox, kind, run_at, *, dossier=None, **data) -> ScheduledAction:
    return ScheduledAction.objects.create(
        sandbox=sandbox, dossier=dossier, kind=kind, run_at=run_at, data=data
    )


def citizen_is_simulated(dossier: Dossier) -> bool:
    filed = dossier.events.filter(action="dossier.filed").first()
    return filed is not None and filed.actor_id is None


def after_supplement_requested(dossier: Dossier) -> None:
    """A simulated citizen answers after a delay, or (sometimes) never."""
    if not citizen_is_simulated(dossier):
        return
    rng = _rng(dossier.sandbox, f"supplement:{dossier.pk}:{dossier.supplement_count}")
    if rng.random() < CITIZEN_SILENT_SHARE:
        return
    delay = timedelta(hours=rng.uniform(2, 30))
    schedule(
        dossier.sandbox,
        ScheduledAction.Kind.CITIZEN_SUPPLEMENT,
        dossier.sandbox.now() + delay,
        dossier=dossier,
    )


def _supplement_documents(dossier, request_event):
    applicant = dossier.form_data.get("applicant", {})
    files = []
    for index, item in enumerate(request_event.data.get("items", [])):
        pdf = render_scan(
            item["name"],
            [(_("Họ và tên"), applicant.get("full_name", ""))],
            _("Giấy tờ bổ sung"),
        )
        files.append(
            (
                item.get("key") or f"bo_sung_{index + 1}",
                item["name"],
                SimpleUploadedFile(f"bo-sung-{index + 1}.pdf", pdf, "application/pdf"),
            )
        )
    return files


def _citizen_supplement(job):
    dossier = job.dossier
    if dossier.status != Status.SUPPLEMENT_REQUESTED:
        return
    request = (
        dossier.events.filter(action="dossier.supplement_requested")
        .order_by("-sim_time")
        .first()
    )
    actions.supply_supplement(
        dossier,
        documents=_supplement_documents(dossier, request),
        actor_name=dossier.applicant.full_name + CITIZEN_SUFFIX,
        note=SUPPLEMENT_NOTE,
    )


def _agency_return(job):
    dossier = job.dossier
    agency = job.data.get("agency", "")
    name = job.data.get("agency_name", agency)
    competent = (
        agency == dossier.competent_agency and dossier.procedure.level == "province"
    )
    result_ready = competent or job.data.get("forwarded_to_competent_unit", False)
    actions.return_transfer(
        dossier,
        agency_name=name + _(" (mô phỏng)"),
        opinion=_("Đã giải quyết xong phần việc được giao."),
        result_ready=result_ready,
        result_pdf=signed_agency_result(dossier, agency, name)
        if result_ready
        else None,
    )


def _payment_callback(job):
    dossier = job.dossier
    if job.data.get("outcome") == "success":
        actions.record_payment(
            dossier, amount=job.data["amount"], reference=job.data["reference"]
        )


def _new_dossier(job):
    generate_dossier(job.sandbox, seed=job.data.get("seed", job.pk))


HANDLERS = {
    ScheduledAction.Kind.CITIZEN_SUPPLEMENT: _citizen_supplement,
    ScheduledAction.Kind.AGENCY_RETURN: _agency_return,
    ScheduledAction.Kind.PAYMENT_CALLBACK: _payment_callback,
    ScheduledAction.Kind.NEW_DOSSIER: _new_dossier,
}


def handles(kind: str):
    """Register a handler for scheduled work of `kind` (scenario injects, for example).

    The handler receives the ScheduledAction and runs inside its own transaction; raising a
    WorkflowError marks the job skipped with the reason.
    """

    def register(fn):
        HANDLERS[kind] = fn
        return fn

    return register


# When each process last looked for a sandbox's due work, and on which clock:
# {sandbox id: (time.monotonic(), ClockState)}.
TICK_EVERY = 1.0  # seconds of wall time between two looks by pages of one process
_ticked: dict = {}
_ticked_lock = threading.Lock()
# How many times marks were forgotten (a tick that overlapped one sets none).
_forgotten = 0
# Due jobs one tick does at most.
TICK_LIMIT = 50


def tick_for_page(sandbox) -> int:
    """`tick(sandbox)` unless this process looked less than TICK_EVERY ago on the same clock.

    Looking costs a query on every page and every action, and nearly always finds nothing.
    Work scheduled through this process (ScheduledAction.objects.create / bulk_create) or
    a changed clock (the trainer moved, paused or sped it) makes the next page look at once;
    work scheduled by another process, or falling due as simulated time runs, is done at
    most TICK_EVERY later.
    """
    clock = sandbox.clock
    seen = _ticked.get(sandbox.pk)
    if (
        seen is not None
        and seen[1] == clock
        and time.monotonic() - seen[0] < TICK_EVERY
    ):
        return 0
    looked_at, forgotten = time.monotonic(), _forgotten
    done = tick(sandbox, limit=TICK_LIMIT)
    with _ticked_lock:
        # More may be due already if the limit was reached; and work scheduled while this
        # tick ran may not have been seen by it.
        if done < TICK_LIMIT and forgotten == _forgotten:
            _ticked[sandbox.pk] = (looked_at, clock)
    return done


def forget_ticks(sandbox_ids) -> None:
    """The next page of these sandboxes looks for due work (new work was scheduled)."""
    global _forgotten
    with _ticked_lock:
        _forgotten += 1
        for pk in sandbox_ids:
            _ticked.pop(pk, None)


def tick(sandbox, limit: int = TICK_LIMIT) -> int:
    """Do the simulated actors' work that is due on the sandbox clock; returns how many."""
    done = 0
    now = sandbox.now()
    for job_id in list(
        ScheduledAction.objects.due(sandbox, now).values_list("pk", flat=True)[:limit]
    ):
        with transaction.atomic():
            job = (
                ScheduledAction.objects.select_for_update(skip_locked=True)
                .filter(pk=job_id, done_at__isnull=True)
                .first()
            )
            if job is None:
                continue  # another process took it
            try:
                with transaction.atomic():
                    HANDLERS[job.kind](job)
            except WorkflowError as error:
                job.data = {**job.data, "skipped": str(error)}
            job.done_at = timezone.now()
            job.save(update_fields=["done_at", "data"])
            done += 1
    return done


def _pick_citizen(sandbox, rng):
    from fake_portal.population.models import Citizen

    residents = Citizen.objects.for_world(sandbox.world).filter(
        alive=True, birth_date__year__lte=2007
    )
    local = residents.filter(permanent_commune=sandbox.commune)
    pool = local if local.exists() else residents
    count = pool.count()
    if not count:
        return None
    return pool.order_by("pk")[rng.randrange(count)]


def generate_dossier(
    sandbox, *, seed, procedure_code=None, channel=None
) -> Dossier | None:
    """A simulated citizen of the world files a dossier at the sandbox's commune."""
    rng = _rng(sandbox, f"dossier:{seed}")
    applicant = _pick_citizen(sandbox, rng)
    if applicant is None:
        return None
    code = (
        procedure_code
        or rng.choices(list(PRACTICE_MIX), weights=PRACTICE_MIX.values())[0]
    )
    procedure = load_catalogue().get(code)
    papers = applicant_from_papers(applicant)
    documents = []
    for doc in procedure.required_documents:
        if (
            not doc.required
            or doc.data_in_national_database
            or doc.kind == "shown_only"
        ):
            continue
        if rng.random() < 0.12:
            continue  # a missing paper: a defect the officer must catch
        pdf = render_scan(
            doc.name_vi,
            [
                (_("Họ và tên"), papers["full_name"]),
                (_("Số định danh cá nhân"), papers["id_number"]),
                (_("Ngày sinh"), papers["birth_date"]),
            ],
        )
        documents.append(
            (
                doc.key,
                doc.name_vi,
                SimpleUploadedFile(f"{doc.key}.pdf", pdf, "application/pdf"),
            )
        )
    return actions.file_dossier(
        sandbox=sandbox,
        procedure_code=code,
        applicant=applicant,
        channel=channel
        or rng.choice([Channel.ONLINE, Channel.ONLINE, Channel.IN_PERSON]),
        form_data={
            "applicant": papers,
            "request": simulated_request(
                procedure, applicant, rng, timezone.localdate(sandbox.now())
            ),
        },
        documents=documents,
        actor_name=papers["full_name"] + CITIZEN_SUFFIX,
    )


def start_practice_stream(
    sandbox, *, first: int = 3, every: timedelta = timedelta(hours=1), count: int = 12
) -> None:
    """A steady stream of generated dossiers for free practice."""
    now = sandbox.now()
    for index in range(count):
        run_at = now if index < first else now + every * (index - first + 1)
        schedule(sandbox, ScheduledAction.Kind.NEW_DOSSIER, run_at, seed=index)
