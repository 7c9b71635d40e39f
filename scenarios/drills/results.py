"""Individual and team results from one team score (pure functions over plain data).

The rule, shown on the report page:
- every rubric item belongs to the position it names in `by`; an item that names no position
  (or "trainee") belongs to every member of the team;
- a member's score is the points earned on the items of the positions they hold, out of the
  points those items are worth; the team's penalties are deducted from every member;
- the team's result is the mean of its members' scores weighted by the points each member was
  accountable for (the sum of what members earned over the sum of what they could earn).
"""

from dataclasses import dataclass

RULE_KEY = "position-weighted"


@dataclass
class MemberResult:
    participant: int
    earned: float
    maximum: float

    @property
    def percent(self) -> float:
        return round(100 * self.earned / self.maximum, 1) if self.maximum else 0.0


def _owners(item: dict) -> set[str] | None:
    by = item.get("by")
    return None if by in (None, "trainee") else {by}


def member_result(
    participant: int, positions: list[str], score: dict, items: list[dict]
) -> MemberResult:
    """What `participant` (holding `positions`) earned on their items of `score`."""
    by_id = {item["id"]: item for item in items}
    earned = maximum = 0.0
    for result in score.get("items", []):
        owners = _owners(by_id.get(result["id"], {}))
        if owners is None or owners & set(positions):
            earned += float(result["points"])
            maximum += float(result["max_points"])
    penalty = sum(-float(p["points"]) for p in score.get("penalties", []))
    return MemberResult(participant, max(0.0, earned - penalty), maximum)


def team_percent(members: list[MemberResult]) -> float | None:
    """The team's result: members' scores weighted by the points they were accountable for."""
    maximum = sum(m.maximum for m in members)
    if not maximum:
        return None
    return round(100 * sum(m.earned for m in members) / maximum, 1)


def scenario_percent(score: dict | None) -> float | None:
    """The team's scenario score (the whole log against the rubric) as a percentage."""
    if not score or not score.get("max"):
        return None
    return round(100 * float(score["total"]) / float(score["max"]), 1)


def team_result(score: dict, items: list[dict], members: list[tuple]) -> dict:
    """The JSON written on a team when the drill ends; `members` is [(pk, positions)]."""
    results = [member_result(pk, positions, score, items) for pk, positions in members]
    return {
        "rule": RULE_KEY,
        "total": score.get("total"),
        "max": score.get("max"),
        "passed": score.get("passed"),
        "scenario_percent": scenario_percent(score),
        "team_percent": team_percent(results),
        "members": {
            str(r.participant): {
                "earned": r.earned,
                "max": r.maximum,
                "percent": r.percent,
            }
            for r in results
        },
    }


def province_average(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(sum(known) / len(known), 1) if known else None
