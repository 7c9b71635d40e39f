"""Deciding at the counter: the paper checks scoring needs, then the portal's own action.

Receive, request a supplement and refuse go through fake_portal.actions, exactly as for
online dossiers; what the counter adds is the record of its own mistakes (kept papers left
undigitised, papers asked for whose data the state holds) and the signed receipt (form 01).
"""

import random
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from fake_portal import actions as portal
from fake_portal.actions._core import lock, record
from fake_portal.counter import exemptions
from fake_portal.counter.actions._common import require_receiving_officer
from fake_portal.counter.actions.papers import paper_exemption, reusable_copy
from fake_portal.counter.models import CopyReuse, Paper, SignedForm, WalkIn
from fake_portal.counter.papers.kinds import kind_of
from fake_portal.errors import InvalidInput
from fake_portal.models import Status
from sandbox.queries import CompiledQuery


def _flagged_papers(dossier, action: str) -> set[int]:
    return {
        e.data.get("paper") for e in dossier.events.filter(action=action).only("data")
    }


def check_papers(dossier, *, actor) -> list[Paper]:
    """Record every kept, non-exempt paper left undigitised (once each); returns them."""
    papers = list(Paper.objects.filter(dossier=dossier).exclude(kind="result"))
    kept = [p for p in papers if p.status == Paper.Status.RECEIVED_COPY]
    digitised = {p.pk for p in kept if hasattr(p, "digitised_copy")}
    flagged = _flagged_papers(dossier, "paper.left_undigitised")
    left = []
    for paper in kept:
        if paper.pk in digitised or paper_exemption(paper, dossier):
            continue
        left.append(paper)
        if paper.pk not in flagged:
            record(
                dossier,
                "paper.left_undigitised",
                actor=actor,
                data={"paper": paper.pk, "key": paper.key, "title": paper.title},
            )
    record(
        dossier,
        "dossier.papers_checked",
        actor=actor,
        data={
            "kept": len(kept),
            "digitised": len(digitised),
            "undigitised": [p.pk for p in left],
            "reused": CopyReuse.objects.filter(dossier=dossier).count(),
        },
    )
    return left


def _judge_items(dossier, items, actor) -> None:
    """Asking in form 02 for a paper the state holds, or one digitised before, is recorded."""
    procedure = dossier.procedure
    for item in items:
        key = item.get("key") or ""
        if not key:
            continue
        document = exemptions.catalogue_document(procedure, key)
        kind = kind_of(key, document.kind if document else "")
        data = {"key": key, "title": item.get("name", ""), "via": "supplement_request"}
        if exemptions.in_database(procedure, key, kind):
            record(dossier, "paper.requested_but_in_database", actor=actor, data=data)
        earlier = reusable_copy(dossier, kind)
        if earlier is not None:
            record(
                dossier,
                "paper.requested_again",
                actor=actor,
                data={**data, "copy": earlier.result_code},
            )


# One of the dossier's papers, if it has any (a counter or postal dossier): asked by every
# back-office decision, so compiled once (sandbox/queries.py).
A_PAPER = CompiledQuery(
    lambda dossier: Paper.objects.filter(dossier_id=dossier).order_by().only("pk")[:1],
    dossier=int,
)


def back_office_checks(dossier, action: str, items, *, actor) -> None:
    """The counter's checks when a counter dossier is decided from the back office."""
    if not A_PAPER.all(dossier=dossier.pk):
        return
    if action == "request_supplement":
        _judge_items(dossier, items, actor)
    check_papers(dossier, actor=actor)


@transaction.atomic
def receive_at_counter(dossier, *, actor, version=None):
    """Receive (form 01 follows), after the paper checks."""
    require_receiving_officer(actor, dossier.sandbox)
    check_papers(dossier, actor=actor)
    return portal.receive_dossier(dossier, actor=actor, version=version)


@transaction.atomic
def request_supplement_at_counter(
    dossier, *, items, legal_basis: str, actor, version=None
):
    """Form 02, once and listing everything; the citizen will come back with the papers."""
    require_receiving_officer(actor, dossier.sandbox)
    _judge_items(dossier, items, actor)
    check_papers(dossier, actor=actor)
    locked = portal.request_supplement(
        dossier, items=items, legal_basis=legal_basis, actor=actor, version=version
    )
    _schedule_return(locked, items)
    return locked


def _schedule_return(dossier, items) -> None:
    """A walk-in citizen comes back with the papers on a later sandbox day (simulated)."""
    from fake_portal.simulation import schedule

    if not WalkIn.objects.filter(dossier=dossier).exists():
        return
    rng = random.Random(f"return:{dossier.pk}:{dossier.supplement_count}")
    schedule(
        dossier.sandbox,
        "counter.supplement_return",
        dossier.sandbox.now() + timedelta(hours=rng.uniform(2, 26)),
        dossier=dossier,
        items=[{"key": i.get("key", ""), "name": i["name"]} for i in items],
    )


@transaction.atomic
def refuse_at_counter(dossier, *, reasons: str, legal_basis: str, actor, version=None):
    """Form 03, with reasons and legal basis, after the paper checks."""
    require_receiving_officer(actor, dossier.sandbox)
    check_papers(dossier, actor=actor)
    return portal.refuse_dossier(
        dossier, reasons=reasons, legal_basis=legal_basis, actor=actor, version=version
    )


@transaction.atomic
def record_supplement_at_counter(dossier, walk_in: WalkIn, *, actor, note: str = ""):
    """The citizen hands in the supplement at the counter; their digitised papers go with it."""
    require_receiving_officer(actor, dossier.sandbox)
    dossier = lock(dossier, None)
    if dossier.status != Status.SUPPLEMENT_REQUESTED:
        raise InvalidInput(_("Hồ sơ không ở trạng thái chờ bổ sung."))
    papers = Paper.objects.filter(walk_in=walk_in, status=Paper.Status.RECEIVED_COPY)
    documents = []
    for paper in papers.select_related("digitised_copy"):
        copy = getattr(paper, "digitised_copy", None)
        if copy is None:
            continue
        with copy.signed_file.open("rb") as handle:
            documents.append(
                (
                    paper.key or paper.kind,
                    copy.title,
                    ContentFile(handle.read(), name=f"{copy.result_code}.pdf"),
                )
            )
    note = note.strip() or _("Công dân nộp bổ sung trực tiếp tại Bộ phận Một cửa.")
    check_papers(dossier, actor=actor)
    return portal.supply_supplement(
        dossier,
        documents=documents,
        actor=actor,
        actor_name=walk_in.citizen.full_name,
        note=note,
    )


def render_receipt(dossier) -> bytes:
    from fake_portal.documents import render_form

    try:
        return render_form(dossier, "01")
    except LookupError:
        raise InvalidInput(
            _("Chưa có giấy tiếp nhận: hồ sơ chưa được tiếp nhận.")
        ) from None


def issue_receipt(
    dossier, *, actor, pin: str | None = None, sign: bool = True
) -> SignedForm:
    """Form 01 handed to the citizen: signed by the receiving officer, or (a mistake) not."""
    from fake_portal.signatures.signing import sign_pdf

    require_receiving_officer(actor, dossier.sandbox)
    pdf = render_receipt(dossier)
    if sign:
        pdf = sign_pdf(
            pdf,
            signer=actor,
            method="token",
            pin=pin,
            sandbox=dossier.sandbox,
            reason=_("Giấy tiếp nhận hồ sơ %(code)s") % {"code": dossier.code},
            location=dossier.sandbox.commune.name,
        )
    return _store_receipt(dossier, pdf, actor=actor, signed=sign)


@transaction.atomic
def _store_receipt(dossier, pdf: bytes, *, actor, signed: bool) -> SignedForm:
    form = SignedForm(
        sandbox=dossier.sandbox,
        dossier=dossier,
        number="01",
        signed=signed,
        issued_by=actor,
        issued_at=dossier.sandbox.now(),
    )
    form.file.save(f"mau-01-{dossier.code}.pdf", ContentFile(pdf), save=False)
    form.save()
    if signed:
        record(
            dossier, "receipt.signed", actor=actor, data={"form": "01", "id": form.pk}
        )
    else:
        record(
            dossier,
            "receipt.unsigned",
            actor=actor,
            data={"form": "01", "id": form.pk, "why": "printed_unsigned"},
        )
    return form


def flag_unsigned_receipt(dossier, *, actor) -> None:
    """A received dossier whose citizen leaves without a signed receipt: recorded once."""
    if not dossier.events.filter(action="dossier.received").exists():
        return
    if SignedForm.objects.filter(dossier=dossier, number="01", signed=True).exists():
        return
    if dossier.events.filter(action="receipt.unsigned").exists():
        return
    record(
        dossier,
        "receipt.unsigned",
        actor=actor,
        data={"form": "01", "why": "not_issued"},
    )
