"""Walk-in citizens: arrival with a ticket, call, identification, the e-dossier, the end."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from fake_portal import actions as portal
from fake_portal.actions._core import record
from fake_portal.applicants import applicant_from_database
from fake_portal.catalogue import load_catalogue
from fake_portal.counter.actions._common import (
    local_day,
    log,
    officer_name,
    require_open,
    require_receiving_officer,
)
from fake_portal.counter.actions.bundles import create_papers, plan_for
from fake_portal.counter.models import Paper, WalkIn
from fake_portal.counter.papers.bundle import DEFECTS, corrected_paper
from fake_portal.counter.papers.facts import person_facts
from fake_portal.errors import InvalidInput
from fake_portal.models import Channel
from fake_portal.population.actions import record_lookup
from sandbox.models import Sandbox


def _procedure(code: str):
    try:
        return load_catalogue().get(code)
    except KeyError:
        raise InvalidInput(
            _("Không có thủ tục mã %(code)s trong danh mục.") % {"code": code}
        ) from None


def _check_defects(defects) -> list[str]:
    unknown = [d for d in defects if d not in DEFECTS]
    if unknown:
        raise InvalidInput(
            _("Lỗi giấy tờ không được hỗ trợ: %(names)s.")
            % {"names": ", ".join(unknown)}
        )
    return list(defects)


def _next_ticket(sandbox: Sandbox, day) -> int:
    taken = WalkIn.objects.filter(sandbox=sandbox, day=day).aggregate(m=Max("ticket"))
    return (taken["m"] or 0) + 1


@transaction.atomic
def arrive_walk_in(
    sandbox: Sandbox,
    *,
    citizen,
    procedure_code: str,
    defects=(),
    seed=None,
    include_optional: bool | None = None,
    actor=None,
) -> WalkIn:
    """A citizen takes a ticket and waits, with the papers the world gives them."""
    procedure = _procedure(procedure_code)
    defects = _check_defects(defects)
    if citizen.world_id != sandbox.world_id:
        raise InvalidInput(_("Công dân không thuộc thế giới dữ liệu của sa bàn này."))
    # Lock the sandbox so that two arrivals never draw the same ticket number.
    sandbox = Sandbox.objects.select_for_update().get(pk=sandbox.pk)
    require_open(sandbox)
    now = sandbox.now()
    day = local_day(now)
    seed = str(seed if seed is not None else f"{sandbox.pk}:{now.timestamp()}")
    walk_in = WalkIn.objects.create(
        sandbox=sandbox,
        citizen=citizen,
        day=day,
        ticket=_next_ticket(sandbox, day),
        procedure_code=procedure.code,
        defects=defects,
        seed=seed,
        arrived_at=now,
    )
    specs, other = plan_for(
        citizen,
        procedure,
        today=day,
        seed=seed,
        defects=defects,
        include_optional=include_optional,
    )
    create_papers(sandbox, specs, owner=citizen, other=other, walk_in=walk_in)
    log(
        sandbox,
        "counter.walk_in_arrived",
        actor=actor,
        walk_in=walk_in.pk,
        ticket=walk_in.ticket,
        citizen=citizen.pk,
        procedure=procedure.code,
        defects=defects,
        purpose=walk_in.purpose,
    )
    return walk_in


@transaction.atomic
def return_for_supplement(dossier, *, items, seed=None) -> WalkIn:
    """The citizen comes back to the counter with the papers the supplement request listed."""
    sandbox = Sandbox.objects.select_for_update().get(pk=dossier.sandbox_id)
    now = sandbox.now()
    day = local_day(now)
    citizen = dossier.applicant
    first = WalkIn.objects.filter(dossier=dossier).order_by("pk").first()
    seed = str(seed or (first.seed if first else dossier.code))
    walk_in = WalkIn.objects.create(
        sandbox=sandbox,
        citizen=citizen,
        day=day,
        ticket=_next_ticket(sandbox, day),
        purpose=WalkIn.Purpose.SUPPLEMENT,
        procedure_code=dossier.procedure_code,
        seed=seed,
        arrived_at=now,
        dossier=dossier,
        identified=dossier.applicant,
    )
    create_papers(
        sandbox,
        _supplement_specs(dossier, items, seed, day),
        owner=citizen,
        walk_in=walk_in,
        dossier=dossier,
    )
    log(
        sandbox,
        "counter.walk_in_arrived",
        walk_in=walk_in.pk,
        ticket=walk_in.ticket,
        citizen=citizen.pk,
        procedure=dossier.procedure_code,
        purpose=walk_in.purpose,
        dossier=dossier.code,
    )
    return walk_in


def _supplement_specs(dossier, items, seed, day):
    """Corrected papers for requested components; a plain paper for anything else."""
    from fake_portal.counter.papers.bundle import PaperSpec

    facts = person_facts(dossier.applicant)
    facts.birth_date = (
        dossier.applicant.birth_date
    )  # put right with the database's date
    specs, _other = plan_for(
        dossier.applicant,
        dossier.procedure,
        today=day,
        seed=seed,
        include_optional=True,
        facts=facts,
    )
    by_key = {s.key: s for s in specs if s.key}
    result = []
    for item in items:
        spec = by_key.get(item.get("key") or "")
        if spec is not None:
            result.append(corrected_paper(spec))
        else:
            result.append(
                PaperSpec(
                    kind="other",
                    key=item.get("key") or "",
                    title=_("Giấy tờ bổ sung: %(name)s") % {"name": item["name"]},
                    fields=[("full_name", facts.full_name), ("content", item["name"])],
                    issued_on=day,
                )
            )
    return result


def _locked(walk_in: WalkIn) -> WalkIn:
    return (
        WalkIn.objects.select_for_update(of=("self",))
        .select_related("sandbox")
        .get(pk=walk_in.pk)
    )


@transaction.atomic
def call_next(sandbox: Sandbox, *, actor) -> WalkIn | None:
    """Call the next ticket in the queue to the officer's counter (None: nobody waits)."""
    require_receiving_officer(actor, sandbox)
    walk_in = (
        WalkIn.objects.for_sandbox(sandbox)
        .waiting()
        .select_for_update(skip_locked=True)
        .first()
    )
    if walk_in is None:
        return None
    return _start_serving(walk_in, actor)


@transaction.atomic
def call_walk_in(walk_in: WalkIn, *, actor) -> WalkIn:
    """Call a given ticket (a second click on the same ticket changes nothing)."""
    require_receiving_officer(actor, walk_in.sandbox)
    locked = _locked(walk_in)
    if locked.status == WalkIn.Status.SERVING:
        return locked
    if locked.status != WalkIn.Status.WAITING:
        raise InvalidInput(_("Lượt này đã được phục vụ xong."))
    return _start_serving(locked, actor)


def _start_serving(walk_in: WalkIn, actor) -> WalkIn:
    now = walk_in.sandbox.now()
    walk_in.status = WalkIn.Status.SERVING
    walk_in.called_at, walk_in.served_by = now, actor
    walk_in.save(update_fields=["status", "called_at", "served_by"])
    log(
        walk_in.sandbox,
        "counter.ticket_called",
        actor=actor,
        walk_in=walk_in.pk,
        ticket=walk_in.ticket,
        waited_minutes=round((now - walk_in.arrived_at).total_seconds() / 60, 1),
    )
    return walk_in


def _serving(walk_in: WalkIn, actor) -> WalkIn:
    require_receiving_officer(actor, walk_in.sandbox)
    locked = _locked(walk_in)
    if locked.status != WalkIn.Status.SERVING:
        raise InvalidInput(_("Hãy gọi số của công dân trước khi làm việc với hồ sơ."))
    return locked


def search_population(sandbox: Sandbox, *, actor, walk_in=None, **query):
    """Look citizens up as the population database allows; every look-up is audited."""
    from fake_portal.population.models import Citizen

    found = list(
        Citizen.objects.for_world(sandbox.world)
        .search(**query)
        .select_related("permanent_commune__province")[:20]
    )
    record_lookup(
        actor=actor,
        query={**query, "walk_in": walk_in.pk if walk_in else None},
        sandbox=sandbox,
        dossier_code=walk_in.dossier.code if walk_in and walk_in.dossier_id else "",
        results=len(found),
    )
    return found


@transaction.atomic
def identify_citizen(walk_in: WalkIn, *, citizen, actor, method: str) -> WalkIn:
    """The officer settles on a population record for the person at the counter."""
    locked = _serving(walk_in, actor)
    if citizen.world_id != locked.sandbox.world_id:
        raise InvalidInput(_("Công dân không thuộc thế giới dữ liệu của sa bàn này."))
    if locked.dossier_id:
        raise InvalidInput(_("Hồ sơ đã được tạo; không đổi người nộp được nữa."))
    locked.identified = citizen
    locked.save(update_fields=["identified"])
    record_lookup(
        actor=actor,
        query={"id_number": citizen.id_number, "walk_in": locked.pk},
        sandbox=locked.sandbox,
        citizen=citizen,
        results=1,
    )
    log(
        locked.sandbox,
        "counter.citizen_identified",
        actor=actor,
        walk_in=locked.pk,
        ticket=locked.ticket,
        citizen=citizen.pk,
        correct=citizen.pk == locked.citizen_id,
        method=method,
    )
    return locked


@transaction.atomic
def open_dossier(
    walk_in: WalkIn, *, actor, procedure_code: str, phone: str, request: dict
):
    """Fill the e-form on the citizen's behalf, pre-filled from the database; file it."""
    locked = _serving(walk_in, actor)
    if locked.dossier_id:
        return locked.dossier  # a double submit: the dossier exists already
    if locked.identified_id is None:
        raise InvalidInput(
            _("Hãy tra cứu và xác định công dân trong CSDL dân cư trước khi tạo hồ sơ.")
        )
    procedure = _procedure(procedure_code)
    applicant = applicant_from_database(locked.identified)
    applicant["phone"] = phone or applicant.get("phone", "")
    dossier = portal.file_dossier(
        sandbox=locked.sandbox,
        procedure_code=procedure.code,
        applicant=locked.identified,
        channel=Channel.IN_PERSON,
        form_data={"applicant": applicant, "request": request},
        receiving_commune=locked.sandbox.commune,
        actor=actor,
        actor_name=officer_name(actor),
    )
    locked.dossier = dossier
    locked.save(update_fields=["dossier"])
    Paper.objects.filter(walk_in=locked).update(dossier=dossier)
    record(
        dossier,
        "counter.dossier_opened",
        actor=actor,
        data={
            "walk_in": locked.pk,
            "ticket": locked.ticket,
            "identified_correctly": locked.identified_id == locked.citizen_id,
            "prefilled_from_database": True,
        },
    )
    return dossier


@transaction.atomic
def assist_online_filing(walk_in: WalkIn, *, actor) -> WalkIn:
    """The officer helps the citizen file on the mock national portal themselves."""
    locked = _serving(walk_in, actor)
    if not locked.assisted_online:
        locked.assisted_online = True
        locked.save(update_fields=["assisted_online"])
        log(
            locked.sandbox,
            "counter.online_filing_assisted",
            actor=actor,
            walk_in=locked.pk,
            ticket=locked.ticket,
            citizen=locked.citizen_id,
            procedure=locked.procedure_code,
        )
    return locked


@transaction.atomic
def finish_walk_in(walk_in: WalkIn, *, actor) -> WalkIn:
    """The citizen leaves: unmarked papers go home with them; mistakes left are recorded."""
    from fake_portal.counter.actions.decisions import (
        check_papers,
        flag_unsigned_receipt,
    )

    locked = _serving(walk_in, actor)
    now = locked.sandbox.now()
    if locked.dossier_id:
        check_papers(locked.dossier, actor=actor)
        flag_unsigned_receipt(locked.dossier, actor=actor)
    Paper.objects.filter(walk_in=locked, status=Paper.Status.BROUGHT).update(
        status=Paper.Status.RETURNED, marked_at=now
    )
    locked.status, locked.finished_at = WalkIn.Status.SERVED, now
    locked.save(update_fields=["status", "finished_at"])
    log(
        locked.sandbox,
        "counter.walk_in_served",
        actor=actor,
        walk_in=locked.pk,
        ticket=locked.ticket,
        dossier=locked.dossier.code if locked.dossier_id else "",
        assisted_online=locked.assisted_online,
        minutes=round((now - (locked.called_at or now)).total_seconds() / 60, 1),
    )
    return locked
