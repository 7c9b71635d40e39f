"""What a citizen's own papers say: the database row with their data defects undone.

A Citizen row holds the population database's values; each DataDefect keeps the value
printed on the citizen's papers (ID card, birth certificate, old residence book). The
lead's document generator prints `papers_view(citizen)` so a trainee can compare.
"""

from dataclasses import dataclass, field
from datetime import date

from fake_portal.population.models import Citizen, DataDefect

# Fields a defect may change on the papers (everything else is printed as in the database).
PAPER_FIELDS = (
    "id_number",
    "surname",
    "middle_name",
    "given_name",
    "sex",
    "birth_date",
    "birth_place_code",
    "ethnicity",
    "religion",
    "hometown",
    "permanent_address",
    "card_issue_date",
    "card_expiry_date",
)
_DATE_FIELDS = {"birth_date", "card_issue_date", "card_expiry_date"}


@dataclass
class Papers:
    id_number: str
    surname: str
    middle_name: str
    given_name: str
    sex: str
    birth_date: date
    birth_place_code: str
    ethnicity: str
    religion: str
    hometown: str
    permanent_address: str
    card_issue_date: date | None
    card_expiry_date: date | None
    # field -> (database value, paper value) for every field where the two differ
    differences: dict = field(default_factory=dict)

    @property
    def full_name(self):
        return " ".join(
            p for p in (self.surname, self.middle_name, self.given_name) if p
        )


def full_address(citizen: Citizen) -> str:
    """The permanent address as the database writes it since 1 July 2025 (no district)."""
    commune = citizen.permanent_commune
    parts = [citizen.permanent_address, commune.name, commune.province.name]
    return ", ".join(p for p in parts if p)


def _database_values(citizen: Citizen) -> dict:
    values = {name: getattr(citizen, name) for name in PAPER_FIELDS}
    values["permanent_address"] = full_address(citizen)
    return values


def _parse(name: str, value: str):
    if name in _DATE_FIELDS:
        return date.fromisoformat(value) if value else None
    return value


def papers_view(citizen: Citizen, defects=None) -> Papers:
    """The citizen's data as printed on their papers (defects applied the other way)."""
    values = _database_values(citizen)
    differences = {}
    if defects is None:
        defects = citizen.defects.all()
    for defect in defects:
        if (
            defect.kind == DataDefect.Kind.DUPLICATE_RECORD
            or defect.field not in values
        ):
            continue
        paper = _parse(defect.field, defect.paper_value)
        if paper != values[defect.field]:
            differences[defect.field] = (values[defect.field], paper)
            values[defect.field] = paper
    return Papers(**values, differences=differences)
