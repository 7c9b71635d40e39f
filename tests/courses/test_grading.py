import pytest
from hypothesis import given
from hypothesis import strategies as st

from courses.answers import AnswersToMendError, parse_answers
from courses.grading import (
    InvalidAnswerError,
    RepeatedPositionError,
    check_definition,
    correct_answer,
    grade,
    grade_attempt,
    normalise_short,
    validate_answer,
)

SINGLE = {
    "id": 1,
    "type": "single",
    "points": 1,
    "data": {
        "options": [
            {"id": "a1", "text": "Mẫu 01", "correct": True, "feedback": "Đúng."},
            {"id": "b2", "text": "Mẫu 02", "correct": False, "feedback": "Không."},
            {"id": "c3", "text": "Mẫu 03", "correct": False, "feedback": "Không hẳn."},
        ]
    },
}
MULTIPLE = {
    "id": 2,
    "type": "multiple",
    "points": 2,
    "data": {
        "options": [
            {"id": "a", "text": "A", "correct": True, "feedback": "fa"},
            {"id": "b", "text": "B", "correct": True, "feedback": "fb"},
            {"id": "c", "text": "C", "correct": False, "feedback": "fc"},
            {"id": "d", "text": "D", "correct": False, "feedback": "fd"},
        ]
    },
}
TRUEFALSE = {"id": 3, "type": "truefalse", "points": 1, "data": {"answer": False}}
MATCHING = {
    "id": 4,
    "type": "matching",
    "points": 3,
    "data": {
        "pairs": [
            {"id": "l1", "left": "01", "right": "tiếp nhận", "right_id": "r1"},
            {"id": "l2", "left": "02", "right": "bổ sung", "right_id": "r2"},
            {"id": "l3", "left": "03", "right": "từ chối", "right_id": "r3"},
        ]
    },
}
ORDERING = {
    "id": 5,
    "type": "ordering",
    "points": 4,
    "data": {
        "items": [
            {"id": "i1", "text": "Tiếp nhận"},
            {"id": "i2", "text": "Thẩm định"},
            {"id": "i3", "text": "Phê duyệt"},
            {"id": "i4", "text": "Trả kết quả"},
        ]
    },
}
SHORT = {
    "id": 6,
    "type": "short",
    "points": 1,
    "data": {"accepted": ["Đăng ký khai sinh", "khai sinh"]},
}
ALL = [SINGLE, MULTIPLE, TRUEFALSE, MATCHING, ORDERING, SHORT]


def test_single_choice_is_all_or_nothing_with_the_chosen_options_feedback():
    assert grade(SINGLE, "a1").fraction == 1.0
    wrong = grade(SINGLE, "b2")
    assert wrong.fraction == 0.0
    assert wrong.feedback == {"b2": "Không."}
    assert grade(SINGLE, None).fraction == 0.0


def test_true_false_is_all_or_nothing():
    assert grade(TRUEFALSE, "false").fraction == 1.0
    assert grade(TRUEFALSE, "true").fraction == 0.0
    assert grade(TRUEFALSE, None).fraction == 0.0


@pytest.mark.parametrize(
    "chosen, expected",
    [
        (["a", "b"], 1.0),  # both correct
        (["a"], 0.5),  # +1/2
        (["a", "c"], 0.0),  # +1/2 -1/2
        (["a", "b", "c"], 0.5),  # +1 -1/2
        (["c", "d"], 0.0),  # floor at 0, never negative
        (["a", "b", "c", "d"], 0.0),  # ticking everything earns nothing
        ([], 0.0),
    ],
)
def test_multiple_choice_partial_credit_plus_and_minus_one_over_k(chosen, expected):
    assert grade(MULTIPLE, chosen).fraction == pytest.approx(expected)


def test_multiple_choice_gives_feedback_of_each_chosen_option():
    assert grade(MULTIPLE, ["a", "d"]).feedback == {"a": "fa", "d": "fd"}


def test_matching_scores_the_fraction_of_pairs_right():
    assert grade(MATCHING, {"l1": "r1", "l2": "r2", "l3": "r3"}).fraction == 1.0
    assert grade(MATCHING, {"l1": "r1", "l2": "r3", "l3": "r2"}).fraction == (
        pytest.approx(1 / 3)
    )
    assert grade(MATCHING, {"l1": "r1"}).fraction == pytest.approx(1 / 3)
    assert grade(MATCHING, {}).fraction == 0.0


def test_ordering_scores_items_in_their_correct_absolute_position():
    perfect = {"i1": 1, "i2": 2, "i3": 3, "i4": 4}
    assert grade(ORDERING, perfect).fraction == 1.0
    # Two swapped neighbours: the two others are still in place.
    assert grade(ORDERING, {"i1": 1, "i2": 3, "i3": 2, "i4": 4}).fraction == 0.5
    # Shifted by one: a right relative order, but no item in its absolute position.
    assert grade(ORDERING, {"i1": 2, "i2": 3, "i3": 4, "i4": 1}).fraction == 0.0
    # The same position given twice earns only where it is right.
    assert grade(ORDERING, {"i1": 1, "i2": 1, "i3": 1, "i4": 1}).fraction == 0.25


@pytest.mark.parametrize(
    "given_text",
    [
        "Đăng ký khai sinh",
        "  đăng ký   KHAI SINH ",
        "dang ky khai sinh",
        "DANG KY KHAI SINH",
        "Khai sinh",
    ],
)
def test_short_answer_ignores_case_spaces_and_diacritics(given_text):
    assert grade(SHORT, given_text).fraction == 1.0


@pytest.mark.parametrize("given_text", ["khai tử", "", "   ", "khai sinh lưu động"])
def test_short_answer_rejects_other_text(given_text):
    assert grade(SHORT, given_text).fraction == 0.0


def test_normalise_short_maps_d_with_stroke_and_collapses_spaces():
    assert normalise_short("  Đà   Nẵng ") == "da nang"
    assert normalise_short("đăng KÝ") == "dang ky"


@pytest.mark.parametrize(
    "question, raw",
    [
        (SINGLE, "zz"),
        (SINGLE, ["a1"]),
        (TRUEFALSE, "maybe"),
        (MULTIPLE, ["a", "x"]),
        (MATCHING, {"l1": "r9"}),
        (MATCHING, {"l9": "r1"}),
        (ORDERING, {"i1": "9"}),
        (ORDERING, {"i1": "0"}),
        (ORDERING, {"i9": "1"}),
        (ORDERING, {"i1": "một"}),
        (SHORT, "x" * 301),
        (SHORT, ["a"]),
    ],
)
def test_tampered_answers_are_refused(question, raw):
    with pytest.raises(InvalidAnswerError):
        validate_answer(question, raw)


def test_one_position_for_several_items_is_refused():
    with pytest.raises(RepeatedPositionError) as caught:
        validate_answer(ORDERING, {"i1": "1", "i2": "1", "i3": "1", "i4": "1"})
    assert caught.value.answer == {"i1": 1, "i2": 1, "i3": 1, "i4": 1}
    assert validate_answer(ORDERING, {"i1": "2", "i2": "1"}) == {"i1": 2, "i2": 1}


def test_parse_answers_names_the_questions_to_mend_and_keeps_the_post():
    fields = [("q-1", ["a1"]), ("q-5-i1", ["2"]), ("q-5-i2", ["2"])]
    with pytest.raises(AnswersToMendError) as caught:
        parse_answers(ALL, fields)
    assert caught.value.questions == ["5"]
    assert caught.value.answers["1"] == "a1"
    assert caught.value.answers["5"] == {"i1": 2, "i2": 2}


def test_a_tampered_field_wins_over_a_repeated_position():
    fields = [("q-5-i1", ["2"]), ("q-5-i2", ["2"]), ("q-99", ["x"])]
    with pytest.raises(InvalidAnswerError):
        parse_answers(ALL, fields)


def test_unanswered_questions_validate_to_empty_answers():
    assert validate_answer(SINGLE, "") is None
    assert validate_answer(MULTIPLE, None) == []
    assert validate_answer(MATCHING, {"l1": ""}) == {}
    assert validate_answer(ORDERING, {"i1": ""}) == {}
    assert validate_answer(SHORT, None) == ""


def test_parse_answers_reads_a_form_post():
    fields = [
        ("csrfmiddlewaretoken", ["x"]),
        ("action", ["submit"]),
        ("q-1", ["a1"]),
        ("q-2", ["a", "b"]),
        ("q-4-l1", ["r1"]),
        ("q-4-l2", [""]),
        ("q-5-i1", ["1"]),
        ("q-6", ["khai sinh"]),
    ]
    answers = parse_answers(ALL, fields)
    assert answers == {
        "1": "a1",
        "2": ["a", "b"],
        "3": None,
        "4": {"l1": "r1"},
        "5": {"i1": 1},
        "6": "khai sinh",
    }


@pytest.mark.parametrize(
    "fields",
    [
        [("q-99", ["a1"])],  # a question not in the attempt
        [("q-1", ["a1", "b2"])],  # two values for a single choice
        [("q-1-x", ["a1"])],  # a sub-key on a single choice
        [("q-4", ["r1"])],  # no sub-key on a matching question
        [("q-", ["a1"])],
    ],
)
def test_parse_answers_refuses_tampered_field_names(fields):
    with pytest.raises(InvalidAnswerError):
        parse_answers(ALL, fields)


def test_correct_answer_scores_one_for_every_type():
    for question in ALL:
        assert grade(question, correct_answer(question)).fraction == 1.0


def test_attempt_score_is_weighted_by_points_and_compared_to_the_pass_mark():
    answers = {"1": "a1", "2": ["a"], "5": {"i1": 1, "i2": 2}}
    graded = grade_attempt(ALL, answers, pass_mark=20)
    # 1 (single) + 1 (half of 2) + 2 (half of 4) = 4 of 12 points
    assert graded.earned == pytest.approx(4)
    assert graded.total == 12
    assert graded.percent == pytest.approx(33.33)
    assert graded.passed
    assert not grade_attempt(ALL, answers, pass_mark=34).passed
    assert grade_attempt(ALL, {}, pass_mark=1).percent == 0


def test_check_definition_finds_unusable_questions():
    assert check_definition("single", SINGLE["data"]) == []
    assert check_definition("single", MULTIPLE["data"]) != []  # two correct options
    assert check_definition("multiple", {"options": []}) != []
    assert check_definition("truefalse", {"answer": "yes"}) != []
    assert check_definition("matching", {"pairs": [{"id": "a", "right_id": "a"}] * 2})
    assert check_definition("ordering", {"items": [{"id": "a"}]}) != []
    assert check_definition("short", {"accepted": ["  "]}) != []
    assert check_definition("essay", {}) != []
    for question in ALL:
        assert check_definition(question["type"], question["data"]) == []


# ---------------------------------------------------------------- properties

option_ids = st.sampled_from(["a", "b", "c", "d"])
positions = st.integers(min_value=1, max_value=4)


def _in_unit_interval(question, answer):
    fraction = grade(question, validate_answer(question, answer)).fraction
    return 0.0 <= fraction <= 1.0


@given(st.lists(option_ids, unique=True))
def test_multiple_choice_score_is_always_between_zero_and_one(chosen):
    assert _in_unit_interval(MULTIPLE, chosen)


@given(
    st.dictionaries(st.sampled_from(["i1", "i2", "i3", "i4"]), positions).filter(
        lambda answer: len(set(answer.values())) == len(answer)
    )
)
def test_ordering_score_is_always_between_zero_and_one(answer):
    assert _in_unit_interval(ORDERING, answer)


@given(
    st.dictionaries(
        st.sampled_from(["l1", "l2", "l3"]), st.sampled_from(["r1", "r2", "r3"])
    )
)
def test_matching_score_is_always_between_zero_and_one(answer):
    assert _in_unit_interval(MATCHING, answer)


@given(st.text(max_size=300))
def test_short_answer_score_is_zero_or_one_for_any_text(text):
    assert grade(SHORT, validate_answer(SHORT, text)).fraction in (0.0, 1.0)


@given(
    st.lists(st.booleans(), min_size=3, max_size=5).filter(any),
    st.data(),
)
def test_the_perfect_answer_always_scores_one(correct_flags, data):
    options = [
        {"id": f"o{n}", "text": f"T{n}", "correct": flag, "feedback": ""}
        for n, flag in enumerate(correct_flags)
    ]
    question = {"type": "multiple", "points": 1, "data": {"options": options}}
    assert grade(question, correct_answer(question)).fraction == 1.0
    chosen = data.draw(
        st.lists(st.sampled_from([o["id"] for o in options]), unique=True)
    )
    assert 0.0 <= grade(question, chosen).fraction <= 1.0


@pytest.mark.parametrize(
    "kind, data",
    [
        # Each would pass a check that looks at ids only, then break the attempt page
        # (a KeyError on "text", "left" or "right") or the grading ("correct").
        ("single", {"options": [{"id": "a", "correct": True}, {"id": "b"}]}),
        ("multiple", {"options": [{"id": "a", "text": "A", "correct": "yes"}] * 2}),
        (
            "matching",
            {"pairs": [{"id": "a", "right_id": "x"}, {"id": "b", "right_id": "y"}]},
        ),
        ("ordering", {"items": [{"id": "a"}, {"id": "b"}]}),
        ("short", {"accepted": [12]}),
        ("single", {"options": ["A", "B"]}),
    ],
)
def test_definitions_the_attempt_page_or_grading_could_not_use_are_refused(kind, data):
    problems = check_definition(kind, data)
    assert problems and problems[0].startswith(("Cần “", "Câu "))  # in Vietnamese


def test_an_option_without_feedback_is_usable_and_graded():
    question = {
        "id": 7,
        "type": "multiple",
        "points": 1,
        "data": {
            "options": [
                {"id": "a", "text": "A", "correct": True},
                {"id": "b", "text": "B", "correct": False},
            ]
        },
    }
    assert check_definition("multiple", question["data"]) == []
    assert grade(question, ["a", "b"]).feedback == {"a": "", "b": ""}
    single = {**question, "type": "single"}
    assert grade(single, "a").correct and grade(single, "b").feedback == {"b": ""}
