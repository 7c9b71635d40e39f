"""Processing: assignment, appraisal, transfers, approval and the signed result."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from fake_portal.actions._core import check_move, transition
from fake_portal.actions.reception import _require
from fake_portal.errors import InvalidInput
from fake_portal.models import (
    Dossier,
    DossierDocument,
    ScheduledAction,
    Stage,
    Status,
)
from fake_portal.workflow import AGENCY


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


def check_approval(dossier: Dossier, *, actor, version=None) -> None:
    """Refuse an approval `approve_dossier` would refuse, before anything is signed."""
    check_move(dossier, "approve", actor=actor, version=version)


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
