from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from courses.drawing import draw_questions, presentation, with_opaque_ids

BANK = [(n, "a" if n <= 6 else "b" if n <= 9 else "c") for n in range(1, 13)]


def test_the_same_seed_draws_the_same_questions_in_the_same_order():
    assert draw_questions(BANK, 6, seed=42, shuffle=True) == draw_questions(
        BANK, 6, seed=42, shuffle=True
    )


def test_different_seeds_draw_differently():
    draws = {tuple(draw_questions(BANK, 6, seed=s, shuffle=True)) for s in range(20)}
    assert len(draws) > 10


def test_the_draw_spreads_over_categories():
    drawn = draw_questions(BANK, 6, seed=7, shuffle=True)
    categories = Counter(dict(BANK)[qid] for qid in drawn)
    assert categories == {"a": 2, "b": 2, "c": 2}


def test_without_shuffle_drawn_questions_keep_bank_order():
    drawn = draw_questions(BANK, 5, seed=3, shuffle=False)
    assert drawn == sorted(drawn)


@given(
    st.integers(min_value=0, max_value=2**62), st.integers(min_value=1, max_value=20)
)
def test_a_draw_never_repeats_a_question_nor_exceeds_the_bank(seed, count):
    drawn = draw_questions(BANK, count, seed=seed, shuffle=True)
    assert len(drawn) == min(count, len(BANK))
    assert len(set(drawn)) == len(drawn)


ORDERING = {
    "id": 9,
    "type": "ordering",
    "data": {"items": [{"id": f"i{n}", "text": str(n)} for n in range(1, 5)]},
}
MATCHING = {
    "id": 10,
    "type": "matching",
    "data": {
        "pairs": [
            {"id": f"l{n}", "left": str(n), "right": str(n), "right_id": f"r{n}"}
            for n in range(1, 4)
        ]
    },
}
SINGLE = {
    "id": 11,
    "type": "single",
    "data": {"options": [{"id": f"o{n}"} for n in range(1, 6)]},
}


@given(st.integers(min_value=0, max_value=2**62), st.booleans())
def test_ordering_items_are_never_shown_in_the_correct_order(seed, shuffle):
    order = presentation(ORDERING, seed, shuffle)["items"]
    assert order != ["i1", "i2", "i3", "i4"]
    assert sorted(order) == ["i1", "i2", "i3", "i4"]


@given(st.integers(min_value=0, max_value=2**62), st.booleans())
def test_matching_choices_never_line_up_with_their_rows(seed, shuffle):
    order = presentation(MATCHING, seed, shuffle)
    right_of = {f"l{n}": f"r{n}" for n in range(1, 4)}
    assert order["rights"] != [right_of[left] for left in order["lefts"]]


def test_choice_options_are_shuffled_only_when_the_quiz_says_so():
    assert presentation(SINGLE, 5, False)["options"] == ["o1", "o2", "o3", "o4", "o5"]
    orders = {tuple(presentation(SINGLE, s, True)["options"]) for s in range(20)}
    assert len(orders) > 5


def _ids(question):
    entries = next(iter(question["data"].values()))
    return {e[key] for e in entries for key in ("id", "right_id") if key in e}


def test_an_attempt_never_shows_the_authored_ids():
    # Ids typed in the admin in the correct order (i1, i2, …) would give it away.
    for question in (ORDERING, MATCHING, SINGLE):
        copy = with_opaque_ids(question, seed=5)
        assert copy["id"] == question["id"] and copy["type"] == question["type"]
        assert len(_ids(copy)) == len(_ids(question))
        assert not _ids(copy) & _ids(question)
    assert with_opaque_ids(MATCHING, 5) == with_opaque_ids(MATCHING, 5)
    assert with_opaque_ids(MATCHING, 5) != with_opaque_ids(MATCHING, 6)


def test_opaque_ids_keep_the_answer_where_it_was():
    copy = with_opaque_ids(ORDERING, seed=9)
    assert [i["text"] for i in copy["data"]["items"]] == ["1", "2", "3", "4"]
    copy = with_opaque_ids(MATCHING, seed=9)
    pairs = copy["data"]["pairs"]
    assert [(p["left"], p["right"]) for p in pairs] == [
        ("1", "1"),
        ("2", "2"),
        ("3", "3"),
    ]
    assert len({p["id"] for p in pairs} | {p["right_id"] for p in pairs}) == 6
