from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fake_portal import actions
from fake_portal.errors import (
    IllegalTransition,
    InvalidInput,
    NotPermitted,
    StaleDossier,
    WorkflowError,
)
from fake_portal.models import Channel, Dossier, Stage, Status
from fake_portal.workflow import TRANSITIONS
from sandbox import actions as core
from tests.fake_portal.conftest import BIRTH, MONDAY_9AM

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7 signed result"


def scan(name="giay-to.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.7 scan", content_type="application/pdf")


def fresh(dossier):
    return Dossier.objects.get(pk=dossier.pk)


@pytest.fixture
def people(commune_officer, specialist, leader):
    return {"officer": commune_officer, "specialist": specialist, "leader": leader}


# Every action, with valid arguments, as the position that may take it.
def do(action, dossier, p):
    officer, specialist, leader = p["officer"], p["specialist"], p["leader"]
    calls = {
        "receive": lambda: actions.receive_dossier(dossier, actor=officer),
        "refuse": lambda: actions.refuse_dossier(
            dossier,
            reasons="Không thuộc thẩm quyền",
            legal_basis="Điều 15 NĐ 118/2025",
            actor=officer,
        ),
        "request_supplement": lambda: actions.request_supplement(
            dossier,
            items=[{"key": "to_khai", "name": "Tờ khai", "reason": "Thiếu chữ ký"}],
            legal_basis="Luật Hộ tịch 2014",
            actor=officer if dossier.status != Status.PROCESSING else specialist,
        ),
        "supply": lambda: actions.supply_supplement(
            dossier, documents=[("to_khai", "Tờ khai", scan())], actor_name="Công dân"
        ),
        "assign": lambda: actions.assign_dossier(
            dossier, specialist=specialist, actor=officer
        ),
        "appraise": lambda: actions.appraise_dossier(
            dossier, opinion="Đủ điều kiện", actor=specialist
        ),
        "transfer": lambda: actions.transfer_dossier(
            dossier,
            agency="commune_police",
            agency_name="Công an xã",
            actor=specialist if dossier.status == Status.PROCESSING else officer,
        ),
        "return_transfer": lambda: actions.return_transfer(
            dossier,
            agency_name="Công an xã",
            opinion="Đã xong phần việc",
            result_ready=False,
        ),
        "send_back": lambda: actions.send_back(
            dossier, reason="Bổ sung ý kiến", actor=leader
        ),
        "approve": lambda: actions.approve_dossier(
            dossier, signed_result=PDF, actor=leader
        ),
        "request_payment": lambda: actions.request_payment(
            dossier,
            amount=8000,
            actor=officer if dossier.status == Status.RECEIVED else specialist,
        ),
        "record_payment": lambda: actions.record_payment(
            dossier, amount=8000, reference="GD-1"
        ),
        "return_result": lambda: actions.return_result(
            dossier, channel=Channel.ONLINE, actor=officer
        ),
        "withdraw": lambda: actions.withdraw_dossier(
            dossier, reason="Không cần nữa", actor_name="Công dân"
        ),
        "stop": lambda: actions.stop_processing(
            dossier, reason="Tòa án thụ lý", legal_basis="Khoản 2 Điều 21", actor=leader
        ),
        "apologise": lambda: actions.apologise(
            dossier,
            reason="Chờ xác minh",
            new_due_at=dossier.sandbox.now() + timedelta(days=30),
            actor=leader,
        ),
        "rate": lambda: actions.rate_service(dossier, rating=5, actor_name="Công dân"),
    }
    return calls[action]()


# Paths of real actions to every reachable (status, stage).
PATHS = {
    "filed": [],
    "received": ["receive"],
    "refused": ["refuse"],
    "supplement_requested": ["request_supplement"],
    "assigned": ["receive", "assign"],
    "transferred": ["receive", "assign", "transfer"],
    "awaiting_approval": ["receive", "assign", "appraise"],
    "payment_requested": ["receive", "request_payment"],
    "withdrawn": ["withdraw"],
    "stopped": ["receive", "stop"],
    "done": ["receive", "assign", "appraise", "approve"],
    "returned": ["receive", "assign", "appraise", "approve", "return_result"],
}


def reach(filed, people, path):
    dossier = filed
    for step in path:
        dossier = do(step, fresh(dossier), people)
    return fresh(dossier)


@pytest.mark.parametrize("state", sorted(PATHS))
@pytest.mark.parametrize("action", sorted(TRANSITIONS))
def test_every_action_in_every_state(filed, people, state, action):
    dossier = reach(filed, people, PATHS[state])
    move = TRANSITIONS[action]
    legal = dossier.status in move.sources and (
        move.stages is None or dossier.stage in move.stages
    )
    before = (dossier.status, dossier.stage, dossier.version, dossier.events.count())
    if legal:
        after = fresh(do(action, dossier, people))
        assert after.version == dossier.version + 1
        assert after.events.count() == before[3] + 1
        if move.target is not None and action not in {
            "supply",
            "return_transfer",
            "record_payment",
        }:
            assert after.status == move.target
    else:
        with pytest.raises(IllegalTransition) as error:
            do(action, dossier, people)
        assert "Không thể" in str(error.value)
        unchanged = fresh(dossier)
        assert (
            unchanged.status,
            unchanged.stage,
            unchanged.version,
            unchanged.events.count(),
        ) == before


def test_main_path_with_supplement_records_every_event(filed, people):
    d = actions.request_supplement(
        filed,
        items=[{"name": "Giấy chứng sinh", "reason": "Chưa có bản chính"}],
        legal_basis="Điều 16 Luật Hộ tịch",
        actor=people["officer"],
    )
    assert d.status == Status.SUPPLEMENT_REQUESTED and d.supplement_count == 1
    d = actions.supply_supplement(
        d,
        documents=[("giay_chung_sinh", "Giấy chứng sinh", scan())],
        actor_name="Nguyễn Thị Hoa",
    )
    assert d.status == Status.FILED
    d = actions.receive_dossier(d, actor=people["officer"])
    assert d.status == Status.RECEIVED and d.due_at is not None
    d = actions.assign_dossier(
        d, specialist=people["specialist"], actor=people["officer"]
    )
    d = actions.appraise_dossier(d, opinion="Hồ sơ hợp lệ", actor=people["specialist"])
    assert d.stage == Stage.AWAITING_APPROVAL
    d = actions.approve_dossier(d, signed_result=PDF, actor=people["leader"])
    assert d.status == Status.DONE
    d = actions.return_result(d, channel=Channel.ONLINE, actor=people["officer"])
    assert d.status == Status.RETURNED
    assert list(d.events.values_list("action", flat=True)) == [
        "dossier.filed",
        "dossier.supplement_requested",
        "dossier.supplemented",
        "dossier.received",
        "dossier.assigned",
        "dossier.appraised",
        "dossier.approved",
        "dossier.result_returned",
    ]


def test_supplement_during_processing_returns_to_processing_and_shifts_the_due_date(
    filed, people
):
    d = reach(filed, people, ["receive", "assign"])
    due = d.due_at
    d = actions.request_supplement(
        d,
        items=[{"name": "Tờ khai", "reason": "Sai ngày sinh"}],
        legal_basis="Luật Hộ tịch",
        actor=people["specialist"],
    )
    d = actions.supply_supplement(
        d, documents=[], note="Đã sửa ngày sinh", actor_name="Công dân"
    )
    assert (d.status, d.stage) == (Status.PROCESSING, Stage.ASSIGNED)
    assert d.due_at >= due


def test_wrong_position_is_not_permitted(filed, people):
    with pytest.raises(NotPermitted):
        actions.receive_dossier(filed, actor=people["leader"])
    d = reach(filed, people, ["receive", "assign", "appraise"])
    with pytest.raises(NotPermitted):
        actions.approve_dossier(d, signed_result=PDF, actor=people["specialist"])
    assert fresh(d).status == Status.PROCESSING


def test_a_user_without_a_seat_in_the_sandbox_cannot_act(filed, other_officer):
    with pytest.raises(NotPermitted):
        actions.receive_dossier(filed, actor=other_officer)


def test_stale_version_is_rejected_and_nothing_is_lost(filed, people):
    seen = filed.version
    actions.receive_dossier(filed, actor=people["officer"], version=seen)
    with pytest.raises(StaleDossier) as error:
        actions.refuse_dossier(
            filed, reasons="x", legal_basis="y", actor=people["officer"], version=seen
        )
    assert "người khác cập nhật trước bạn" in str(error.value)
    assert fresh(filed).status == Status.RECEIVED
    assert fresh(filed).events.count() == 2


def test_double_submitted_receive_is_harmless(filed, people):
    seen = filed.version
    actions.receive_dossier(filed, actor=people["officer"], version=seen)
    with pytest.raises(WorkflowError):
        actions.receive_dossier(filed, actor=people["officer"], version=seen)
    assert fresh(filed).events.filter(action="dossier.received").count() == 1


def test_result_requiring_a_signature_cannot_be_returned_unsigned(filed, people):
    d = reach(filed, people, ["receive", "assign"])
    d = actions.transfer_dossier(
        d,
        agency="province_department_justice",
        agency_name="Sở Tư pháp",
        actor=people["specialist"],
    )
    d = actions.return_transfer(
        d, agency_name="Sở Tư pháp", opinion="Đã giải quyết", result_ready=True
    )
    assert d.status == Status.DONE
    with pytest.raises(WorkflowError) as error:
        actions.return_result(d, channel=Channel.ONLINE, actor=people["officer"])
    assert "ký số" in str(error.value)
    assert fresh(d).status == Status.DONE


def test_empty_reasons_are_refused_with_a_message(filed, people):
    with pytest.raises(InvalidInput):
        actions.refuse_dossier(
            filed, reasons="  ", legal_basis="x", actor=people["officer"]
        )
    with pytest.raises(InvalidInput):
        actions.request_supplement(
            filed, items=[{"name": ""}], legal_basis="x", actor=people["officer"]
        )
    assert fresh(filed).events.count() == 1


def test_dossier_codes_follow_the_official_shape_and_count_per_day(sandbox, citizen):
    codes = [
        actions.file_dossier(
            sandbox=sandbox,
            procedure_code=BIRTH,
            applicant=citizen,
            channel=Channel.IN_PERSON,
            form_data={},
        ).code
        for _ in range(3)
    ]
    assert codes == [
        "329.14.00.H37-260302-0001",
        "329.14.00.H37-260302-0002",
        "329.14.00.H37-260302-0003",
    ]


def test_online_dossier_must_be_acknowledged_within_eight_working_hours(filed):
    # Filed Monday 09:00 (Vietnam): eight office hours later is Tuesday 09:00.
    expected = MONDAY_9AM + timedelta(days=1)
    assert abs(filed.acknowledge_by - expected) < timedelta(minutes=1)


def test_late_acknowledgement_is_recorded(filed, people):
    core.advance_clock(filed.sandbox, timedelta(days=2), actor=None)
    d = actions.receive_dossier(fresh(filed), actor=people["officer"])
    assert d.events.get(action="dossier.received").data["late_acknowledgement"] is True


def test_overdue_is_derived_from_the_sandbox_clock(filed, people):
    d = reach(filed, people, ["receive"])
    assert not Dossier.objects.overdue(d.sandbox.now()).exists()
    later = d.due_at + timedelta(minutes=1)
    assert list(Dossier.objects.for_sandbox(d.sandbox).overdue(later)) == [d]


def test_apology_moves_the_appointment_and_notes_lateness(filed, people):
    d = reach(filed, people, ["receive"])
    new_due = d.due_at + timedelta(days=3)
    d = actions.apologise(
        d, reason="Chờ kết quả xác minh", new_due_at=new_due, actor=people["leader"]
    )
    assert d.due_at == new_due
    event = d.events.get(action="dossier.apologised")
    assert event.data["after_due"] is False
    with pytest.raises(InvalidInput):
        actions.apologise(
            d,
            reason="x",
            new_due_at=new_due - timedelta(days=10),
            actor=people["leader"],
        )


def test_rating_only_once(filed, people):
    d = reach(filed, people, PATHS["returned"])
    actions.rate_service(d, rating=4, actor_name="Công dân")
    with pytest.raises(InvalidInput):
        actions.rate_service(fresh(d), rating=5, actor_name="Công dân")
