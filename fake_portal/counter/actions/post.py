"""The public postal service (Decision 45/2016/QĐ-TTg): dossiers in, results out.

A postal worker collects the dossier from the citizen, checks it against the published list,
seals it in front of them and collects the fee; at the unit the officer takes it over (or
refuses a bundle addressed to another province's unit). Results go back by post with a
tracking number, and a delivery can fail.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fake_portal import actions as portal
from fake_portal.actions._core import record
from fake_portal.actions.closing import BY_POST
from fake_portal.applicants import applicant_from_database
from fake_portal.counter.actions._common import (
    local_day,
    log,
    officer_name,
    require_open,
    require_receiving_officer,
)
from fake_portal.counter.actions.bundles import create_papers, plan_for, without_card
from fake_portal.counter.actions.walkins import _check_defects, _procedure
from fake_portal.counter.codes import tracking_number
from fake_portal.counter.models import Paper, PaperKind, PostalItem
from fake_portal.errors import InvalidInput, WorkflowError
from fake_portal.fees import assess_fee
from fake_portal.models import Channel, Status
from fake_portal.population.actions import record_lookup
from fake_portal.request_content import declared_request
from sandbox.models import Sandbox

POSTAL_FEE = 35_000  # illustrative two-way fee for an administrative dossier (đồng)
POSTAL_WORKER = gettext_lazy("Bưu tá Bưu điện (mô phỏng)")
FAILURE_SHARE = 0.2
FAILURE_REASONS = (
    gettext_lazy("Không có người nhận tại địa chỉ; đã để lại giấy mời nhận lần 1."),
    gettext_lazy(
        "Địa chỉ ghi theo địa giới hành chính cũ, không xác định được nơi phát."
    ),
    gettext_lazy("Người nhận từ chối nhận bưu gửi."),
)


def _next_tracking(sandbox: Sandbox) -> str:
    count = PostalItem.objects.filter(sandbox=sandbox).count()
    return tracking_number(sandbox.pk * 10_000 + count + 1)


def _slip(citizen, commune, procedure, papers, fee_collected: int) -> dict:
    return {
        "sender_name": citizen.full_name,
        "sender_id_number": citizen.id_number,
        "sender_address": applicant_from_database(citizen)["address"],
        "sender_phone": citizen.phone,
        "recipient": f"Bộ phận Một cửa UBND {commune.name}, {commune.province.name}",
        "procedure": procedure.code,
        "procedure_name": procedure.name_vi,
        "contents": [p.title for p in papers],
        "postal_fee": POSTAL_FEE,
        "fee_collected": fee_collected,
        "post_office": f"Bưu cục {citizen.permanent_commune.name}",
    }


@transaction.atomic
def arrive_postal_item(
    sandbox: Sandbox,
    *,
    citizen,
    procedure_code: str,
    addressed_to=None,
    defects=(),
    seed=None,
    sealed: bool = True,
) -> PostalItem:
    """A postal worker arrives at the counter with a sealed dossier bundle and its slip."""
    procedure = _procedure(procedure_code)
    defects = _check_defects(defects)
    sandbox = Sandbox.objects.select_for_update().get(pk=sandbox.pk)
    require_open(sandbox)
    now = sandbox.now()
    posted_on = local_day(now)
    unit = addressed_to or sandbox.commune
    seed = str(seed if seed is not None else f"post:{sandbox.pk}:{now.timestamp()}")
    specs, other = plan_for(
        citizen, procedure, today=posted_on, seed=seed, defects=defects
    )
    specs = without_card(
        specs
    )  # the citizen keeps their card; the state holds its data
    # The postal worker collects what the published list says is owed: nothing on time.
    fee = assess_fee(procedure, _request_in_specs(specs), posted_on).amount
    item = PostalItem.objects.create(
        sandbox=sandbox,
        direction=PostalItem.Direction.IN,
        tracking_number=_next_tracking(sandbox),
        citizen=citizen,
        addressed_to=unit,
        procedure_code=procedure.code,
        slip=_slip(citizen, unit, procedure, specs, fee),
        sealed=sealed,
        postal_fee=POSTAL_FEE,
        fee_collected=fee,
        status=PostalItem.Status.ARRIVED,
        created_at=now,
    )
    create_papers(sandbox, specs, owner=citizen, other=other, postal_item=item)
    log(
        sandbox,
        "post.arrived",
        item=item.pk,
        tracking=item.tracking_number,
        addressed_to=unit.pk,
        other_province=unit.province_id != sandbox.commune.province_id,
        procedure=procedure.code,
        defects=defects,
    )
    return item


def _locked(item: PostalItem) -> PostalItem:
    return (
        PostalItem.objects.select_for_update(of=("self",))
        .select_related(
            "sandbox__commune__province", "addressed_to__province", "citizen"
        )
        .get(pk=item.pk)
    )


def _check_province(item: PostalItem) -> None:
    ours = item.sandbox.commune.province
    unit = item.addressed_to
    if unit is not None and unit.province_id != ours.pk:
        raise InvalidInput(
            _(
                "Bưu gửi %(tracking)s gửi cho %(unit)s, %(province)s: không thuộc %(ours)s. "
                "Không nhận bàn giao; hãy từ chối để bưu điện chuyển hoàn đúng nơi nhận."
            )
            % {
                "tracking": item.tracking_number,
                "unit": unit.name,
                "province": unit.province.name,
                "ours": ours.name,
            }
        )


@transaction.atomic
def accept_postal_item(item: PostalItem, *, actor):
    """Take over the bundle: the sender is looked up, the dossier filed (channel 3)."""
    require_receiving_officer(actor, item.sandbox)
    locked = _locked(item)
    if locked.status == PostalItem.Status.ACCEPTED:
        return locked.dossier  # a double submit
    if locked.status != PostalItem.Status.ARRIVED:
        raise InvalidInput(_("Bưu gửi này đã được xử lý."))
    _check_province(locked)
    citizen = locked.citizen
    record_lookup(
        actor=actor,
        query={"id_number": citizen.id_number, "postal_item": locked.tracking_number},
        sandbox=locked.sandbox,
        citizen=citizen,
        results=1,
    )
    dossier = portal.file_dossier(
        sandbox=locked.sandbox,
        procedure_code=locked.procedure_code,
        applicant=citizen,
        channel=Channel.POST,
        form_data={
            "applicant": applicant_from_database(citizen),
            "request": _request_from_papers(locked),
        },
        receiving_commune=locked.addressed_to or locked.sandbox.commune,
        actor=actor,
        actor_name=officer_name(actor),
    )
    _settle(locked, PostalItem.Status.ACCEPTED, actor=actor, dossier=dossier)
    Paper.objects.filter(postal_item=locked).update(dossier=dossier)
    record(
        dossier,
        "post.received",
        actor=actor,
        data={
            "tracking": locked.tracking_number,
            "sealed": locked.sealed,
            "postal_fee": locked.postal_fee,
            "fee_collected": locked.fee_collected,
        },
    )
    return _settle_fee(dossier, locked)


def _settle_fee(dossier, item: PostalItem):
    """The fee the postal worker collected pays the dossier; any excess is owed back,
    any shortfall still to be collected.

    The worker collects by the day the bundle was posted, the dossier owes by the day it
    is accepted: an on-time birth posted on day 59 and accepted on day 62 owes the fee
    the worker rightly did not collect. Neither difference is left unrecorded."""
    owed, collected = dossier.fee_amount, item.fee_collected
    if owed and collected >= owed:
        dossier = portal.record_payment(
            dossier,
            amount=owed,
            reference=item.tracking_number,
            actor_name=POSTAL_WORKER,
            channel=BY_POST,
        )
    if collected != owed:
        record(
            dossier,
            "post.fee_refund_due" if collected > owed else "post.fee_shortfall",
            actor_name=POSTAL_WORKER,
            data={
                "tracking": item.tracking_number,
                "fee_collected": collected,
                "fee_owed": owed,
                "refund" if collected > owed else "shortfall": abs(collected - owed),
            },
        )
    return dossier


def _request_in_specs(specs) -> dict:
    """The request the bundle's declaration states, as planned."""
    for spec in specs:
        if spec.kind == PaperKind.DECLARATION:
            return declared_request(dict(spec.fields))
    return {}


def _request_from_papers(item: PostalItem) -> dict:
    """The request the bundle's declaration states, as the officer reads it."""
    paper = item.papers.filter(kind=PaperKind.DECLARATION).order_by("pk").first()
    return declared_request(paper.field_values()) if paper else {}


def _settle(item, status, *, actor=None, dossier=None, outcome=""):
    if status not in PostalItem.TRANSITIONS[item.status]:
        raise InvalidInput(_("Bưu gửi này đã được xử lý."))
    item.status, item.settled_at = status, item.sandbox.now()
    item.handled_by = actor or item.handled_by
    item.dossier = dossier or item.dossier
    item.outcome = outcome or item.outcome
    item.save(
        update_fields=["status", "settled_at", "handled_by", "dossier", "outcome"]
    )


@transaction.atomic
def refuse_postal_item(item: PostalItem, *, actor, reason: str = "") -> PostalItem:
    """Hand the bundle back to the postal worker, unopened, to be returned to the sender."""
    require_receiving_officer(actor, item.sandbox)
    locked = _locked(item)
    if locked.status == PostalItem.Status.REFUSED:
        return locked
    reason = reason.strip() or _("Gửi nhầm đơn vị nhận.")
    _settle(locked, PostalItem.Status.REFUSED, actor=actor, outcome=reason)
    log(
        locked.sandbox,
        "post.refused",
        actor=actor,
        item=locked.pk,
        tracking=locked.tracking_number,
        addressed_to=locked.addressed_to_id,
        reason=reason,
    )
    return locked


@transaction.atomic
def send_result_by_post(dossier, *, actor) -> PostalItem:
    """Hand the result to the postal service; the delivery is settled on the sandbox clock."""
    require_receiving_officer(actor, dossier.sandbox)
    if dossier.status != Status.DONE:
        raise InvalidInput(_("Chỉ gửi kết quả khi hồ sơ đã xử lý xong."))
    if dossier.procedure.result.requires_signature and not portal.has_signed_result(
        dossier
    ):
        raise InvalidInput(
            _("Kết quả này phải được lãnh đạo ký số trước khi trả cho công dân.")
        )
    item = (
        PostalItem.objects.select_for_update()
        .filter(dossier=dossier, direction=PostalItem.Direction.OUT)
        .first()
    )
    if item is not None and item.status in (
        PostalItem.Status.IN_TRANSIT,
        PostalItem.Status.DELIVERED,
    ):
        return item  # a double submit
    now = dossier.sandbox.now()
    if item is None:
        item = PostalItem.objects.create(
            sandbox=dossier.sandbox,
            direction=PostalItem.Direction.OUT,
            tracking_number=_next_tracking(dossier.sandbox),
            citizen=dossier.applicant,
            dossier=dossier,
            procedure_code=dossier.procedure_code,
            slip=_return_slip(dossier),
            postal_fee=POSTAL_FEE,
            status=PostalItem.Status.IN_TRANSIT,
            created_at=now,
            handled_by=actor,
        )
    else:
        _settle(item, PostalItem.Status.IN_TRANSIT, actor=actor)
    item.attempts += 1
    item.save(update_fields=["attempts"])
    record(
        dossier,
        "post.result_sent",
        actor=actor,
        data={"tracking": item.tracking_number, "attempt": item.attempts},
    )
    _schedule_delivery(item)
    return item


def _return_slip(dossier) -> dict:
    applicant = dossier.form_data.get("applicant", {})
    return {
        "recipient_name": applicant.get("full_name", dossier.applicant.full_name),
        "recipient_address": applicant.get("address", ""),
        "recipient_phone": applicant.get("phone", ""),
        "sender": f"Bộ phận Một cửa UBND {dossier.receiving_commune.name}",
        "contents": [dossier.procedure.result.name_vi],
    }


def _schedule_delivery(item: PostalItem) -> None:
    from fake_portal.simulation import schedule

    rng = random.Random(f"delivery:{item.pk}:{item.attempts}")
    failed = rng.random() < FAILURE_SHARE
    schedule(
        item.sandbox,
        "counter.post_delivery",
        item.sandbox.now() + timedelta(hours=rng.uniform(4, 30)),
        dossier=item.dossier,
        item=item.pk,
        attempt=item.attempts,
        outcome="failed" if failed else "delivered",
        reason=portal.in_vietnamese(rng.choice(FAILURE_REASONS)) if failed else "",
    )


@transaction.atomic
def settle_delivery(item: PostalItem, *, outcome: str, reason: str = "") -> PostalItem:
    """The postman reports: delivered (the result is returned, status 10) or not."""
    locked = _locked(item)
    if locked.status != PostalItem.Status.IN_TRANSIT:
        raise WorkflowError(_("Bưu gửi không còn đang phát."))
    dossier = locked.dossier
    if outcome == "delivered":
        _settle(locked, PostalItem.Status.DELIVERED, outcome=_("Đã phát thành công."))
        portal.return_result(dossier, channel=Channel.POST, actor=locked.handled_by)
        record(
            dossier,
            "post.result_delivered",
            actor_name=POSTAL_WORKER,
            data={"tracking": locked.tracking_number, "attempt": locked.attempts},
        )
    else:
        _settle(locked, PostalItem.Status.FAILED, outcome=reason)
        record(
            dossier,
            "post.delivery_failed",
            actor_name=POSTAL_WORKER,
            data={
                "tracking": locked.tracking_number,
                "attempt": locked.attempts,
                "reason": reason,
            },
        )
    return locked
