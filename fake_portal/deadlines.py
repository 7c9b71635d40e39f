"""Working-day arithmetic for appointment dates, with Vietnamese public holidays.

Rules (DOMAIN.md "Deadlines"): a deadline in working days is counted from the working day after
a complete dossier is received, and falls at the end of office hours of its last day. Same-day
procedures received after the cut-off (15:00) are due the next working day. Saturdays, Sundays
and public holidays (the `holidays` package, country VN, with observed days) are not working days.
Office hours are 07:30–11:30 and 13:00–17:00 (8 working hours), used for the 8-working-hour rule.
"""

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
MORNING = (time(7, 30), time(11, 30))
AFTERNOON = (time(13, 0), time(17, 0))
CLOSE = AFTERNOON[1]


@lru_cache(maxsize=64)
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=year)


def warm_up() -> None:
    """Load this year's and next year's holidays; the package's first use imports all its
    country modules (sandbox/warmup.py)."""
    this_year = date.today().year
    for year in (this_year, this_year + 1):
        _holidays(year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def next_working_day(day: date) -> date:
    """The first working day strictly after `day`."""
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(day: date, days: int) -> date:
    """The `days`-th working day after `day` (counting starts the day after)."""
    for _ in range(days):
        day = next_working_day(day)
    return day


def _local(moment: datetime) -> datetime:
    return moment.astimezone(VIETNAM)


def _end_of(day: date) -> datetime:
    return datetime.combine(day, CLOSE, tzinfo=VIETNAM)


def due_at(
    received: datetime,
    working_days: int,
    *,
    same_day: bool = False,
    cutoff: time | None = time(15, 0),
) -> datetime:
    """The appointment for a dossier received at `received` (an aware datetime)."""
    local = _local(received)
    day = local.date()
    if same_day or working_days == 0:
        late = cutoff is not None and local.time() >= cutoff
        if is_working_day(day) and not late:
            return _end_of(day)
        return _end_of(next_working_day(day))
    return _end_of(add_working_days(day, working_days))


def _working_seconds_on(day: date, start: time, end: time) -> float:
    if not is_working_day(day):
        return 0.0
    total = 0.0
    for open_, close in (MORNING, AFTERNOON):
        lo, hi = max(open_, start), min(close, end)
        if lo < hi:
            total += (
                datetime.combine(day, hi) - datetime.combine(day, lo)
            ).total_seconds()
    return total


def working_hours_between(start: datetime, end: datetime) -> float:
    """Office hours elapsed from `start` to `end` (0 if end is before start)."""
    if end <= start:
        return 0.0
    a, b = _local(start), _local(end)
    seconds = 0.0
    day = a.date()
    while day <= b.date():
        lo = a.time() if day == a.date() else time(0, 0)
        hi = b.time() if day == b.date() else time(23, 59, 59, 999999)
        seconds += _working_seconds_on(day, lo, hi)
        day += timedelta(days=1)
    return seconds / 3600


def add_working_hours(start: datetime, hours: float) -> datetime:
    """The instant `hours` office hours after `start` (the 8-working-hour acknowledgement)."""
    remaining = timedelta(hours=hours)
    local = _local(start)
    day, clock = local.date(), local.time()
    while True:
        for open_, close in (MORNING, AFTERNOON):
            if not is_working_day(day) or clock >= close:
                continue
            begin = max(open_, clock)
            span = datetime.combine(day, close) - datetime.combine(day, begin)
            if remaining <= span:
                return datetime.combine(day, begin, tzinfo=VIETNAM) + remaining
            remaining -= span
        day, clock = day + timedelta(days=1), time(0, 0)


def next_opening(moment: datetime) -> datetime:
    """The next moment the office is open, from `moment` on (itself if it is open then)."""
    return add_working_hours(moment, 0)
