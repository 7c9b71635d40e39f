"""Judging an event log against a compiled rubric, item by item."""

from datetime import datetime

from django.utils import translation

from scenarios.rules import action_label
from scenarios.scoring import texts
from scenarios.scoring.log import Log
from scenarios.scoring.results import (
    FORBIDDEN,
    LATE,
    MET,
    MISSED,
    WRONG,
    WRONG_ORDER,
    ItemResult,
    ScoreResult,
)
from scenarios.scoring.rubric import Forbidden, Item, Rubric, compiled


def _judge(item: Item, log: Log) -> tuple[str, tuple | None, list]:
    """The first event meeting the item, or why none does."""
    candidates = log.find(item.expect, item.dossier)
    if not candidates:
        return MISSED, None, []
    if item.match.anything:
        return MET, candidates[0], []
    for found in candidates:
        if not item.match.mismatches(found[1]):
            return MET, found, []
    return WRONG, None, item.match.mismatches(candidates[0][1])


def _origin(item: Item, log: Log, matched: dict) -> datetime | None:
    """When the item's time limit starts counting."""
    if item.origin and item.origin in matched:
        found = matched[item.origin]
        return found[0] if found else None
    if item.origin:
        return log.first(item.origin, item.dossier)
    if item.dossier:
        return log.first("dossier.filed", item.dossier)
    return log.first("scenario.started", None)


def _order_breaks(item: Item, at: datetime, matched: dict, words: dict) -> list[str]:
    return [
        words[other].label
        for other in item.after
        if matched.get(other) is not None and matched[other][0] > at
    ]


def _deadline(item: Item, log: Log, at: datetime, origin) -> datetime | None:
    if item.span is None:
        return None
    if item.span.kind == "due":
        return log.due_before(item.dossier, at)
    return item.span.after(origin) if origin is not None else None


def _done(item: Item, at: datetime, log: Log, matched: dict, words: dict) -> tuple:
    """(status, points, deadline, feedback) for an item whose event was found."""
    said = words[item.id]
    broken = _order_breaks(item, at, matched, words) if item.after else []
    timed = item.span is not None and item.span.kind != "due"
    origin = _origin(item, log, matched) if item.origin or timed else None
    deadline = _deadline(item, log, at, origin)
    if item.origin and origin is None:
        # The step it must follow never happened (received before it was complete).
        fallback = words[item.origin].label if item.origin in words else None
        broken = broken or [fallback or action_label(item.origin)]
    if broken:
        return WRONG_ORDER, 0.0, deadline, texts.wrong_order(said, broken)
    if deadline is not None and at > deadline:
        return LATE, item.late_points, deadline, texts.late(said, at, deadline)
    return MET, item.points, deadline, said.met


def _not_done(item: Item, status: str, why: list, log: Log, said) -> str:
    """The feedback for an item whose event is missing or wrong."""
    if status == WRONG:
        return texts.wrong(said, why)
    if item.expect == "dossier.approved" and log.find(
        "dossier.signing_failed", item.dossier
    ):
        return said.signing_failed
    return said.missed


def _score_item(item: Item, log: Log, matched: dict, words: dict) -> ItemResult:
    said = words[item.id]
    status, found, why = _judge(item, log)
    matched[item.id] = found
    at = found[0] if found else None
    if found is not None:
        status, points, deadline, feedback = _done(item, at, log, matched, words)
    else:
        points, deadline = 0.0, None
        feedback = _not_done(item, status, why, log, said)
    return ItemResult(
        id=item.id,
        label=said.label,
        dossier=item.dossier,
        status=status,
        points=points,
        max_points=item.points,
        rule=said.rule,
        rule_text=said.rule_text,
        basis=said.basis,
        feedback=feedback,
        at=at,
        deadline=deadline,
    )


def _penalty(rule: Forbidden, said, log: Log) -> ItemResult | None:
    hits = [
        at
        for at, event in log.find(rule.action, rule.dossier)
        if not rule.match.mismatches(event)
    ]
    if not hits:
        return None
    return ItemResult(
        id=rule.id,
        label=said.label,
        dossier=rule.dossier,
        status=FORBIDDEN,
        points=-rule.penalty,
        max_points=0.0,
        rule=said.rule,
        rule_text=said.rule_text,
        basis=said.basis,
        feedback=texts.forbidden(said, rule.entry["penalty"]),
        at=hits[0],
    )


def judge(rubric: Rubric, events: list[dict]) -> ScoreResult:
    """Score `events` against an already compiled rubric."""
    language = translation.get_language()
    texts.LANGUAGE.set(language)
    words, banned = rubric.texts(language)
    log = Log(events, rubric)
    matched: dict = {}
    # Items are judged in dependency order so an "after"/"from" reference is known first.
    results = {item.id: _score_item(item, log, matched, words) for item in rubric.items}
    penalties = [
        p
        for rule, said in zip(rubric.forbidden, banned, strict=True)
        if (p := _penalty(rule, said, log))
    ]
    earned = sum(r.points for r in results.values()) + sum(p.points for p in penalties)
    total = round(max(0.0, earned), 2)
    return ScoreResult(
        total=total,
        max=rubric.maximum,
        pass_mark=rubric.pass_mark,
        passed=total >= rubric.pass_mark,
        items=[results[key] for key in rubric.ids],
        penalties=penalties,
    )


def score(rubric: dict, events: list[dict]) -> ScoreResult:
    """Total, per-item breakdown and feedback for `events` judged against `rubric`."""
    return judge(compiled(rubric), events)
