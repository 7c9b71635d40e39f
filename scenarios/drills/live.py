"""One process's running reading of a drill's dashboard, for its coalescing feed (hub.py).

Each reading is cheap: one indexed query finds the dossier events logged in the drill's
sandboxes since the previous reading (with a margin for transactions still open then), and
only the teams among them that have events not seen before are read again and sent (a
partial push, with totals over every row this process holds). The whole state is read when
the drill's own log grows (status, injects), and every few seconds anyway: the sandbox clock
moves overdue counts, participants come and go, scores form. Who has entered the lobby is
seen only by a whole reading, so only a whole reading lists the teams not ready yet.
"""

import time
from datetime import UTC, datetime

from django.db.models import Max

from fake_portal.models import DossierEvent
from scenarios.drills.dashboard import compute, totals
from scenarios.drills.models import Drill, DrillEvent

# Seconds between an event row's timestamp and its commit that a reading still catches.
COMMIT_MARGIN = 2.0


def _recent_events(drill_id: int, since: float) -> dict[int, int]:
    """{event pk: team pk} of the dossier events of the drill's sandboxes since `since`."""
    return dict(
        DossierEvent.objects.filter(
            created_at__gte=datetime.fromtimestamp(since, UTC),
            sandbox__drill_team__drill_id=drill_id,
        ).values_list("pk", "sandbox__drill_team__id")
    )


def _newest_drill_event(drill_id: int):
    return DrillEvent.objects.filter(drill_id=drill_id).aggregate(m=Max("pk"))["m"]


class LiveDashboard:
    def __init__(self, drill_id: int, refresh: float):
        self.drill_id, self.refresh = drill_id, refresh
        self.rows: dict[int, dict] = {}
        self.seen: set[int] = set()  # events of the margin already read
        self.drill_event = None
        self.full_at = 0.0  # when the last whole reading began
        self.last_at = 0.0  # when the last reading began

    def read(self) -> dict | None:
        """The next message for the viewers: the whole state, the changed rows, or None."""
        as_of = time.time()
        since = (self.last_at or as_of) - COMMIT_MARGIN
        events = _recent_events(self.drill_id, since)
        drill_event = _newest_drill_event(self.drill_id)
        new_teams = {team for pk, team in events.items() if pk not in self.seen}
        full = drill_event != self.drill_event or as_of - self.full_at >= self.refresh
        self.seen, self.drill_event, self.last_at = set(events), drill_event, as_of
        drill = Drill.objects.get(pk=self.drill_id)
        if full:
            state = compute(drill, as_of=as_of)
            self.rows = {row["id"]: row for row in state["teams"]}
            self.full_at = as_of
            return state
        if not new_teams:
            return None
        state = compute(drill, new_teams, as_of=as_of)
        self.rows.update((row["id"], row) for row in state["teams"])
        state["totals"] = totals(self.rows.values())
        return state
