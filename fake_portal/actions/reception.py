"""Reception: filing, receiving, refusing, asking for and receiving supplements."""

from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fake_portal.actions._core import current, in_vietnamese, lock, record, transition
from fake_portal.catalogue import Procedure, load_catalogue
from fake_portal.codes import commune_agency_code, dossier_code
from fake_portal.deadlines import add_working_hours, due_at
from fake_portal.errors import InvalidInput
from fake_portal.fees import assess_fee
from fake_portal.models import (
    Channel,
    Dossier,
    DossierDocument,
    Status,
)
from fake_portal.workflow import CITIZEN
from sandbox.models import Sandbox

# Sectors whose competent commune is the applicant's commune of residence; for the others
# (certification, for example) any commune that receives the dossier is competent.
RESIDENCE_BOUND_SECTORS = {"ho-tich", "cu-tru", "bao-tro-xa-hoi", "dat-dai", "xay-dung"}


def competent_commune_for(procedure: Procedure, applicant, receiving_commune):
    """The commune that must decide, or None when the competent agency is at province level."""
    if procedure.level != "commune":
        return None
    if procedure.sector in RESIDENCE_BOUND_SECTORS and applicant.permanent_commune_id:
        return applicant.permanent_commune
    return receiving_commune


def _next_code(sandbox: Sandbox, commune, now: datetime) -> str:
    agency = commune_agency_code(commune.code, commune.province_id)
    prefix = f"{agency}-{now:%y%m%d}-"
    taken = Dossier.objects.filter(sandbox=sandbox, code__startswith=prefix).count()
    return dossier_code(agency, now.date(), taken + 1)


def _attach(dossier, documents, kind):
    for key, name, upload in documents:
        data = upload.read()
        DossierDocument.objects.create(
            dossier=dossier,
            key=key,
            name=name,
            kind=kind,
            file=ContentFile(data, name=getattr(upload, "name", f"{key}.pdf")),
            content_type=getattr(upload, "content_type", "application/pdf"),
            size=len(data),
        )


@transaction.atomic
def file_dossier(
    *,
    sandbox: Sandbox,
    procedure_code: str,
    applicant,
    channel: int,
    form_data: dict,
    documents=(),
    receiving_commune=None,
    actor=None,
    actor_name: str = "",
) -> Dossier:
    """A dossier is filed (online, at the counter or by post): status 1, with its code."""
    procedure = load_catalogue().get(procedure_code)
    if applicant.world_id != sandbox.world_id:
        raise InvalidInput(_("Người nộp không thuộc thế giới dữ liệu của sa bàn này."))
    # Lock the sandbox row so that two filings in one day never take the same sequence number.
    sandbox = Sandbox.objects.select_for_update().get(pk=sandbox.pk)
    receiving = receiving_commune or sandbox.commune
    now = sandbox.now()
    competent = competent_commune_for(procedure, applicant, receiving)
    fee = assess_fee(procedure, form_data.get("request"), timezone.localdate(now))
    dossier = Dossier.objects.create(
        sandbox=sandbox,
        code=_next_code(sandbox, receiving, now),
        procedure_code=procedure.code,
        procedure_version=procedure.version,
        applicant=applicant,
        form_data=form_data,
        channel=channel,
        receiving_commune=receiving,
        competent_commune=competent,
        competent_agency=procedure.competent_agency,
        filed_at=now,
        fee_amount=fee.amount,
        acknowledge_by=add_working_hours(now, 8) if channel == Channel.ONLINE else None,
    )
    _attach(dossier, documents, DossierDocument.Kind.ATTACHMENT)
    record(
        dossier,
        "dossier.filed",
        actor=actor,
        actor_name=actor_name,
        data={
            "channel": channel,
            "procedure": procedure.code,
            "documents": [d[0] for d in documents],
            "fee": fee.amount,
            "fee_waiver": in_vietnamese(fee.waiver),  # the legal wording
        },
    )
    return dossier


def _appointment(procedure: Procedure, received: datetime, channel: int) -> datetime:
    timing = procedure.processing_time
    days = timing.working_days
    if channel == Channel.ONLINE and timing.online_working_days is not None:
        days = timing.online_working_days
    cutoff = time.fromisoformat(timing.cutoff) if timing.cutoff else None
    return due_at(received, days, same_day=timing.same_day, cutoff=cutoff)


@transaction.atomic
def receive_dossier(dossier: Dossier, *, actor, version: int | None = None) -> Dossier:
    """Receive a complete dossier: status 2, the appointment date is fixed (form 01)."""
    now = dossier.sandbox.now()
    appointment = _appointment(dossier.procedure, now, dossier.channel)
    return transition(
        dossier,
        "receive",
        actor=actor,
        version=version,
        received_at=now,
        due_at=appointment,
        data={
            "due_at": appointment,
            "late_acknowledgement": bool(
                dossier.acknowledge_by and now > dossier.acknowledge_by
            ),
        },
    )


def _require(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidInput(message)
    return text


@transaction.atomic
def refuse_dossier(
    dossier: Dossier, *, reasons: str, legal_basis: str, actor, version=None
) -> Dossier:
    """Refuse at reception with reasons and legal basis (form 03)."""
    reasons = _require(reasons, _("Phải ghi rõ lý do từ chối."))
    legal_basis = _require(legal_basis, _("Phải ghi căn cứ pháp lý của việc từ chối."))
    return transition(
        dossier,
        "refuse",
        actor=actor,
        version=version,
        closed_at=dossier.sandbox.now(),
        data={"reasons": reasons, "legal_basis": legal_basis},
    )


def _clean_items(items) -> list[dict]:
    cleaned = [
        {
            "key": i.get("key", ""),
            "name": (i.get("name") or "").strip(),
            "reason": (i.get("reason") or "").strip(),
        }
        for i in items
        if (i.get("name") or "").strip()
    ]
    if not cleaned:
        raise InvalidInput(
            _("Phải liệt kê ít nhất một giấy tờ cần bổ sung, hoàn thiện.")
        )
    return cleaned


@transaction.atomic
def request_supplement(
    dossier: Dossier, *, items, legal_basis: str, actor, version=None
) -> Dossier:
    """Ask the citizen, once and listing everything, to add or correct papers (form 02)."""
    items = _clean_items(items)
    legal_basis = _require(
        legal_basis, _("Phải ghi căn cứ pháp lý của yêu cầu bổ sung.")
    )
    locked = current(dossier, version)
    locked = transition(
        locked,
        "request_supplement",
        actor=actor,
        version=locked.version,
        supplement_count=locked.supplement_count + 1,
        data={
            "items": items,
            "legal_basis": legal_basis,
            "requested_from": locked.status,
            "stage": locked.stage,
            "count": locked.supplement_count + 1,
        },
    )
    from fake_portal.simulation import (
        after_supplement_requested,
    )  # simulation calls actions

    after_supplement_requested(locked)
    return locked


def _last(dossier, action):
    return dossier.events.filter(action=action).order_by("-sim_time", "-pk").first()


@transaction.atomic
def supply_supplement(
    dossier: Dossier, *, documents, actor=None, actor_name: str = "", note: str = ""
) -> Dossier:
    """The citizen answers the supplement request; the dossier goes back where it was."""
    if not documents and not note.strip():
        raise InvalidInput(_("Phải gửi kèm giấy tờ bổ sung hoặc nội dung giải trình."))
    locked = lock(dossier, None)
    request = _last(locked, "dossier.supplement_requested")
    back_to = (
        request.data.get("requested_from", Status.FILED) if request else Status.FILED
    )
    waited = locked.sandbox.now() - request.sim_time if request else timedelta(0)
    # Time spent waiting for the citizen does not count against the unit (DOMAIN.md, verify).
    new_due = locked.due_at + waited if locked.due_at else None
    _attach(locked, documents, DossierDocument.Kind.SUPPLEMENT)
    return transition(
        locked,
        "supply",
        version=locked.version,
        actor=actor,
        actor_name=actor_name,
        as_role=CITIZEN,
        target=back_to,
        due_at=new_due,
        data={
            "documents": [d[0] for d in documents],
            "note": note.strip(),
            "waited_seconds": waited.total_seconds(),
        },
    )
