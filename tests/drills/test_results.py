from django.utils import translation

from scenarios.drills.readiness import CONSOLIDATE, NOT_READY, READY, assess
from scenarios.drills.results import (
    member_result,
    province_average,
    team_percent,
    team_result,
)

ITEMS = [
    {"id": "nhan", "by": "receiving_officer", "points": 5},
    {"id": "giao", "points": 3},
    {"id": "tham_dinh", "by": "specialist", "points": 2},
]
SCORE = {
    "total": 8,
    "max": 10,
    "passed": True,
    "items": [
        {"id": "nhan", "points": 5, "max_points": 5},
        {"id": "giao", "points": 3, "max_points": 3},
        {"id": "tham_dinh", "points": 0, "max_points": 2},
    ],
    "penalties": [],
}


def test_a_member_is_scored_on_the_items_of_their_positions():
    officer = member_result(1, ["receiving_officer"], SCORE, ITEMS)
    specialist = member_result(2, ["specialist"], SCORE, ITEMS)
    assert (officer.earned, officer.maximum, officer.percent) == (8, 8, 100.0)
    assert (specialist.earned, specialist.maximum) == (3, 5)


def test_the_team_is_the_weighted_mean_of_its_members():
    members = [
        member_result(1, ["receiving_officer"], SCORE, ITEMS),
        member_result(2, ["specialist"], SCORE, ITEMS),
    ]
    assert team_percent(members) == round(100 * 11 / 13, 1)


def test_penalties_fall_on_every_member():
    score = {**SCORE, "penalties": [{"points": -2}]}
    assert member_result(1, ["receiving_officer"], score, ITEMS).earned == 6


def test_the_team_result_record():
    result = team_result(
        SCORE, ITEMS, [(1, ["receiving_officer"]), (2, ["specialist", "leader"])]
    )
    assert result["scenario_percent"] == 80.0 and set(result["members"]) == {"1", "2"}


def test_province_average_ignores_missing():
    assert province_average([80, None, 60]) == 70 and province_average([None]) is None


def test_readiness_ratings_and_reasons():
    with translation.override("vi"):
        good = assess(
            {"on_time": 1.0, "online": 0.6, "satisfaction": 0.95, "digitisation": None},
            score_percent=90,
            passed=True,
        )
        assert good.rating == READY and good.index == 100
        assert any("Số hóa" in r for r in good.reasons)  # no data is said, not hidden
        weak = assess(
            {"on_time": 0.5, "online": 0.2, "satisfaction": None, "digitisation": None},
            score_percent=40,
            passed=False,
        )
        assert weak.rating in (CONSOLIDATE, NOT_READY)
        assert "chưa đạt" in weak.reasons[0]
        halves = assess({}, score_percent=62.5, passed=False).reasons[0]
        assert halves.startswith("Điểm kịch bản 62,5 %")  # the Vietnamese decimal mark
        assert (
            assess({}, score_percent=0.0, passed=False)
            .reasons[0]
            .startswith("Điểm kịch bản 0 %")
        )
        assert assess({}, score_percent=None, passed=None).rating == NOT_READY
        # The online share comes from the citizens, not the team: alone, no index.
        online_only = assess(
            {
                "on_time": None,
                "online": 1.0,
                "satisfaction": None,
                "digitisation": None,
            },
            score_percent=10,
            passed=False,
        )
        assert online_only.index is None and online_only.rating == NOT_READY
        assert any("Chưa tính được chỉ số" in r for r in online_only.reasons)
