"""The event log as scoring reads it: in time order, indexed by what the rubric asks.

An event is a dict: {"seq": int, "at": aware datetime (or ISO text), "action": str,
"dossier": the scenario's dossier id or None, "actor": user id or None, "positions":
[positions the actor holds], "data": {...}}. The log never changes the dicts it is given.
"""

import functools
from datetime import datetime, timedelta

from django.utils.dateparse import parse_datetime

from scenarios.scoring.rubric import DUE_ACTIONS, Rubric


@functools.lru_cache(maxsize=4096)
def _parsed(text: str) -> datetime:
    return parse_datetime(text)


def moment(value) -> datetime:
    return value if isinstance(value, datetime) else _parsed(str(value))


class Log:
    """(time, event) pairs in time order (then seq, then action), one list per
    (action, dossier) the rubric reads; dossier None holds every dossier's events."""

    def __init__(self, events: list[dict], rubric: Rubric):
        keyed = [
            (moment(e["at"]), e.get("seq", 0), e["action"], n, e)
            for n, e in enumerate(events)
        ]
        keyed.sort()
        wanted, due_dossiers = rubric.wanted, rubric.due_dossiers
        self.index: dict[tuple, list] = {}
        self.due: dict = {}
        index, due = self.index, self.due
        for at, _seq, action, _n, event in keyed:
            dossier = event.get("dossier")
            if (action, None) in wanted:
                index.setdefault((action, None), []).append((at, event))
            if dossier is not None and (action, dossier) in wanted:
                index.setdefault((action, dossier), []).append((at, event))
            if action in DUE_ACTIONS and dossier in due_dossiers:
                due.setdefault(dossier, []).append((at, event))

    def find(self, action: str, dossier: str | None) -> list:
        """The (time, event) pairs of `action` on `dossier` (any dossier when None)."""
        return self.index.get((action, dossier), ())

    def first(self, action: str, dossier: str | None) -> datetime | None:
        found = self.find(action, dossier)
        return found[0][0] if found else None

    def due_before(self, dossier: str | None, when: datetime) -> datetime | None:
        """The appointment in force for `dossier` just before `when`."""
        due = None
        for at, event in self.due.get(dossier, ()):
            if at > when:
                break
            action, data = event["action"], event.get("data") or {}
            if action == "dossier.received" and data.get("due_at"):
                due = moment(data["due_at"])
            elif action == "dossier.apologised" and data.get("new_due_at"):
                if at < when:  # an apology is judged by the appointment it replaces
                    due = moment(data["new_due_at"])
            elif action == "dossier.supplemented" and due is not None:
                due += timedelta(seconds=float(data.get("waited_seconds") or 0))
        return due
