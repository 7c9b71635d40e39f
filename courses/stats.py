"""Quiz item statistics, as Moodle reports them: pure functions over graded attempts.

Each attempt is a list of (question id, score fraction, points) for the questions it drew.
- facility index: the mean score fraction on the item (high = easy);
- discrimination: the Pearson correlation between the item's fraction and the score
  fraction on the rest of that attempt (the corrected item-total, i.e. point-biserial,
  correlation Moodle calls the discrimination index). None when it cannot be computed
  (fewer than two attempts, or no spread in either variable).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from math import sqrt

AttemptItems = Sequence[tuple[int, float, float]]


@dataclass(frozen=True)
class ItemStat:
    question_id: int
    attempts: int
    facility: float
    discrimination: float | None


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return sxy / sqrt(sxx * syy)


def _rest_fraction(items: AttemptItems, skip: int) -> float | None:
    points = sum(p for qid, _f, p in items if qid != skip)
    if not points:
        return None
    return sum(f * p for qid, f, p in items if qid != skip) / points


def item_statistics(attempts: Iterable[AttemptItems]) -> list[ItemStat]:
    """Facility and discrimination of every question that appears in `attempts`."""
    pairs: dict[int, list[tuple[float, float | None]]] = {}
    for items in attempts:
        for qid, fraction, _points in items:
            pairs.setdefault(qid, []).append((fraction, _rest_fraction(items, qid)))
    stats = []
    for qid, values in pairs.items():
        fractions = [f for f, _rest in values]
        usable = [(f, rest) for f, rest in values if rest is not None]
        discrimination = pearson([f for f, _ in usable], [r for _, r in usable])
        stats.append(
            ItemStat(qid, len(values), sum(fractions) / len(fractions), discrimination)
        )
    return sorted(stats, key=lambda s: s.question_id)
