"""Check a drill_load run against the database, the truth.

- every action the tool saw succeed is in the dossier log exactly once (by dossier, event and
  actor); every action it saw refused is not; an action whose answer was lost (a killed
  server) is there at most once; and no load user has an event the tool did not ask for;
- every dossier event of a team sandbox reached each socket that was open when it happened
  (away from the edges of its connection).
"""

import json
from collections import Counter
from datetime import datetime

from django.core.management.base import BaseCommand

from fake_portal.models import DossierEvent

EVENT = {
    "receive": "dossier.received",
    "assign": "dossier.assigned",
    "appraise": "dossier.appraised",
}
EDGE = (1.0, 2.0)  # seconds ignored after a socket opens and before it closes


def check(details: dict) -> dict:
    actions = details["actions"]
    sandboxes = {a["sandbox"] for a in actions} | {
        s["sandbox"] for s in details["sockets"]
    }
    users = {s["user"] for s in details["sockets"]}
    rows = DossierEvent.objects.filter(
        sandbox_id__in=sandboxes, actor__username__in=users, action__in=EVENT.values()
    ).values_list("sandbox_id", "dossier__code", "action", "actor__username")
    logged = Counter(rows)
    asked = Counter()
    verdict = Counter()
    for action in actions:
        key = (
            action["sandbox"],
            action["code"],
            EVENT[action["action"]],
            action["user"],
        )
        asked[key] += 1
        found = logged.get(key, 0)
        outcome = action["outcome"]
        if outcome == "ok":
            verdict[
                "ok_once"
                if found == 1
                else ("ok_lost" if found == 0 else "ok_duplicated")
            ] += 1
        elif outcome == "unknown":
            verdict["unknown_at_most_once" if found <= 1 else "unknown_duplicated"] += 1
        else:
            verdict["refused_absent" if found == 0 else "refused_but_logged"] += 1
    verdict["phantom"] = sum(n for key, n in logged.items() if key not in asked)
    return {"actions": dict(verdict), "sockets": deliveries(details, sandboxes)}


def deliveries(details: dict, sandboxes) -> dict:
    """Events each open socket should have heard, against what it heard."""
    events = {}
    for pk, sandbox, created in DossierEvent.objects.filter(
        sandbox_id__in=sandboxes
    ).values_list("pk", "sandbox_id", "created_at"):
        events.setdefault(sandbox, []).append((pk, created.timestamp()))
    expected = heard = missing = 0
    for socket in details["sockets"]:
        received = set(socket["received"])
        for opened, closed in socket["intervals"]:
            for pk, at in events.get(socket["sandbox"], ()):
                if opened + EDGE[0] <= at <= closed - EDGE[1]:
                    expected += 1
                    if pk in received:
                        heard += 1
                    else:
                        missing += 1
    return {"expected": expected, "heard": heard, "missing": missing}


class Command(BaseCommand):
    help = "Check a tools/drill_load results file against the database."

    def add_arguments(self, parser):
        parser.add_argument("results", nargs="?", default="var/drill-load/results.json")

    def handle(self, *args, **o):
        with open(o["results"]) as handle:
            details = json.load(handle)
        report = check(details)
        report["checked_at"] = datetime.now().isoformat(timespec="seconds")
        self.stdout.write(json.dumps(report, indent=2))
