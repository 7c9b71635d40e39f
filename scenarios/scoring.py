"""The scoring engine: a pure function from a rubric and an event log to a score.

An event is a dict: {"seq": int, "at": aware datetime (or ISO text), "action": str,
"dossier": the scenario's dossier id or None, "actor": user id or None, "positions":
[positions the actor holds], "data": {...}}. The same rubric and the same events always give
the same result, whatever order the list comes in (it is sorted by time, then seq).
"""

import functools
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext

from scenarios.rules import ACTION_LABELS, action_label, rule_for
from scenarios.spec.spans import parse_span

MET, MISSED, LATE, WRONG_ORDER, WRONG, FORBIDDEN = (
    "met",
    "missed",
    "late",
    "wrong_order",
    "wrong",
    "forbidden",
)


@dataclass
class ItemResult:
    id: str
    label: str
    dossier: str | None
    status: str
    points: float
    max_points: float
    rule: str
    rule_text: str
    basis: str
    feedback: str
    at: datetime | None = None  # ISO text once as_dict() has run
    deadline: datetime | None = None


@dataclass
class ScoreResult:
    total: float
    max: float
    pass_mark: float
    passed: bool
    items: list = field(default_factory=list)
    penalties: list = field(default_factory=list)

    def as_dict(self) -> dict:
        """Plain JSON-ready data (times as ISO text), as stored on the attempt."""
        data = asdict(self)
        for row in data["items"] + data["penalties"]:
            for key in ("at", "deadline"):
                if isinstance(row[key], datetime):
                    row[key] = row[key].isoformat()
        return data


# Django's gettext costs a thread-local lookup per call; a score asks for the same few
# dozen texts, so each is translated once per language and kept.
_TRANSLATED: dict = {}
_LANGUAGE: ContextVar = ContextVar("scoring_language", default=None)


def _(text) -> str:
    key = (_LANGUAGE.get(), text if isinstance(text, str) else id(text))
    found = _TRANSLATED.get(key)
    if found is None:
        found = _TRANSLATED[key] = gettext(text) if isinstance(text, str) else str(text)
    return found


def _moment(value) -> datetime:
    return value if isinstance(value, datetime) else _parsed(str(value))


@functools.lru_cache(maxsize=4096)
def _parsed(text: str) -> datetime:
    return parse_datetime(text)


def prepare(events: list[dict]) -> list[dict]:
    """Events in time order with datetimes (the order scoring and timelines read them in)."""
    ready = [{**e, "at": _moment(e["at"])} for e in events]
    ready.sort(key=lambda e: (e["at"], e.get("seq", 0), e["action"]))
    return ready


# --- matching ----------------------------------------------------------------------------


def _item_keys(value) -> set:
    if isinstance(value, list):
        return {
            str(v.get("key") or v.get("name")) if isinstance(v, dict) else str(v)
            for v in value
        }
    return set()


def _condition_holds(value, condition) -> bool:
    if not isinstance(condition, dict):
        return value == condition
    (op, wanted), *_rest = condition.items()
    if op == "gte":
        return isinstance(value, int | float) and value >= wanted
    if op == "lte":
        return isinstance(value, int | float) and value <= wanted
    if op == "not":
        return value != wanted
    if op == "in":
        return value in wanted
    if op == "includes":
        return set(wanted) <= _item_keys(value)
    if op == "excludes":
        return not set(wanted) & _item_keys(value)
    if op == "startswith":
        return str(value or "").startswith(wanted)
    return False


def _mismatches(event: dict, where: dict, by: str | None) -> list[str]:
    data = event.get("data") or {}
    wrong = [
        key for key, cond in where.items() if not _condition_holds(data.get(key), cond)
    ]
    if by and by != "trainee" and by not in (event.get("positions") or ()):
        wrong.append("by")
    return wrong


class _Log(list):
    """The sorted events, with an index by (action, dossier) built once per scoring."""

    def __init__(self, events):
        super().__init__(events)
        self.index = {}
        for event in self:
            self.index.setdefault((event["action"], None), []).append(event)
            if event.get("dossier") is not None:
                key = (event["action"], event["dossier"])
                self.index.setdefault(key, []).append(event)
            self.index.setdefault(("*", event.get("dossier")), []).append(event)


def _candidates(events, action, dossier):
    return events.index.get((action, dossier), ())


# --- time limits -------------------------------------------------------------------------


def _first(events, action, dossier):
    found = _candidates(events, action, dossier)
    return found[0]["at"] if found else None


def _origin(item, events, matched) -> datetime | None:
    origin = item.get("from")
    if origin and origin in matched:
        event = matched[origin]
        return event["at"] if event else None
    if origin:
        return _first(events, origin, item.get("dossier"))
    if item.get("dossier"):
        return _first(events, "dossier.filed", item["dossier"])
    return _first(events, "scenario.started", None)


def _due_before(events, dossier, moment) -> datetime | None:
    """The appointment in force for `dossier` just before `moment`."""
    due = None
    for event in events.index.get(("*", dossier), ()):
        if event["at"] > moment:
            break
        if event["at"] == moment and event["action"] == "dossier.apologised":
            continue
        data = event.get("data") or {}
        if event["action"] == "dossier.received" and data.get("due_at"):
            due = _moment(data["due_at"])
        elif event["action"] == "dossier.apologised" and data.get("new_due_at"):
            due = _moment(data["new_due_at"])
        elif event["action"] == "dossier.supplemented" and due is not None:
            due += timedelta(seconds=float(data.get("waited_seconds") or 0))
    return due


def _deadline(item, events, matched, event) -> datetime | None:
    within = item.get("within")
    if not within:
        return None
    span = parse_span(within)
    if span.kind == "due":
        return _due_before(events, item["dossier"], event["at"])
    origin = _origin(item, events, matched)
    return span.after(origin) if origin else None


# --- one item ----------------------------------------------------------------------------


def _when(moment) -> str:
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def _feedback(status, item, label, *, deadline=None, at=None, others=(), why=()):
    rule = rule_for(item["rule"])
    if status == MET:
        return _("Đạt: %(label)s.") % {"label": label}
    if status == LATE:
        text = _("Bước làm muộn: %(label)s lúc %(at)s, hạn là %(deadline)s.") % {
            "label": label,
            "at": _when(at),
            "deadline": _when(deadline),
        }
    elif status == WRONG_ORDER:
        text = _("Sai trình tự: %(label)s phải làm sau “%(others)s”.") % {
            "label": label,
            "others": ", ".join(others),
        }
    elif status == WRONG and "by" in why:
        text = _(
            "Sai thẩm quyền: %(label)s phải do người giữ vị trí đúng thực hiện."
        ) % {"label": label}
    elif status == WRONG:
        text = _("Làm chưa đúng: %(label)s – sai ở “%(fields)s”.") % {
            "label": label,
            "fields": ", ".join(_field_name(f) for f in why),
        }
    elif item.get("_signing_failed"):
        text = _(
            "Thiếu chữ ký số: %(label)s chưa hoàn thành vì ký số không thành công."
        ) % {"label": label}
    else:
        text = _("Thiếu bước: %(label)s.") % {"label": label}
    cite = _("Quy định: %(text)s Căn cứ: %(basis)s.") % {
        "text": _(rule.text),
        "basis": _(rule.basis),
    }
    return f"{text} {cite}"


_FIELD_NAMES = {
    "agency": "cơ quan tiếp nhận liên thông",
    "forwarded": "chuyển đến đơn vị có thẩm quyền",
    "signature_method": "hình thức ký số",
    "items": "danh sách giấy tờ cần bổ sung",
    "count": "số lần yêu cầu bổ sung",
    "after_due": "thời điểm gửi văn bản xin lỗi",
    "channel": "kênh trả kết quả",
}


def _field_name(key: str) -> str:
    return _FIELD_NAMES.get(key, key)


def _judge(item, events, matched) -> tuple[str, dict | None, list]:
    candidates = _candidates(events, item["expect"], item.get("dossier"))
    where, by = item.get("where") or {}, item.get("by")
    good = [e for e in candidates if not _mismatches(e, where, by)]
    if not good:
        why = _mismatches(candidates[0], where, by) if candidates else []
        return (WRONG if candidates else MISSED), None, why
    return MET, good[0], []


def _order_breaks(item, event, matched, labels) -> list[str]:
    return [
        labels[other]
        for other in item.get("after", [])
        if matched.get(other) is not None and matched[other]["at"] > event["at"]
    ]


def _score_item(item, events, matched, labels) -> ItemResult:
    label = labels[item["id"]]
    status, event, why = _judge(item, events, matched)
    matched[item["id"]] = event
    points, deadline, extras = 0.0, None, {}
    if event is not None:
        broken = _order_breaks(item, event, matched, labels)
        deadline = _deadline(item, events, matched, event)
        if item.get("from") and _origin(item, events, matched) is None:
            # The step it must follow never happened (received before it was complete).
            broken = broken or [labels.get(item["from"]) or action_label(item["from"])]
        if broken:
            status, extras = WRONG_ORDER, {"others": broken}
        elif deadline is not None and event["at"] > deadline:
            status = LATE
            points = float(item.get("late_points", 0))
        else:
            points = float(item["points"])
    elif item["expect"] == "dossier.approved" and _candidates(
        events, "dossier.signing_failed", item.get("dossier")
    ):
        item = {**item, "_signing_failed": True}
    rule = rule_for(item["rule"])
    return ItemResult(
        id=item["id"],
        label=label,
        dossier=item.get("dossier"),
        status=status,
        points=points,
        max_points=float(item["points"]),
        rule=rule.key,
        rule_text=_(rule.text),
        basis=_(rule.basis),
        feedback=_feedback(
            status,
            item,
            label,
            deadline=deadline,
            at=event["at"] if event else None,
            why=why,
            **extras,
        ),
        at=event["at"] if event else None,
        deadline=deadline,
    )


def _label(entry, action_key) -> str:
    return entry.get("label") or _(
        ACTION_LABELS.get(entry[action_key], entry[action_key])
    )


def _penalty(rule, events) -> ItemResult | None:
    where = rule.get("where") or {}
    hits = [
        e
        for e in _candidates(events, rule["action"], rule.get("dossier"))
        if not _mismatches(e, where, None)
    ]
    if not hits:
        return None
    label, info = _label(rule, "action"), rule_for(rule["rule"])
    text = _("Thao tác không được phép: %(label)s (trừ %(penalty)s điểm).") % {
        "label": label,
        "penalty": f"{rule['penalty']:g}",
    }
    cite = _("Quy định: %(text)s Căn cứ: %(basis)s.") % {
        "text": _(info.text),
        "basis": _(info.basis),
    }
    return ItemResult(
        id=rule.get("id") or rule["action"],
        label=label,
        dossier=rule.get("dossier"),
        status=FORBIDDEN,
        points=-float(rule["penalty"]),
        max_points=0.0,
        rule=info.key,
        rule_text=_(info.text),
        basis=_(info.basis),
        feedback=f"{text} {cite}",
        at=hits[0]["at"],
    )


def score(rubric: dict, events: list[dict]) -> ScoreResult:
    """Total, per-item breakdown and feedback for `events` judged against `rubric`."""
    _LANGUAGE.set(translation.get_language())
    events = _Log(prepare(events))
    items = rubric["items"]
    labels = {item["id"]: _label(item, "expect") for item in items}
    matched: dict = {}
    # Items are judged in dependency order so an "after"/"from" reference is known first.
    results = {
        item["id"]: _score_item(item, events, matched, labels)
        for item in _in_dependency_order(items)
    }
    penalties = [p for r in rubric.get("forbidden", []) if (p := _penalty(r, events))]
    maximum = sum(float(item["points"]) for item in items)
    earned = sum(r.points for r in results.values()) + sum(p.points for p in penalties)
    total = round(max(0.0, earned), 2)
    pass_mark = float(rubric["pass_mark"])
    return ScoreResult(
        total=total,
        max=maximum,
        pass_mark=pass_mark,
        passed=total >= pass_mark,
        items=[results[item["id"]] for item in items],
        penalties=penalties,
    )


def _in_dependency_order(items):
    by_id = {item["id"]: item for item in items}
    done, ordered = set(), []

    def visit(item, trail=()):
        if item["id"] in done or item["id"] in trail:
            return
        refs = list(item.get("after", []))
        if item.get("from") in by_id:
            refs.append(item["from"])
        for ref in refs:
            if ref in by_id:
                visit(by_id[ref], (*trail, item["id"]))
        done.add(item["id"])
        ordered.append(item)

    for item in items:
        visit(item)
    return ordered
