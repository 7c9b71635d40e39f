"""The fee a dossier owes when filed, with the catalogue's on-time waivers applied."""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from fake_portal.catalogue import Procedure


@dataclass(frozen=True)
class OnTimeWaiver:
    """No fee when the event declared in `field` happened at most `days` days before."""

    field: str
    days: int
    reason: str


# The catalogue's `waived_when` texts, as rules the portal can apply. Birth registered
# within 60 days of the birth (Luật Hộ tịch, Art. 11 and 15).
_BIRTH_ON_TIME = OnTimeWaiver(
    "child_birth_date",
    60,
    _(
        "Miễn lệ phí: đăng ký khai sinh đúng hạn (trong 60 ngày kể từ ngày sinh; "
        "Điều 11 Luật Hộ tịch)."
    ),
)
# Death registered within 15 days of the death (Art. 11 and 33); the interlinked death
# group LT.002 costs nothing in the catalogue already.
_DEATH_ON_TIME = OnTimeWaiver(
    "death_date",
    15,
    _(
        "Miễn lệ phí: đăng ký khai tử đúng hạn (trong 15 ngày kể từ ngày chết; "
        "Điều 11 và Điều 33 Luật Hộ tịch)."
    ),
)
ON_TIME_WAIVERS = {
    "1.001193": _BIRTH_ON_TIME,
    "LT.001": _BIRTH_ON_TIME,
    "1.000656": _DEATH_ON_TIME,
}


@dataclass(frozen=True)
class Fee:
    """What one filing owes: the amount in đồng for one copy, and why it is 0 when a
    waiver applies (lazy: read it in the language it is shown or logged in)."""

    amount: int
    waiver: str | Promise = ""


def declared_date(value) -> date | None:
    """A declared date as the forms store it (ISO) or as papers print it (dd/mm/yyyy)."""
    text = str(value or "").strip()
    for parse in (
        date.fromisoformat,
        lambda t: datetime.strptime(t, "%d/%m/%Y").date(),
    ):
        try:
            return parse(text)
        except ValueError:
            continue
    return None


def _waiver(procedure: Procedure, request: dict, filed_on: date) -> OnTimeWaiver | None:
    waiver = ON_TIME_WAIVERS.get(procedure.code)
    if waiver is None:
        return None
    happened = declared_date((request or {}).get(waiver.field))
    if happened is None or not 0 <= (filed_on - happened).days <= waiver.days:
        return None
    return waiver


def assess_fee(procedure: Procedure, request: dict, filed_on: date) -> Fee:
    """The fee owed for `request` filed on `filed_on`: 0 with the reason when an on-time
    waiver applies, otherwise the catalogue's fee for one copy. Every filing channel
    (and the postal worker who collects it) asks this one function."""
    waiver = _waiver(procedure, request, filed_on)
    if waiver is not None:
        return Fee(0, waiver.reason)
    return Fee(procedure.fee.amount_for(1))
