from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from fake_portal.deadlines import (
    VIETNAM,
    add_working_days,
    add_working_hours,
    due_at,
    is_working_day,
    next_working_day,
    working_hours_between,
)


def local(y, m, d, hh=9, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=VIETNAM)


def test_weekends_and_holidays_are_not_working_days():
    assert not is_working_day(date(2026, 3, 7))  # Saturday
    assert not is_working_day(date(2026, 9, 2))  # National Day
    assert not is_working_day(date(2026, 4, 30))  # Reunification Day
    assert is_working_day(date(2026, 3, 2))


def test_tet_holidays_are_skipped():
    # Tết Bính Ngọ: 17 February 2026 is the first day of the lunar year.
    assert not is_working_day(date(2026, 2, 17))
    assert next_working_day(date(2026, 2, 13)) > date(2026, 2, 20)


def test_same_day_before_and_after_the_cut_off():
    assert due_at(local(2026, 3, 2, 10), 0, same_day=True) == local(2026, 3, 2, 17)
    assert due_at(local(2026, 3, 2, 15, 30), 0, same_day=True) == local(2026, 3, 3, 17)
    assert due_at(local(2026, 3, 6, 16), 0, same_day=True) == local(
        2026, 3, 9, 17
    )  # Friday → Monday


def test_working_days_count_from_the_next_working_day():
    # Received Thursday 2026-04-23: 3 working days are Fri 24, Tue 28, Wed 29 (Monday 27 is the
    # observed Hùng Kings day; 30/4 and 1/5 are holidays).
    assert due_at(local(2026, 4, 23), 3) == local(2026, 4, 29, 17)
    assert due_at(local(2026, 4, 28), 2) == local(2026, 5, 4, 17)


def test_eight_working_hours_skip_the_night_and_lunch():
    assert add_working_hours(local(2026, 3, 2, 14), 8) == local(2026, 3, 3, 14)
    assert add_working_hours(local(2026, 3, 6, 16), 8) == local(
        2026, 3, 9, 16
    )  # over a weekend
    assert add_working_hours(local(2026, 3, 2, 12), 1) == local(
        2026, 3, 2, 14
    )  # lunch break
    assert working_hours_between(local(2026, 3, 2, 7, 30), local(2026, 3, 2, 17)) == 8


days = st.dates(min_value=date(2025, 7, 1), max_value=date(2027, 12, 31))


@given(day=days, n=st.integers(min_value=1, max_value=40))
def test_adding_working_days_lands_on_a_working_day_after_exactly_n_of_them(day, n):
    due = add_working_days(day, n)
    assert is_working_day(due) and due > day
    between = [day + timedelta(days=i) for i in range(1, (due - day).days + 1)]
    assert sum(is_working_day(d) for d in between) == n


@given(
    start=st.datetimes(
        min_value=datetime(2025, 7, 1),
        max_value=datetime(2027, 6, 30),
        timezones=st.just(UTC),
    ),
    hours=st.integers(min_value=0, max_value=80),
)
def test_working_hours_round_trip(start, hours):
    end = add_working_hours(start, hours)
    assert end >= start
    assert abs(working_hours_between(start, end) - hours) < 1e-6
    assert time(7, 30) <= end.astimezone(VIETNAM).time() <= time(17, 0) or hours == 0
