"""Admission in waves, as arithmetic: a ticket's wave and the moment that wave may enter.

Nothing runs per wave on the server: each waiting page knows its own wave and comes back at
its time, and the play page refuses anyone who comes too early. So a synchronised start costs
the server no more than the configured rate of arrivals.
"""

from datetime import datetime, timedelta


def wave_of(ticket: int, wave_size: int) -> int:
    """Tickets are numbered from 1; wave 0 holds the first `wave_size` of them."""
    return max(0, ticket - 1) // max(1, wave_size)


def admission_time(
    ticket: int, *, started_at: datetime, wave_size: int, rate: float
) -> datetime:
    """When the holder of `ticket` may enter: one wave every wave_size / rate seconds."""
    interval = max(1, wave_size) / rate
    return started_at + timedelta(seconds=wave_of(ticket, wave_size) * interval)


def seconds_until(moment: datetime, now: datetime) -> float:
    return max(0.0, (moment - now).total_seconds())
