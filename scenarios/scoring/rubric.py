"""A rubric compiled once: conditions as predicates, spans parsed, items in the order
their references need, texts translated once per language.

Compiling is pure (the same rubric gives the same compiled rubric), so it is cached by the
rubric's content: scoring many attempts of one scenario version compiles it once.
"""

import functools
import marshal
from collections.abc import Callable
from dataclasses import dataclass, field

from scenarios.scoring import texts
from scenarios.spec.spans import Span, parse_span

DUE_ACTIONS = ("dossier.received", "dossier.apologised", "dossier.supplemented")


def _item_keys(value) -> set:
    if isinstance(value, list):
        return {
            str(v.get("key") or v.get("name")) if isinstance(v, dict) else str(v)
            for v in value
        }
    return set()


def _is_number(value) -> bool:
    return isinstance(value, int | float)


def _predicate(condition) -> Callable[[object], bool]:
    """The test one `where` condition puts to an event's value."""
    if not isinstance(condition, dict):
        return lambda value: value == condition
    (op, wanted), *_rest = condition.items()
    tests = {
        "gte": lambda value: _is_number(value) and value >= wanted,
        "lte": lambda value: _is_number(value) and value <= wanted,
        "not": lambda value: value != wanted,
        "in": lambda value: value in wanted,
        "includes": lambda value: set(wanted) <= _item_keys(value),
        "excludes": lambda value: not set(wanted) & _item_keys(value),
        "startswith": lambda value: str(value or "").startswith(wanted),
    }
    return tests.get(op, lambda value: False)


@dataclass(frozen=True)
class Match:
    """What an event must show: `where` conditions and the position of its actor."""

    where: tuple = ()
    by: str | None = None

    @classmethod
    def of(cls, entry: dict, by: str | None = None) -> "Match":
        where = tuple(
            (key, _predicate(cond)) for key, cond in (entry.get("where") or {}).items()
        )
        return cls(where, by if by and by != "trainee" else None)

    @property
    def anything(self) -> bool:
        return not self.where and self.by is None

    def mismatches(self, event: dict) -> list[str]:
        """The `where` keys (and "by") the event fails."""
        data = event.get("data") or {}
        wrong = [key for key, holds in self.where if not holds(data.get(key))]
        if self.by and self.by not in (event.get("positions") or ()):
            wrong.append("by")
        return wrong


@dataclass(frozen=True)
class Item:
    id: str
    dossier: str | None
    expect: str
    match: Match
    span: Span | None
    origin: str | None  # the `from` reference (an item id or an action)
    after: tuple
    points: float
    late_points: float
    entry: dict = field(repr=False, compare=False)


@dataclass(frozen=True)
class Forbidden:
    id: str
    dossier: str | None
    action: str
    match: Match
    penalty: float
    entry: dict = field(repr=False, compare=False)


@dataclass
class Rubric:
    ids: tuple  # item ids in the rubric's order, the breakdown's
    items: tuple  # in dependency order
    forbidden: tuple
    maximum: float
    pass_mark: float
    wanted: frozenset  # (action, dossier) pairs the rubric reads; dossier None = any
    due_dossiers: frozenset
    _texts: dict = field(default_factory=dict, repr=False)

    def texts(self, language) -> tuple[dict, list]:
        """Item texts by id and forbidden texts in order, in `language` (kept)."""
        found = self._texts.get(language)
        if found is None:
            by_id = {item.id: texts.item_texts(item.entry) for item in self.items}
            banned = [texts.item_texts(f.entry, "action") for f in self.forbidden]
            found = self._texts[language] = (by_id, banned)
        return found


def _item(entry: dict) -> Item:
    within = entry.get("within")
    return Item(
        id=entry["id"],
        dossier=entry.get("dossier"),
        expect=entry["expect"],
        match=Match.of(entry, entry.get("by")),
        span=parse_span(within) if within else None,
        origin=entry.get("from"),
        after=tuple(entry.get("after", ())),
        points=float(entry["points"]),
        late_points=float(entry.get("late_points", 0)),
        entry=entry,
    )


def _forbidden(entry: dict) -> Forbidden:
    return Forbidden(
        id=entry.get("id") or entry["action"],
        dossier=entry.get("dossier"),
        action=entry["action"],
        match=Match.of(entry),
        penalty=float(entry["penalty"]),
        entry=entry,
    )


def _in_dependency_order(items: list[Item]) -> list[Item]:
    by_id = {item.id: item for item in items}
    done, ordered = set(), []

    def visit(item, trail=()):
        if item.id in done or item.id in trail:
            return
        refs = list(item.after)
        if item.origin in by_id:
            refs.append(item.origin)
        for ref in refs:
            if ref in by_id:
                visit(by_id[ref], (*trail, item.id))
        done.add(item.id)
        ordered.append(item)

    for item in items:
        visit(item)
    return ordered


def _wanted(items, forbidden) -> frozenset:
    pairs = {("scenario.started", None)}
    for item in items:
        pairs.add((item.expect, item.dossier))
        if item.expect == "dossier.approved":
            pairs.add(("dossier.signing_failed", item.dossier))
        if item.origin:  # an item id or an action; either way cheap to look up
            pairs.add((item.origin, item.dossier))
        if item.dossier:
            pairs.add(("dossier.filed", item.dossier))
    pairs.update((f.action, f.dossier) for f in forbidden)
    return frozenset(pairs)


def build(rubric: dict) -> Rubric:
    """Compile `rubric` (a scenario's `rubric` mapping)."""
    items = [_item(entry) for entry in rubric["items"]]
    forbidden = tuple(_forbidden(entry) for entry in rubric.get("forbidden", []))
    return Rubric(
        ids=tuple(item.id for item in items),
        items=tuple(_in_dependency_order(items)),
        forbidden=forbidden,
        maximum=sum(item.points for item in items),
        pass_mark=float(rubric["pass_mark"]),
        wanted=_wanted(items, forbidden),
        due_dossiers=frozenset(
            item.dossier for item in items if item.span and item.span.kind == "due"
        ),
    )


@functools.lru_cache(maxsize=256)
def _cached(content: bytes) -> Rubric:
    return build(marshal.loads(content))


def compiled(rubric: dict) -> Rubric:
    """The compiled `rubric`, from the cache when the same content was compiled before."""
    try:
        content = marshal.dumps(rubric)
    except ValueError:  # lazy texts or other objects marshal cannot write
        return build(rubric)
    return _cached(content)
