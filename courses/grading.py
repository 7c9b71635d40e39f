"""The quiz engine's grading: pure functions over plain question definitions, no ORM.

A question definition is a dict {"type": ..., "data": {...}} as stored in the bank (and
snapshotted into each attempt). Partial credit, as stated to learners on the quiz page:

- single choice, true/false: all or nothing;
- multiple choice: +1/k for each correct option chosen and -1/k for each wrong option
  chosen (k = number of correct options), never below 0 (as Moodle does);
- matching: the fraction of left-hand items matched to their right-hand item;
- ordering: the fraction of items placed in their correct absolute position;
- short answer: all or nothing, against the accepted variants after normalising case,
  surrounding and repeated spaces and Vietnamese diacritics (đ counts as d).

`validate_answer` turns what a browser sent into a normalised answer or raises
InvalidAnswerError (a tampered post: an option, pair or item the question does not have)
or RepeatedPositionError (one position chosen for several items of an ordering question).
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from unidecode import unidecode

TYPES = ("single", "multiple", "truefalse", "matching", "ordering", "short")
TRUE, FALSE = "true", "false"
MAX_SHORT_ANSWER = 300


class InvalidAnswerError(ValueError):
    """The submitted answer names something the question does not offer."""


class RepeatedPositionError(ValueError):
    """An ordering answer gives one position to several items: the learner's to mend.

    Not tampering (the form offers every position to every item); `answer` keeps what
    was chosen so the page can show it back.
    """

    def __init__(self, answer: dict[str, int]):
        super().__init__(answer)
        self.answer = answer


@dataclass(frozen=True)
class Grade:
    fraction: float  # in [0, 1]
    feedback: dict[str, str] = field(default_factory=dict)  # option id -> feedback

    @property
    def correct(self) -> bool:
        return self.fraction >= 1.0


# ---------------------------------------------------------------- normalising


def normalise_short(text: str) -> str:
    """Case-, space- and diacritics-insensitive form of a short answer."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    text = unidecode(text).casefold()
    return re.sub(r"\s+", " ", text).strip()


def _option_ids(question: Mapping) -> list[str]:
    if question["type"] == "truefalse":
        return [TRUE, FALSE]
    return [o["id"] for o in question["data"]["options"]]


def _pairs(question: Mapping) -> list[Mapping]:
    return question["data"]["pairs"]


def _items(question: Mapping) -> list[Mapping]:
    return question["data"]["items"]


# ---------------------------------------------------------------- validation


def _one_of(value: Any, allowed: list[str]) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or value not in allowed:
        raise InvalidAnswerError(value)
    return value


def _validate_multiple(raw: Any, allowed: list[str]) -> list[str]:
    values = [] if raw in (None, "") else raw
    if isinstance(values, str) or not isinstance(values, list | tuple):
        values = [values]
    return sorted({_one_of(v, allowed) for v in values} - {None})


def _validate_mapping(raw: Any, keys: list[str], values: list[str]) -> dict[str, str]:
    if raw in (None, ""):
        return {}
    if not isinstance(raw, Mapping):
        raise InvalidAnswerError(raw)
    answer = {}
    for key, value in raw.items():
        if key not in keys:
            raise InvalidAnswerError(key)
        chosen = _one_of(value, values)
        if chosen is not None:
            answer[key] = chosen
    return answer


def _validate_ordering(raw: Any, question: Mapping) -> dict[str, int]:
    ids = [item["id"] for item in _items(question)]
    positions = [str(n) for n in range(1, len(ids) + 1)]
    as_text = {k: str(v) for k, v in raw.items()} if isinstance(raw, Mapping) else raw
    answer = {k: int(v) for k, v in _validate_mapping(as_text, ids, positions).items()}
    if len(set(answer.values())) < len(answer):
        raise RepeatedPositionError(answer)
    return answer


def _validate_short(raw: Any) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str) or len(raw) > MAX_SHORT_ANSWER:
        raise InvalidAnswerError(raw)
    return raw.strip()


def validate_answer(question: Mapping, raw: Any) -> Any:
    """The normalised answer to `question`, or InvalidAnswerError if it was tampered with."""
    kind = question["type"]
    if kind in ("single", "truefalse"):
        return _one_of(raw, _option_ids(question))
    if kind == "multiple":
        return _validate_multiple(raw, _option_ids(question))
    if kind == "matching":
        pairs = _pairs(question)
        lefts, rights = [p["id"] for p in pairs], [p["right_id"] for p in pairs]
        return _validate_mapping(raw, lefts, rights)
    if kind == "ordering":
        return _validate_ordering(raw, question)
    if kind == "short":
        return _validate_short(raw)
    raise ValueError(f"unknown question type {kind!r}")


# ---------------------------------------------------------------- grading


def _feedback(option: Mapping) -> str:
    # Optional: options authored in the admin often come without one.
    return option.get("feedback") or ""


def _grade_single(question: Mapping, answer: str | None) -> Grade:
    options = {o["id"]: o for o in question["data"]["options"]}
    if answer not in options:
        return Grade(0.0)
    chosen = options[answer]
    return Grade(1.0 if chosen["correct"] else 0.0, {answer: _feedback(chosen)})


def _grade_truefalse(question: Mapping, answer: str | None) -> Grade:
    if answer is None:
        return Grade(0.0)
    right = TRUE if question["data"]["answer"] else FALSE
    return Grade(1.0 if answer == right else 0.0)


def _grade_multiple(question: Mapping, answer: list[str]) -> Grade:
    options = {o["id"]: o for o in question["data"]["options"]}
    k = sum(1 for o in options.values() if o["correct"]) or 1
    chosen = [options[a] for a in answer if a in options]
    right = sum(1 for o in chosen if o["correct"])
    wrong = len(chosen) - right
    fraction = max(0.0, (right - wrong) / k)
    return Grade(fraction, {o["id"]: _feedback(o) for o in chosen})


def _grade_matching(question: Mapping, answer: Mapping[str, str]) -> Grade:
    pairs = _pairs(question)
    right = sum(1 for p in pairs if answer.get(p["id"]) == p["right_id"])
    return Grade(right / len(pairs))


def _grade_ordering(question: Mapping, answer: Mapping[str, int]) -> Grade:
    items = _items(question)
    right = sum(1 for n, item in enumerate(items, 1) if answer.get(item["id"]) == n)
    return Grade(right / len(items))


def _grade_short(question: Mapping, answer: str) -> Grade:
    given = normalise_short(answer)
    accepted = {normalise_short(a) for a in question["data"]["accepted"]}
    return Grade(1.0 if given and given in accepted else 0.0)


_GRADERS = {
    "single": _grade_single,
    "truefalse": _grade_truefalse,
    "multiple": _grade_multiple,
    "matching": _grade_matching,
    "ordering": _grade_ordering,
    "short": _grade_short,
}


def grade(question: Mapping, answer: Any) -> Grade:
    """Grade one validated answer: the score fraction and the feedback of what was chosen."""
    return _GRADERS[question["type"]](question, answer)


def correct_answer(question: Mapping) -> Any:
    """The answer that scores 1, in the same shape as a validated answer."""
    kind, data = question["type"], question["data"]
    if kind == "single":
        return next(o["id"] for o in data["options"] if o["correct"])
    if kind == "truefalse":
        return TRUE if data["answer"] else FALSE
    if kind == "multiple":
        return sorted(o["id"] for o in data["options"] if o["correct"])
    if kind == "matching":
        return {p["id"]: p["right_id"] for p in data["pairs"]}
    if kind == "ordering":
        return {item["id"]: n for n, item in enumerate(data["items"], 1)}
    return data["accepted"][0]


def is_answered(question: Mapping, answer: Any) -> bool:
    return answer not in (None, "", [], {})


# ---------------------------------------------------------------- definitions


def _entries_ok(entries: Any, *texts: str, ids: tuple[str, ...] = ("id",)) -> bool:
    """At least two entries, each with the text fields `texts`, `ids` unique strings."""
    return (
        isinstance(entries, list)
        and len(entries) >= 2
        and all(
            isinstance(e, Mapping) and all(isinstance(e.get(k), str) for k in texts)
            for e in entries
        )
        and all(_unique_ids(entries, key) for key in ids)
    )


def _unique_ids(entries: list, key: str = "id") -> bool:
    ids = [e.get(key) for e in entries]
    return all(isinstance(i, str) and i for i in ids) and len(set(ids)) == len(ids)


def _check_options(data: Mapping, kind: str) -> list[str]:
    options = data.get("options")
    sound = _entries_ok(options, "text") and all(
        isinstance(o.get("correct"), bool) and isinstance(o.get("feedback", ""), str)
        for o in options
    )
    if not sound:
        return [
            _(
                "Cần “options”: ít nhất hai phương án, mỗi phương án dạng "
                '{"id": "a", "text": "…", "correct": true hoặc false} (có thể thêm '
                '"feedback": "…"), các “id” không trùng nhau.'
            )
        ]
    correct = sum(1 for o in options if o["correct"])
    if kind == "single" and correct != 1:
        return [_('Câu một lựa chọn cần đúng một phương án có "correct": true.')]
    if kind == "multiple" and correct < 1:
        return [_('Câu nhiều lựa chọn cần ít nhất một phương án có "correct": true.')]
    return []


def _check_pairs(data: Mapping) -> list[str]:
    pairs = data.get("pairs")
    ids = ("id", "right_id")
    if _entries_ok(pairs, "left", "right", ids=ids) and not (
        {p["id"] for p in pairs} & {p["right_id"] for p in pairs}
    ):
        return []
    return [
        _(
            "Cần “pairs”: ít nhất hai cặp, mỗi cặp dạng "
            '{"id": "t1", "left": "…", "right": "…", "right_id": "p1"}, '
            "các mã “id” và “right_id” đều khác nhau."
        )
    ]


def _check_items(data: Mapping) -> list[str]:
    if _entries_ok(data.get("items"), "text"):
        return []
    return [
        _(
            "Cần “items”: ít nhất hai mục theo đúng thứ tự, mỗi mục dạng "
            '{"id": "b1", "text": "…"}, các “id” không trùng nhau.'
        )
    ]


def _check_accepted(data: Mapping) -> list[str]:
    accepted = data.get("accepted")
    if (
        not isinstance(accepted, list)
        or not all(isinstance(a, str) for a in accepted)
        or not any(normalise_short(a) for a in accepted)
    ):
        return [
            _(
                "Cần “accepted”: danh sách các câu trả lời được chấp nhận, "
                'ví dụ ["12", "mười hai"], ít nhất một câu không rỗng.'
            )
        ]
    return []


def check_definition(kind: str, data: Any) -> list[str]:
    """Problems that would make a question ungradable or unshowable (empty when sound).

    Every key the attempt page, the grading and the review read must be there, so that
    a question saved in the admin can never break a learner's attempt.
    """
    if kind not in TYPES:
        return [_("Không có loại câu hỏi “%(type)s”.") % {"type": kind}]
    if not isinstance(data, Mapping):
        return [
            _('Dữ liệu câu hỏi phải là một đối tượng JSON, ví dụ {"answer": true}.')
        ]
    if kind in ("single", "multiple"):
        return _check_options(data, kind)
    if kind == "truefalse":
        if isinstance(data.get("answer"), bool):
            return []
        return [_('Câu Đúng/Sai cần "answer": true hoặc false.')]
    if kind == "matching":
        return _check_pairs(data)
    if kind == "ordering":
        return _check_items(data)
    return _check_accepted(data)


# ---------------------------------------------------------------- attempts


@dataclass(frozen=True)
class AttemptGrade:
    results: dict[str, dict]  # question id -> {"fraction": ..., "feedback": {...}}
    earned: float
    total: float
    percent: float
    passed: bool


def grade_attempt(
    questions: list[Mapping], answers: Mapping[str, Any], pass_mark: int
) -> AttemptGrade:
    """Grade every drawn question; the score is the points-weighted percentage."""
    results, earned, total = {}, 0.0, 0.0
    for question in questions:
        key = str(question["id"])
        result = grade(question, answers.get(key, _EMPTY[question["type"]]))
        results[key] = {"fraction": result.fraction, "feedback": result.feedback}
        earned += result.fraction * question["points"]
        total += question["points"]
    percent = round(100 * earned / total, 2) if total else 0.0
    return AttemptGrade(results, earned, total, percent, percent + 1e-9 >= pass_mark)


_EMPTY = {
    "single": None,
    "truefalse": None,
    "multiple": [],
    "matching": {},
    "ordering": {},
    "short": "",
}
