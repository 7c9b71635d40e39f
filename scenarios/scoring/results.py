"""What a score is made of: item statuses, one result per rubric item, the total."""

from dataclasses import dataclass, field
from datetime import datetime

MET, MISSED, LATE, WRONG_ORDER, WRONG, FORBIDDEN = (
    "met",
    "missed",
    "late",
    "wrong_order",
    "wrong",
    "forbidden",
)


@dataclass(slots=True)
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
    at: datetime | None = None  # ISO text in as_dict()
    deadline: datetime | None = None

    def as_dict(self) -> dict:
        """Plain JSON-ready data, times as ISO text."""
        at, deadline = self.at, self.deadline
        return {
            "id": self.id,
            "label": self.label,
            "dossier": self.dossier,
            "status": self.status,
            "points": self.points,
            "max_points": self.max_points,
            "rule": self.rule,
            "rule_text": self.rule_text,
            "basis": self.basis,
            "feedback": self.feedback,
            "at": at.isoformat() if isinstance(at, datetime) else at,
            "deadline": (
                deadline.isoformat() if isinstance(deadline, datetime) else deadline
            ),
        }


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
        return {
            "total": self.total,
            "max": self.max,
            "pass_mark": self.pass_mark,
            "passed": self.passed,
            "items": [row.as_dict() for row in self.items],
            "penalties": [row.as_dict() for row in self.penalties],
        }
