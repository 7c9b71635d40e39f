"""What the attempt and review pages show of each question: pure, over an attempt's snapshot.

`attempt_view` never includes what is correct, nor any feedback: the answer key must not
reach the browser before the attempt is closed. `review_view` adds what the quiz's review
options let the learner see now (courses.review.Shown), and nothing else: what is hidden
is never put in the view, so no template can leak it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from courses.answers import answer_digest
from courses.grading import FALSE, TRUE, correct_answer
from courses.review import EVERYTHING, Shown


@dataclass
class Choice:
    id: str
    text: str
    chosen: bool = False
    correct: bool = False  # only set for the review, when correct answers are shown
    feedback: str = ""  # only set for the review, when feedback is shown


@dataclass
class Row:
    id: str
    text: str
    chosen: Any = None  # the chosen right-hand id, or the chosen position
    chosen_text: str = ""  # the chosen right-hand text (matching)
    correct_text: str = ""  # only set for the review, when correct answers are shown
    right: bool | None = None  # only set for the review, when marks are shown


@dataclass
class QuestionView:
    number: int
    id: str
    type: str
    text: str
    points: int
    choices: list[Choice] = field(default_factory=list)  # options, true/false
    rows: list[Row] = field(default_factory=list)  # matching lefts, ordering items
    targets: list[Choice] = field(default_factory=list)  # matching right-hand choices
    positions: list[int] = field(default_factory=list)  # ordering
    text_answer: str = ""  # short answer
    answered: bool = False
    error: str = ""  # what the learner must correct before the answers can be saved
    seen: str = ""  # the digest of the saved answer (courses.answers.merge_answers)
    # Review only, each when shown:
    fraction: float | None = None  # None: the marks are not shown
    feedback: str = ""
    accepted: list[str] = field(default_factory=list)

    @property
    def field_name(self):
        return f"q-{self.id}"

    @property
    def earned(self):
        return round((self.fraction or 0) * self.points, 2)


def _truefalse_texts() -> dict[str, str]:
    return {TRUE: _("Đúng"), FALSE: _("Sai")}


def _choices(question: Mapping, answer: Any) -> list[Choice]:
    if question["type"] == "truefalse":
        return [Choice(k, v, answer == k) for k, v in _truefalse_texts().items()]
    options = {o["id"]: o for o in question["data"]["options"]}
    chosen = set(answer or []) if question["type"] == "multiple" else {answer}
    return [
        Choice(oid, options[oid]["text"], oid in chosen)
        for oid in question["order"]["options"]
    ]


def _matching(view: QuestionView, question: Mapping, answer: Any) -> None:
    pairs = {p["id"]: p for p in question["data"]["pairs"]}
    rights = {p["right_id"]: p["right"] for p in pairs.values()}
    answer = answer or {}
    view.rows = [
        Row(lid, pairs[lid]["left"], answer.get(lid), rights.get(answer.get(lid), ""))
        for lid in question["order"]["lefts"]
    ]
    view.targets = [Choice(rid, rights[rid]) for rid in question["order"]["rights"]]


def _ordering(view: QuestionView, question: Mapping, answer: Any) -> None:
    items = {i["id"]: i["text"] for i in question["data"]["items"]}
    answer = answer or {}
    view.rows = [
        Row(iid, items[iid], answer.get(iid)) for iid in question["order"]["items"]
    ]
    view.positions = list(range(1, len(items) + 1))


def _question_view(number: int, question: Mapping, answer: Any) -> QuestionView:
    view = QuestionView(
        number=number,
        id=str(question["id"]),
        type=question["type"],
        text=question["text"],
        points=question["points"],
        answered=answer not in (None, "", [], {}),
    )
    if question["type"] in ("single", "multiple", "truefalse"):
        view.choices = _choices(question, answer)
    elif question["type"] == "matching":
        _matching(view, question, answer)
    elif question["type"] == "ordering":
        _ordering(view, question, answer)
    else:
        view.text_answer = answer or ""
    return view


def attempt_view(
    questions: list[Mapping],
    answers: Mapping[str, Any],
    errors: Mapping[str, str] | None = None,
    saved: Mapping[str, Any] | None = None,
) -> list[QuestionView]:
    """The questions of an open attempt, with the learner's answers and nothing else.

    `answers` are those to show: the saved ones, or a post sent back with `errors`
    (question id → message) to be corrected; `saved` (default: `answers`) is what the
    server holds, which the page posts back as digests.
    """
    saved = answers if saved is None else saved
    views = []
    for number, question in enumerate(questions, 1):
        view = _question_view(number, question, answers.get(str(question["id"])))
        view.error = (errors or {}).get(view.id, "")
        view.seen = answer_digest(question, saved.get(view.id))
        views.append(view)
    return views


def _mark_correct(view: QuestionView, question: Mapping, key: Any) -> None:
    for choice in view.choices:
        choice.correct = choice.id in key if isinstance(key, list) else choice.id == key
    if question["type"] == "matching":
        rights = {p["right_id"]: p["right"] for p in question["data"]["pairs"]}
        for row in view.rows:
            row.correct_text = rights[key[row.id]]
    if question["type"] == "ordering":
        for row in view.rows:
            row.correct_text = str(key[row.id])
    if question["type"] == "short":
        view.accepted = list(question["data"]["accepted"])


def _mark_rows(view: QuestionView, key: Any) -> None:
    for row in view.rows:
        row.right = row.chosen == key[row.id]


def _add_feedback(view: QuestionView, question: Mapping, result: Mapping) -> None:
    view.feedback = question["feedback"]
    chosen_feedback = result.get("feedback", {})
    for choice in view.choices:
        choice.feedback = chosen_feedback.get(choice.id, "") if choice.chosen else ""


def _mark_review(
    view: QuestionView, question: Mapping, result: Mapping, show: Shown
) -> None:
    key = correct_answer(question)
    if show.marks:
        view.fraction = result.get("fraction", 0.0)
        if question["type"] in ("matching", "ordering"):
            _mark_rows(view, key)
    if show.correct:
        _mark_correct(view, question, key)
    if show.feedback:
        _add_feedback(view, question, result)


def review_view(
    questions: list[Mapping],
    answers: Mapping[str, Any],
    results: Mapping[str, Mapping],
    show: Shown = EVERYTHING,
) -> list[QuestionView]:
    """The questions of a closed attempt: the learner's answers, and of the correct
    answers, marks and feedback what `show` allows."""
    views = attempt_view(questions, answers)
    for view, question in zip(views, questions, strict=True):
        _mark_review(view, question, results.get(view.id, {}), show)
    return views
