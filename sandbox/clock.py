"""The sandbox clock as pure arithmetic: simulated time from an anchor, a speed and a pause flag.

A sandbox stores the simulated instant `sim_anchor` that corresponded to the wall instant
`wall_anchor`. While running, simulated time advances `speed` times faster than wall time;
while paused it stays at `sim_anchor`. Changing speed or pausing re-anchors, so that simulated
time never jumps.
"""

from dataclasses import dataclass, replace
from datetime import datetime


@dataclass(frozen=True)
class ClockState:
    sim_anchor: datetime
    wall_anchor: datetime
    speed: float = 1.0
    paused: bool = False

    def now(self, wall_now: datetime) -> datetime:
        """Simulated time at the wall instant `wall_now`."""
        if self.paused:
            return self.sim_anchor
        return self.sim_anchor + (wall_now - self.wall_anchor) * self.speed

    def rebased(self, wall_now: datetime, **changes) -> "ClockState":
        """The same clock re-anchored at `wall_now`, with `changes` applied from then on."""
        return replace(
            self, sim_anchor=self.now(wall_now), wall_anchor=wall_now, **changes
        )

    def wall_time_of(self, sim_time: datetime) -> datetime | None:
        """The wall instant at which the clock will show `sim_time` (None while paused)."""
        if self.paused:
            return None
        return self.wall_anchor + (sim_time - self.sim_anchor) / self.speed
