"""Decision 45/2016: dossiers brought by the postman, results sent back by post."""

from datetime import timedelta

import pytest

from fake_portal import actions as portal
from fake_portal.counter import actions, simulation
from fake_portal.counter.codes import is_valid_tracking_number
from fake_portal.counter.models import PaperKind, PostalItem
from fake_portal.errors import InvalidInput
from fake_portal.models import Channel, ScheduledAction, Status
from fake_portal.signatures.signing import sign_pdf
from fake_portal.simulation import tick
from sandbox import actions as core
from sandbox.models import SandboxEvent
from tests.counter.conftest import BIRTH, PIN

pytestmark = pytest.mark.django_db
CERTIFIED_COPY = "2.000815"
DEATH = "1.000656"


def test_a_sealed_bundle_is_taken_over_and_filed_by_post(
    sandbox, citizen, commune_officer
):
    item = actions.arrive_postal_item(
        sandbox, citizen=citizen, procedure_code=CERTIFIED_COPY, seed="x"
    )
    assert is_valid_tracking_number(item.tracking_number)
    assert item.sealed and item.slip["sender_id_number"] == citizen.id_number
    assert not item.papers.filter(kind="identity_card").exists()
    assert SandboxEvent.objects.filter(sandbox=sandbox, action="post.arrived").exists()

    dossier = actions.accept_postal_item(item, actor=commune_officer)
    again = actions.accept_postal_item(item, actor=commune_officer)

    assert again == dossier
    assert dossier.channel == Channel.POST and dossier.applicant == citizen
    assert dossier.receiving_commune == sandbox.commune
    (received,) = dossier.events.filter(action="post.received")
    assert received.data["tracking"] == item.tracking_number and received.data["sealed"]
    assert set(item.papers.values_list("dossier", flat=True)) == {dossier.pk}
    if dossier.fee_amount:
        dossier.refresh_from_db()
        assert dossier.fee_paid


def test_a_bundle_for_another_commune_of_the_province_is_taken_over(
    sandbox, citizen, other_commune, commune_officer
):
    item = actions.arrive_postal_item(
        sandbox,
        citizen=citizen,
        procedure_code=BIRTH,
        addressed_to=other_commune,
        seed="y",
    )
    dossier = actions.accept_postal_item(item, actor=commune_officer)
    assert dossier.receiving_commune == other_commune


def test_postal_arrivals_come_on_the_sandbox_clock(sandbox, citizen):
    simulation.schedule_postal_arrival(
        sandbox, sandbox.now() + timedelta(hours=1), citizen=citizen, procedure=BIRTH
    )
    assert tick(sandbox) == 0
    sandbox = core.advance_clock(sandbox, timedelta(hours=2), actor=None)
    assert tick(sandbox) == 1
    assert PostalItem.objects.filter(sandbox=sandbox, status="arrived").count() == 1


@pytest.fixture
def done(sandbox, citizen, commune_officer, specialist, leader):
    """A dossier with its result signed by the leader, through the portal's own actions."""
    dossier = portal.file_dossier(
        sandbox=sandbox,
        procedure_code=BIRTH,
        applicant=citizen,
        channel=Channel.IN_PERSON,
        form_data={
            "applicant": {"full_name": citizen.full_name, "address": "Thôn Đông"}
        },
        actor=commune_officer,
    )
    dossier = portal.receive_dossier(dossier, actor=commune_officer)
    dossier = portal.assign_dossier(
        dossier, specialist=specialist, actor=commune_officer
    )
    dossier = portal.appraise_dossier(dossier, opinion="Đủ điều kiện", actor=specialist)
    from fake_portal.documents import render_result
    from fake_portal.signatures import actions as signature_actions

    signature_actions.reset_pin(leader, actor=None, pin=PIN)
    signed = sign_pdf(
        render_result(dossier, signer_name="Lãnh đạo"),
        signer=leader,
        pin=PIN,
        sandbox=sandbox,
        reason="Phê duyệt",
        location="Hoa Lư",
    )
    return portal.approve_dossier(dossier, signed_result=signed, actor=leader)


def test_a_result_sent_by_post_is_returned_when_delivered(done, commune_officer):
    item = actions.send_result_by_post(done, actor=commune_officer)
    assert actions.send_result_by_post(done, actor=commune_officer) == item
    assert item.status == PostalItem.Status.IN_TRANSIT and item.attempts == 1
    actions.settle_delivery(item, outcome="delivered")
    done.refresh_from_db()
    assert done.status == Status.RETURNED
    (returned,) = done.events.filter(action="dossier.result_returned")
    assert returned.data["channel"] == Channel.POST
    assert done.events.filter(action="post.result_delivered").exists()


def test_a_failed_delivery_is_recorded_and_can_be_sent_again(done, commune_officer):
    item = actions.send_result_by_post(done, actor=commune_officer)
    actions.settle_delivery(item, outcome="failed", reason="Không có người nhận")
    done.refresh_from_db()
    assert done.status == Status.DONE
    (failed,) = done.events.filter(action="post.delivery_failed")
    assert failed.data["reason"] == "Không có người nhận"
    resent = actions.send_result_by_post(done, actor=commune_officer)
    assert resent.pk == item.pk and resent.attempts == 2
    assert done.events.filter(action="post.result_sent").count() == 2


def test_the_delivery_outcome_comes_on_the_sandbox_clock(
    done, commune_officer, sandbox
):
    item = actions.send_result_by_post(done, actor=commune_officer)
    job = ScheduledAction.objects.get(sandbox=sandbox, kind=simulation.POST_DELIVERY)
    sandbox = core.advance_clock(sandbox, timedelta(hours=31), actor=None)
    tick(sandbox)
    item.refresh_from_db()
    expected = {"delivered": "delivered", "failed": "failed"}[job.data["outcome"]]
    assert item.status == expected


def test_a_result_not_ready_cannot_be_posted(sandbox, citizen, commune_officer):
    dossier = portal.file_dossier(
        sandbox=sandbox,
        procedure_code=BIRTH,
        applicant=citizen,
        channel=Channel.IN_PERSON,
        form_data={},
        actor=commune_officer,
    )
    with pytest.raises(InvalidInput):
        actions.send_result_by_post(dossier, actor=commune_officer)
    assert not PostalItem.objects.exists()


def test_the_receipt_of_a_posted_dossier_says_the_result_goes_back_by_post(
    sandbox, citizen, commune_officer
):
    from fake_portal.documents import render_form
    from tests.counter.test_forms import text_of

    item = actions.arrive_postal_item(
        sandbox, citizen=citizen, procedure_code=CERTIFIED_COPY, seed="z"
    )
    dossier = actions.accept_postal_item(item, actor=commune_officer)
    dossier = portal.receive_dossier(
        dossier, actor=commune_officer, version=dossier.version
    )
    text = text_of(render_form(dossier, "01"))
    assert "Qua dịch vụ bưu chính công ích" in text
    assert "NGƯỜI NỘP HỒ SƠ" not in text and "Số lượng hồ sơ: 01" in text


def test_counter_events_are_named_in_every_dossier_timeline():
    from fake_portal.workflow import EVENT_LABELS

    assert EVENT_LABELS["post.received"] == "Nhận hồ sơ qua bưu chính công ích"
    assert EVENT_LABELS["post.fee_refund_due"].startswith("Bưu điện thu thừa lệ phí")
    assert EVENT_LABELS["paper.digitised"] == "Số hóa và ký số giấy tờ"
    assert EVENT_LABELS["dossier.received"] != "dossier.received"


def test_a_mailed_on_time_birth_registration_collects_no_fee(
    sandbox, citizen, commune_officer
):
    item = actions.arrive_postal_item(
        sandbox, citizen=citizen, procedure_code=BIRTH, seed="b"
    )
    assert item.fee_collected == 0 and item.slip["fee_collected"] == 0
    dossier = actions.accept_postal_item(item, actor=commune_officer)
    assert dossier.fee_amount == 0 and not dossier.fee_paid
    assert "đăng ký khai sinh đúng hạn" in dossier.fee_waiver
    assert not dossier.events.filter(action="dossier.payment_recorded").exists()
    assert not dossier.events.filter(action="post.fee_refund_due").exists()


def test_a_mailed_death_declaration_agrees_with_the_notice_and_is_free_on_time(
    sandbox, citizen, commune_officer
):
    item = actions.arrive_postal_item(
        sandbox, citizen=citizen, procedure_code=DEATH, seed="d"
    )
    declaration = item.papers.get(kind=PaperKind.DECLARATION).field_values()
    notice = item.papers.get(kind=PaperKind.DEATH_NOTICE).field_values()
    assert declaration["deceased_name"] == notice["deceased_name"]
    assert declaration["death_date"] == notice["death_date"] == "27/02/2026"
    assert item.fee_collected == 0
    dossier = actions.accept_postal_item(item, actor=commune_officer)
    assert dossier.form_data["request"]["death_date"] == "27/02/2026"
    assert dossier.form_data["request"]["deceased_name"] == notice["deceased_name"]
    assert dossier.fee_amount == 0
    assert "đăng ký khai tử đúng hạn" in dossier.fee_waiver


def test_a_fee_collected_beyond_what_the_dossier_owes_is_due_back(
    sandbox, citizen, commune_officer
):
    item = actions.arrive_postal_item(
        sandbox, citizen=citizen, procedure_code=BIRTH, seed="r"
    )
    # A bundle taken in before the waiver was applied at the post office.
    PostalItem.objects.filter(pk=item.pk).update(fee_collected=8000)
    dossier = actions.accept_postal_item(item, actor=commune_officer)
    assert dossier.fee_amount == 0 and not dossier.fee_paid
    (refund,) = dossier.events.filter(action="post.fee_refund_due")
    assert refund.data["refund"] == 8000 and refund.data["fee_owed"] == 0
    assert refund.data["tracking"] == item.tracking_number
    assert not dossier.events.filter(action="dossier.payment_recorded").exists()


def test_a_fee_owed_in_full_is_paid_with_what_the_postal_worker_collected(
    sandbox, citizen, commune_officer
):
    item = actions.arrive_postal_item(
        sandbox, citizen=citizen, procedure_code=CERTIFIED_COPY, seed="c"
    )
    dossier = actions.accept_postal_item(item, actor=commune_officer)
    assert item.fee_collected == dossier.fee_amount > 0 and dossier.fee_paid
    (paid,) = dossier.events.filter(action="dossier.payment_recorded")
    assert paid.data["amount"] == dossier.fee_amount
    assert paid.data["channel"] == "post"
    assert paid.data["channel_label"] == "thu qua bưu chính công ích"
    assert not dossier.events.filter(action="post.fee_refund_due").exists()


def test_an_on_time_birth_accepted_too_late_records_the_fee_still_to_collect(
    sandbox, citizen, commune_officer
):
    item = actions.arrive_postal_item(
        sandbox, citizen=citizen, procedure_code=BIRTH, seed="b"
    )
    assert item.fee_collected == 0  # on time the day it was posted
    core.advance_clock(sandbox, timedelta(days=61), actor=commune_officer)
    dossier = actions.accept_postal_item(item, actor=commune_officer)
    assert dossier.fee_amount > 0 and not dossier.fee_paid and not dossier.fee_waiver
    (shortfall,) = dossier.events.filter(action="post.fee_shortfall")
    assert shortfall.data == {
        "tracking": item.tracking_number,
        "fee_collected": 0,
        "fee_owed": dossier.fee_amount,
        "shortfall": dossier.fee_amount,
    }
    assert not dossier.events.filter(action="post.fee_refund_due").exists()


def test_the_postal_worker_is_logged_in_vietnamese_whatever_the_pages_language(
    sandbox, citizen, commune_officer
):
    from django.utils import translation

    item = actions.arrive_postal_item(
        sandbox, citizen=citizen, procedure_code=CERTIFIED_COPY, seed="c"
    )
    with translation.override("en"):
        dossier = actions.accept_postal_item(item, actor=commune_officer)
    (paid,) = dossier.events.filter(action="dossier.payment_recorded")
    assert paid.actor_name == "Bưu tá Bưu điện (mô phỏng)"
    assert paid.data["channel_label"] == "thu qua bưu chính công ích"
