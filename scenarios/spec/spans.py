"""Spans of time in scenario files: "30 phút", "4h", "8 working hours", "2 ngày làm việc"."""

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils.translation import gettext, ngettext

from fake_portal import deadlines
from sandbox.numbers import amount

_UNITS = {
    "m": "minutes",
    "min": "minutes",
    "minute": "minutes",
    "minutes": "minutes",
    "phút": "minutes",
    "h": "hours",
    "hour": "hours",
    "hours": "hours",
    "giờ": "hours",
    "d": "days",
    "day": "days",
    "days": "days",
    "ngày": "days",
    "working hour": "working_hours",
    "working hours": "working_hours",
    "giờ làm việc": "working_hours",
    "working day": "working_days",
    "working days": "working_days",
    "ngày làm việc": "working_days",
}
_SPAN = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([^\d].*?)\s*$")
DUE = {"before due", "trước hạn"}


@dataclass(frozen=True)
class Span:
    """An amount of time; `kind` is minutes, working_hours, working_days or due."""

    kind: str
    amount: float = 0.0

    def after(self, start: datetime) -> datetime:
        """The instant this span after `start` (working time counts office hours only)."""
        if self.kind == "minutes":
            return start + timedelta(minutes=self.amount)
        if self.kind == "working_hours":
            return add_working_hours(start, self.amount)
        if self.kind == "working_days":
            day = add_working_days(
                start.astimezone(deadlines.VIETNAM).date(), int(self.amount)
            )
            return datetime.combine(day, deadlines.CLOSE, tzinfo=deadlines.VIETNAM)
        raise ValueError("a due-date span has no fixed end")

    def describe(self) -> str:
        """The span in words of the active language: "1 ngày làm việc", "30 phút"."""
        if self.kind == "due":
            return gettext("trước hạn")
        if self.kind == "minutes":
            return _describe_minutes(self.amount)
        n, shown = _amount(self.amount)
        if self.kind == "working_hours":
            return ngettext("%(count)s giờ làm việc", "%(count)s giờ làm việc", n) % {
                "count": shown
            }
        return ngettext("%(count)s ngày làm việc", "%(count)s ngày làm việc", n) % {
            "count": shown
        }

    def offset(self, start: datetime) -> datetime:
        """Where an arrival or inject `at` this span falls: working days keep the hour."""
        if self.kind == "working_days":
            local = start.astimezone(deadlines.VIETNAM)
            day = add_working_days(local.date(), int(self.amount))
            return datetime.combine(day, local.timetz())
        return self.after(start)


def _amount(value: float) -> tuple[int, str]:
    """The count ngettext chooses the plural by, and the amount as written locally."""
    return (int(value) if value == int(value) else 2), amount(value)


def _describe_minutes(minutes: float) -> str:
    if minutes and minutes % (24 * 60) == 0:
        n, shown = _amount(minutes / (24 * 60))
        return ngettext("%(count)s ngày", "%(count)s ngày", n) % {"count": shown}
    if minutes and minutes % 60 == 0:
        n, shown = _amount(minutes / 60)
        return ngettext("%(count)s giờ", "%(count)s giờ", n) % {"count": shown}
    n, shown = _amount(minutes)
    return ngettext("%(count)s phút", "%(count)s phút", n) % {"count": shown}


def parse_span(text: str) -> Span:
    """Read a span; ValueError when it is not one."""
    text = str(text).strip().lower()
    if text in DUE:
        return Span("due")
    match = _SPAN.match(text)
    if not match or match.group(2) not in _UNITS:
        raise ValueError(text)
    amount, unit = float(match.group(1)), _UNITS[match.group(2)]
    if unit == "hours":
        return Span("minutes", amount * 60)
    if unit == "days":
        return Span("minutes", amount * 24 * 60)
    return Span(unit, amount)


def whole_days(text) -> int | None:
    """The calendar days in "20 ngày" or "3 days"; None for anything else (other units,
    fractions, dates)."""
    match = _SPAN.match(str(text).strip().lower())
    if not match or _UNITS.get(match.group(2)) != "days":
        return None
    days = float(match.group(1))
    return int(days) if days == int(days) else None


# The portal's working-time rules (fake_portal.deadlines), with the day check cached:
# scoring asks for the same few days thousands of times and the holiday table is slow.


@functools.lru_cache(maxsize=8192)
def _working(day: date) -> bool:
    return deadlines.is_working_day(day)


def add_working_days(day: date, days: int) -> date:
    """The `days`-th working day after `day` (as deadlines.add_working_days)."""
    for _ in range(days):
        day += timedelta(days=1)
        while not _working(day):
            day += timedelta(days=1)
    return day


def add_working_hours(start: datetime, hours: float) -> datetime:
    """`hours` office hours after `start` (as deadlines.add_working_hours)."""
    remaining = timedelta(hours=hours)
    local = start.astimezone(deadlines.VIETNAM)
    day, clock = local.date(), local.time()
    while True:
        for open_, close in (deadlines.MORNING, deadlines.AFTERNOON):
            if not _working(day) or clock >= close:
                continue
            begin = max(open_, clock)
            span = datetime.combine(day, close) - datetime.combine(day, begin)
            if remaining <= span:
                return (
                    datetime.combine(day, begin, tzinfo=deadlines.VIETNAM) + remaining
                )
            remaining -= span
        day, clock = day + timedelta(days=1), time(0, 0)
