"""Dossier actions: the only writers of a dossier's status, stage and dates."""

from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from fake_portal.actions._core import lock, record, transition
from fake_portal.catalogue import Procedure, load_catalogue
from fake_portal.codes import commune_agency_code, dossier_code
from fake_portal.deadlines import add_working_hours, due_at
from fake_portal.errors import InvalidInput, WorkflowError
from fake_portal.models import (
    Channel,
    Dossier,
    DossierDocument,
    ScheduledAction,
    Stage,
    Status,
)
from fake_portal.workflow import AGENCY, CITIZEN, SYSTEM
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
        fee_amount=procedure.fee.amount_for(1),
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
    locked = lock(dossier, version)
    locked = transition(
        locked,
        "request_supplement",
        actor=actor,
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


@transaction.atomic
def assign_dossier(dossier: Dossier, *, specialist, actor, version=None) -> Dossier:
    """Hand the dossier to a specialist (recorded on the process control sheet, form 06)."""
    return transition(
        dossier,
        "assign",
        actor=actor,
        version=version,
        assignee=specialist,
        data={"to": specialist.pk, "to_name": specialist.profile.full_name},
    )


@transaction.atomic
def appraise_dossier(dossier: Dossier, *, opinion: str, actor, version=None) -> Dossier:
    """The specialist appraises and submits to the leader for approval."""
    opinion = _require(opinion, _("Phải ghi ý kiến thẩm định."))
    return transition(
        dossier, "appraise", actor=actor, version=version, data={"opinion": opinion}
    )


@transaction.atomic
def send_back(dossier: Dossier, *, reason: str, actor, version=None) -> Dossier:
    """The leader returns the dossier to the specialist."""
    reason = _require(reason, _("Phải ghi lý do trả lại."))
    return transition(
        dossier, "send_back", actor=actor, version=version, data={"reason": reason}
    )


@transaction.atomic
def transfer_dossier(
    dossier: Dossier,
    *,
    agency: str,
    agency_name: str,
    note: str = "",
    actor,
    version=None,
    reply_after: timedelta = timedelta(hours=4),
    forwarded_to_competent_unit: bool = False,
) -> Dossier:
    """Route the dossier to another agency or unit (liên thông); it answers later.

    A dossier received outside the unit's competence is forwarded to the competent unit
    (filing regardless of administrative boundaries, Decree 118/2025): that unit then answers
    with the result, which the receiving unit returns to the citizen.
    """
    locked = transition(
        dossier,
        "transfer",
        actor=actor,
        version=version,
        holder_agency=agency,
        data={
            "agency": agency,
            "agency_name": agency_name,
            "note": note,
            "forwarded": forwarded_to_competent_unit,
        },
    )
    ScheduledAction.objects.create(
        sandbox=locked.sandbox,
        dossier=locked,
        kind=ScheduledAction.Kind.AGENCY_RETURN,
        run_at=locked.sandbox.now() + reply_after,
        data={
            "agency": agency,
            "agency_name": agency_name,
            "forwarded_to_competent_unit": forwarded_to_competent_unit,
        },
    )
    return locked


@transaction.atomic
def return_transfer(
    dossier: Dossier,
    *,
    agency_name: str,
    opinion: str,
    result_ready: bool,
    result_pdf: bytes | None = None,
) -> Dossier:
    """A simulated agency answers: with the result (it was competent) or with its part done."""
    target, stage = (
        (Status.DONE, Stage.SIGNED)
        if result_ready
        else (Status.PROCESSING, Stage.APPRAISED)
    )
    locked = transition(
        dossier,
        "return_transfer",
        actor_name=agency_name,
        as_role=AGENCY,
        target=target,
        stage=stage,
        holder_agency="",
        finished_at=dossier.sandbox.now() if result_ready else None,
        data={
            "agency_name": agency_name,
            "opinion": opinion,
            "result_ready": result_ready,
        },
    )
    if result_pdf:
        store_result(locked, result_pdf, signed=True)
    return locked


def store_result(dossier: Dossier, pdf: bytes, *, signed: bool) -> DossierDocument:
    procedure = dossier.procedure
    return DossierDocument.objects.create(
        dossier=dossier,
        key="result",
        name=procedure.result.name_vi,
        kind=DossierDocument.Kind.RESULT,
        file=ContentFile(pdf, name=f"ket-qua-{dossier.code}.pdf"),
        content_type="application/pdf",
        size=len(pdf),
        signed=signed,
    )


@transaction.atomic
def approve_dossier(
    dossier: Dossier,
    *,
    signed_result: bytes,
    actor,
    version=None,
    method: str = "token",
) -> Dossier:
    """The leader approves; the result, signed by them, is stored and ready (status 9)."""
    if not signed_result:
        raise InvalidInput(_("Kết quả phải được ký số trước khi phê duyệt."))
    locked = transition(
        dossier,
        "approve",
        actor=actor,
        version=version,
        finished_at=dossier.sandbox.now(),
        data={"signature_method": method},
    )
    store_result(locked, signed_result, signed=True)
    return locked


def has_signed_result(dossier: Dossier) -> bool:
    return dossier.documents.filter(
        kind=DossierDocument.Kind.RESULT, signed=True
    ).exists()


def _signed_if_required(dossier: Dossier) -> None:
    if dossier.procedure.result.requires_signature and not has_signed_result(dossier):
        raise WorkflowError(
            _("Kết quả này phải được lãnh đạo ký số trước khi trả cho công dân.")
        )


@transaction.atomic
def return_result(dossier: Dossier, *, channel: int, actor, version=None) -> Dossier:
    """Hand the result over through the channel the citizen chose (status 10)."""
    return transition(
        dossier,
        "return_result",
        actor=actor,
        version=version,
        guard=_signed_if_required,
        closed_at=dossier.sandbox.now(),
        data={"channel": int(channel)},
    )


@transaction.atomic
def request_payment(dossier: Dossier, *, amount: int, actor, version=None) -> Dossier:
    """Ask the citizen to pay a fee or tax before processing goes on (status 6)."""
    if amount <= 0:
        raise InvalidInput(_("Số tiền phải lớn hơn 0."))
    locked = lock(dossier, version)
    return transition(
        locked,
        "request_payment",
        actor=actor,
        fee_amount=amount,
        data={"amount": amount, "resume_status": locked.status},
    )


@transaction.atomic
def record_payment(
    dossier: Dossier, *, amount: int, reference: str, actor=None, actor_name: str = ""
) -> Dossier:
    """The payment gateway confirms a payment; processing resumes where it stopped."""
    locked = lock(dossier, None)
    back_to = None
    if locked.status == Status.PAYMENT_REQUESTED:
        request = _last(locked, "dossier.payment_requested")
        back_to = (
            request.data.get("resume_status", Status.PROCESSING)
            if request
            else Status.PROCESSING
        )
    return transition(
        locked,
        "record_payment",
        actor=actor,
        actor_name=actor_name or _("Cổng thanh toán (mô phỏng)"),
        as_role=SYSTEM,
        target=back_to,
        fee_paid=True,
        data={"amount": amount, "reference": reference},
    )


@transaction.atomic
def withdraw_dossier(
    dossier: Dossier, *, reason: str, actor=None, actor_name: str = ""
) -> Dossier:
    """The citizen withdraws the dossier (status 7)."""
    return transition(
        dossier,
        "withdraw",
        actor=actor,
        actor_name=actor_name,
        as_role=CITIZEN,
        closed_at=dossier.sandbox.now(),
        data={"reason": reason.strip()},
    )


@transaction.atomic
def stop_processing(
    dossier: Dossier, *, reason: str, legal_basis: str, actor, version=None
) -> Dossier:
    """Stop processing with a notice (status 8, form 05)."""
    reason = _require(reason, _("Phải ghi lý do dừng xử lý."))
    legal_basis = _require(legal_basis, _("Phải ghi căn cứ pháp lý."))
    return transition(
        dossier,
        "stop",
        actor=actor,
        version=version,
        closed_at=dossier.sandbox.now(),
        data={"reason": reason, "legal_basis": legal_basis},
    )


@transaction.atomic
def apologise(
    dossier: Dossier, *, reason: str, new_due_at: datetime, actor, version=None
) -> Dossier:
    """Apologise and set a new appointment date (form 04), due before the old date passes."""
    reason = _require(reason, _("Phải ghi lý do chậm trễ."))
    locked = lock(dossier, version)
    now = locked.sandbox.now()

    def later_than_before(d):
        if new_due_at <= max(now, d.due_at or now):
            raise InvalidInput(
                _("Ngày hẹn mới phải sau ngày hẹn cũ và sau thời điểm hiện tại.")
            )

    return transition(
        locked,
        "apologise",
        actor=actor,
        due_at=new_due_at,
        guard=later_than_before,
        data={
            "reason": reason,
            "old_due_at": locked.due_at,
            "new_due_at": new_due_at,
            "after_due": bool(locked.due_at and now > locked.due_at),
        },
    )


@transaction.atomic
def rate_service(
    dossier: Dossier,
    *,
    rating: int,
    comment: str = "",
    actor=None,
    actor_name: str = "",
) -> Dossier:
    """The citizen rates the service once the result is returned."""
    if rating not in range(1, 6):
        raise InvalidInput(_("Mức đánh giá từ 1 đến 5."))
    if dossier.rating is not None:
        raise InvalidInput(_("Hồ sơ này đã được đánh giá."))
    return transition(
        dossier,
        "rate",
        actor=actor,
        actor_name=actor_name,
        as_role=CITIZEN,
        rating=rating,
        rating_comment=comment.strip(),
        data={"rating": rating},
    )
