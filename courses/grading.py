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


def _grade_single(question: Mapping, answer: str | None) -> Grade:
    options = {o["id"]: o for o in question["data"]["options"]}
    if answer not in options:
        return Grade(0.0)
    chosen = options[answer]
    return Grade(1.0 if chosen["correct"] else 0.0, {answer: chosen["feedback"]})


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
    return Grade(fraction, {o["id"]: o["feedback"] for o in chosen})


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


def _unique_ids(entries: list, key: str = "id") -> bool:
    ids = [e.get(key) for e in entries]
    return all(isinstance(i, str) and i for i in ids) and len(set(ids)) == len(ids)


def _check_options(data: Mapping, kind: str) -> list[str]:
    options = data.get("options")
    if not isinstance(options, list) or len(options) < 2:
        return ["options: at least two options"]
    if not _unique_ids(options) or not all("text" in o for o in options):
        return ["options: each needs a unique id and a text"]
    correct = sum(1 for o in options if o.get("correct") is True)
    if kind == "single" and correct != 1:
        return ["options: exactly one correct option"]
    if kind == "multiple" and correct < 1:
        return ["options: at least one correct option"]
    return []


def _check_pairs(data: Mapping) -> list[str]:
    pairs = data.get("pairs")
    if not isinstance(pairs, list) or len(pairs) < 2:
        return ["pairs: at least two pairs"]
    ok = _unique_ids(pairs) and _unique_ids(pairs, "right_id")
    ids = {p["id"] for p in pairs} if ok else set()
    if not ok or ids & {p["right_id"] for p in pairs}:
        return ["pairs: each needs distinct id and right_id"]
    return []


def _check_items(data: Mapping) -> list[str]:
    items = data.get("items")
    if not isinstance(items, list) or len(items) < 2 or not _unique_ids(items):
        return ["items: at least two items, each with a unique id"]
    return []


def check_definition(kind: str, data: Any) -> list[str]:
    """Problems that would make a question ungradable (empty list when it is sound)."""
    if kind not in TYPES:
        return [f"type: unknown type {kind!r}"]
    if not isinstance(data, Mapping):
        return ["data: must be an object"]
    if kind in ("single", "multiple"):
        return _check_options(data, kind)
    if kind == "truefalse":
        return [] if isinstance(data.get("answer"), bool) else ["answer: true or false"]
    if kind == "matching":
        return _check_pairs(data)
    if kind == "ordering":
        return _check_items(data)
    accepted = data.get("accepted")
    if not isinstance(accepted, list) or not any(normalise_short(a) for a in accepted):
        return ["accepted: at least one accepted answer"]
    return []


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
