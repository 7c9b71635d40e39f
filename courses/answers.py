"""Reading a quiz form post into validated answers: pure, no ORM.

Field names: `q-<question id>` for choice, true/false and short answers (a multiple-choice
question sends one value per ticked box), `q-<question id>-<left or item id>` for
matching (value: the chosen right-hand id) and ordering (value: the position, 1..n).
Anything else beginning with `q-` is a tampered post.

`seen-<question id>` carries the digest of the saved answer the page was showing, so that
a page that did not change a question never overwrites what another tab (or an earlier
autosave) saved there: see `merge_answers`.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from courses.grading import InvalidAnswerError, RepeatedPositionError, validate_answer

SINGLE_VALUED = {"single", "truefalse", "short"}
SUB_KEYED = {"matching", "ordering"}


class AnswersToMendError(ValueError):
    """Answers the learner must correct; `questions` names them, `answers` is the post."""

    def __init__(self, questions: list[str], answers: dict[str, Any]):
        super().__init__(questions)
        self.questions, self.answers = questions, answers


def _split(name: str) -> tuple[str, str | None]:
    parts = name.split("-", 2)
    if len(parts) < 2 or not parts[1]:
        raise InvalidAnswerError(name)
    return parts[1], parts[2] if len(parts) == 3 else None


def _collect(
    by_id: Mapping[str, Mapping], fields: Iterable[tuple[str, list[str]]]
) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for name, values in fields:
        if not name.startswith("q-"):
            continue
        qid, sub = _split(name)
        question = by_id.get(qid)
        if question is None or (sub is None) == (question["type"] in SUB_KEYED):
            raise InvalidAnswerError(name)
        if question["type"] in SUB_KEYED:
            if len(values) != 1:
                raise InvalidAnswerError(name)
            raw.setdefault(qid, {})[sub] = values[0]
        elif question["type"] in SINGLE_VALUED:
            if len(values) != 1:
                raise InvalidAnswerError(name)
            raw[qid] = values[0]
        else:
            raw[qid] = list(values)
    return raw


def parse_answers(
    questions: Sequence[Mapping], fields: Iterable[tuple[str, list[str]]]
) -> dict[str, Any]:
    """Validated answers keyed by question id (as text).

    InvalidAnswerError for a tampered post; AnswersToMendError when the post is honest
    but some answers must be corrected before they can be kept.
    """
    by_id = {str(q["id"]): q for q in questions}
    raw = _collect(by_id, fields)
    answers, to_mend = {}, []
    for qid, question in by_id.items():
        try:
            answers[qid] = validate_answer(question, raw.get(qid))
        except RepeatedPositionError as error:
            answers[qid] = error.answer
            to_mend.append(qid)
    if to_mend:
        raise AnswersToMendError(to_mend, answers)
    return answers


SEEN = "seen-"


def answer_digest(question: Mapping, answer: Any) -> str:
    """A short fingerprint of an answer; no answer and an empty one are the same."""
    if answer is None:
        answer = validate_answer(question, None)
    text = json.dumps(answer, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def digests(questions: Sequence[Mapping], answers: Mapping[str, Any]) -> dict[str, str]:
    """The digest of each question's answer in `answers`, keyed by question id."""
    return {
        str(q["id"]): answer_digest(q, answers.get(str(q["id"]))) for q in questions
    }


def seen_digests(fields: Iterable[tuple[str, list[str]]]) -> dict[str, str]:
    """What the posting page was showing as saved, question by question."""
    return {
        name.removeprefix(SEEN): values[-1]
        for name, values in fields
        if name.startswith(SEEN) and values
    }


def merge_answers(
    questions: Sequence[Mapping],
    saved: Mapping[str, Any],
    posted: Mapping[str, Any],
    seen: Mapping[str, str],
) -> dict[str, Any]:
    """The answers to keep: the posted one where the page changed it, else the saved one.

    A question the page changed is one whose posted answer differs from what the page
    was showing as saved (`seen`); without a `seen` digest the post wins, as before.
    """
    merged = {}
    for question in questions:
        qid = str(question["id"])
        changed = seen.get(qid) != answer_digest(question, posted.get(qid))
        merged[qid] = posted.get(qid) if changed or qid not in saved else saved[qid]
    return merged
