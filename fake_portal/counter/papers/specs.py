"""What a planned paper is, as plain data (before it becomes a Paper row)."""

from dataclasses import dataclass, field, replace
from datetime import date

REFORM = date(2025, 7, 1)  # two-tier local government: districts abolished


@dataclass
class PaperSpec:
    kind: str
    key: str
    title: str
    fields: list  # [(name, value)] in print order
    pages: int = 1
    missing_pages: list = field(default_factory=list)
    issued_on: date | None = None
    other_owner: bool = False
    defects: list = field(default_factory=list)
    confidential: bool = False
    handwritten: bool = False
    required: bool = True

    def value(self, name: str) -> str:
        return dict(self.fields).get(name, "")

    def with_value(self, name: str, value: str) -> "PaperSpec":
        fields = [(n, value if n == name else v) for n, v in self.fields]
        return replace(self, fields=fields)


@dataclass(frozen=True)
class OldNames:
    """How a unit was named before July 2025: its district and old province."""

    district: str
    province: str


def dmy(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""
