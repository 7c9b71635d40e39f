"""The scoring engine as a pure function: statuses, feedback citing the rule, determinism."""

import copy
import random
from dataclasses import asdict
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios.scoring import compiled, judge, score

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # Monday 08:00 in Vietnam

RUBRIC = {
    "items": [
        {
            "id": "nhan",
            "dossier": "d1",
            "expect": "dossier.received",
            "within": "8 working hours",
            "points": 20,
            "rule": "acknowledge_8h",
        },
        {
            "id": "tra-cuu",
            "dossier": "d1",
            "expect": "population.looked_up",
            "points": 10,
            "rule": "check_population",
        },
        {
            "id": "chuyen",
            "dossier": "d1",
            "expect": "dossier.transferred",
            "where": {"agency": "province_department_finance"},
            "after": ["nhan"],
            "points": 30,
            "rule": "transfer_competent",
        },
        {
            "id": "duyet",
            "dossier": "d2",
            "expect": "dossier.approved",
            "by": "leader",
            "points": 20,
            "rule": "competent_signer",
        },
        {
            "id": "tra",
            "dossier": "d2",
            "expect": "dossier.result_returned",
            "within": "before due",
            "points": 20,
            "rule": "on_time",
        },
    ],
    "forbidden": [
        {
            "dossier": "d1",
            "action": "dossier.refused",
            "penalty": 25,
            "rule": "forward_not_refuse",
        }
    ],
    "pass_mark": 70,
}
LEADER = ["leader"]


def ev(
    seq,
    minutes,
    action,
    dossier,
    positions=("receiving_officer", "specialist", "leader"),
    **data,
):
    return {
        "seq": seq,
        "at": T0 + timedelta(minutes=minutes),
        "action": action,
        "dossier": dossier,
        "actor": 1,
        "positions": list(positions),
        "data": data,
    }


def good_log():
    due = (T0 + timedelta(hours=8)).isoformat()
    return [
        ev(0, 0, "dossier.filed", "d1"),
        ev(1, 5, "population.looked_up", "d1"),
        ev(2, 10, "dossier.received", "d1", due_at=due),
        ev(3, 30, "dossier.transferred", "d1", agency="province_department_finance"),
        ev(4, 0, "dossier.filed", "d2"),
        ev(5, 15, "dossier.received", "d2", due_at=due),
        ev(6, 60, "dossier.approved", "d2", signature_method="token"),
        ev(7, 90, "dossier.result_returned", "d2", channel=2),
    ]


def by_id(result):
    return {item.id: item for item in result.items}


def test_a_good_log_scores_the_maximum():
    result = score(RUBRIC, good_log())
    assert (result.total, result.max, result.passed) == (100, 100, True)
    assert {item.status for item in result.items} == {"met"}


def test_a_missing_step_names_the_rule_and_its_legal_basis():
    log = [e for e in good_log() if e["action"] != "population.looked_up"]
    item = by_id(score(RUBRIC, log))["tra-cuu"]
    assert item.status == "missed"
    assert "Thiếu bước" in item.feedback
    assert "Nghị quyết 66.7/2025/NQ-CP" in item.feedback


def test_a_late_step_scores_nothing_and_says_the_deadline():
    log = good_log()
    log[2] = ev(2, 60 * 30, "dossier.received", "d1", due_at=T0.isoformat())
    item = by_id(score(RUBRIC, log))["nhan"]
    assert item.status == "late" and item.points == 0
    assert "Nghị định 45/2020/NĐ-CP" in item.feedback


def test_the_wrong_order_is_caught():
    log = good_log()
    log[3] = ev(3, 1, "dossier.transferred", "d1", agency="province_department_finance")
    item = by_id(score(RUBRIC, log))["chuyen"]
    assert item.status == "wrong_order"
    assert "Sai trình tự" in item.feedback


def test_the_wrong_authority_is_caught():
    log = good_log()
    log[3] = ev(3, 30, "dossier.transferred", "d1", agency="tax_office")
    item = by_id(score(RUBRIC, log))["chuyen"]
    assert item.status == "wrong"
    assert "cơ quan tiếp nhận liên thông" in item.feedback


def test_a_step_by_the_wrong_position_is_wrong():
    log = good_log()
    log[6] = ev(
        6,
        60,
        "dossier.approved",
        "d2",
        positions=["specialist"],
        signature_method="token",
    )
    assert by_id(score(RUBRIC, log))["duyet"].status == "wrong"


def test_a_missing_signature_is_named():
    log = [
        e
        for e in good_log()
        if e["dossier"] != "d2" or e["action"] in ("dossier.filed", "dossier.received")
    ]
    log.append(ev(9, 60, "dossier.signing_failed", "d2", error="USB Token"))
    item = by_id(score(RUBRIC, log))["duyet"]
    assert item.status == "missed"
    assert "chữ ký số" in item.feedback


def test_returning_after_the_due_date_is_late_but_an_apology_moves_it():
    log = good_log()
    log[7] = ev(7, 60 * 10, "dossier.result_returned", "d2", channel=2)
    assert by_id(score(RUBRIC, log))["tra"].status == "late"
    new_due = (T0 + timedelta(days=3)).isoformat()
    log.append(
        ev(8, 120, "dossier.apologised", "d2", new_due_at=new_due, after_due=False)
    )
    assert by_id(score(RUBRIC, log))["tra"].status == "met"


def test_a_forbidden_action_costs_its_penalty_once():
    log = good_log() + [
        ev(9, 20, "dossier.refused", "d1"),
        ev(10, 25, "dossier.refused", "d1"),
    ]
    result = score(RUBRIC, log)
    assert result.total == 75
    assert [p.status for p in result.penalties] == ["forbidden"]
    assert "Nghị định 118/2025/NĐ-CP" in result.penalties[0].feedback


def test_the_same_events_always_give_the_same_score():
    first = score(RUBRIC, good_log()).as_dict()
    for _ in range(5):
        log = good_log()
        random.shuffle(log)
        assert score(RUBRIC, log).as_dict() == first


def test_a_rubric_is_compiled_once_per_content():
    assert compiled(copy.deepcopy(RUBRIC)) is compiled(RUBRIC)
    assert judge(compiled(RUBRIC), good_log()) == score(RUBRIC, good_log())


def test_an_edited_rubric_is_not_judged_by_its_old_compilation():
    rubric = copy.deepcopy(RUBRIC)
    assert score(rubric, good_log()).max == 100
    rubric["items"][1]["points"] = 40
    rubric["forbidden"][0]["penalty"] = 5
    log = good_log() + [ev(9, 20, "dossier.refused", "d1")]
    result = score(rubric, log)
    assert (result.max, result.total) == (130, 125)


def test_the_stored_breakdown_holds_every_field_with_times_as_text():
    result = score(RUBRIC, good_log() + [ev(9, 20, "dossier.refused", "d1")])
    stored = result.as_dict()
    rows = stored["items"] + stored["penalties"]
    for row, item in zip(rows, result.items + result.penalties, strict=True):
        full = asdict(item)
        assert list(row) == list(full)
        assert row["at"] == full["at"].isoformat()
    assert stored["items"][0]["deadline"] == result.items[0].deadline.isoformat()


def test_times_may_come_as_text():
    log = [{**e, "at": e["at"].isoformat()} for e in good_log()]
    assert score(RUBRIC, log).total == 100


_actions = st.sampled_from(
    [
        "dossier.filed",
        "dossier.received",
        "dossier.transferred",
        "dossier.approved",
        "dossier.result_returned",
        "dossier.refused",
        "population.looked_up",
        "dossier.apologised",
    ]
)
_event = st.tuples(
    st.integers(0, 60 * 24 * 3),
    _actions,
    st.sampled_from(["d1", "d2"]),
    st.sampled_from(["province_department_finance", "tax_office"]),
)


@settings(max_examples=200, deadline=None)
@given(raw=st.lists(_event, max_size=25), seed=st.integers(0, 1000))
def test_scores_stay_in_range_and_do_not_depend_on_input_order(raw, seed):
    due = (T0 + timedelta(hours=8)).isoformat()
    log = [
        ev(i, minutes, action, dossier, agency=agency, due_at=due, new_due_at=due)
        for i, (minutes, action, dossier, agency) in enumerate(raw)
    ]
    result = score(RUBRIC, log)
    assert 0 <= result.total <= result.max
    assert result.passed == (result.total >= RUBRIC["pass_mark"])
    shuffled = list(log)
    random.Random(seed).shuffle(shuffled)
    assert score(RUBRIC, shuffled).as_dict() == result.as_dict()
