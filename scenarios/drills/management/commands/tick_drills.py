"""Run the simulated actors of every live drill (arrivals, surges, injects, citizens) and
refresh their provisional scores.

Once, or with --every in a loop of its own (production runs it as a service: see the
`drills` service of docker-compose.yml). While a ticker runs, dashboard feeds leave this work
to it (hub.py); without one, a watched drill is ticked by its dashboard feed.
"""

import time

from django.core.cache import cache
from django.core.management.base import BaseCommand

from scenarios.drills.dashboard import TICKER_KEY, refresh_scores, tick_drill
from scenarios.drills.models import Drill


class Command(BaseCommand):
    help = "Tick the team sandboxes of every running drill and refresh their scores."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every", type=float, default=0, help="loop, this many seconds apart"
        )
        parser.add_argument(
            "--for",
            dest="duration",
            type=float,
            default=0,
            help="stop the loop after this many seconds (default: run until stopped)",
        )

    def handle(self, *args, **o):
        until = time.monotonic() + o["duration"] if o["duration"] else None
        while True:
            if o["every"]:  # tell the feeds a ticker is alive (for a few rounds)
                cache.set(TICKER_KEY, time.time(), max(10, 3 * o["every"]))
            done = 0
            for drill in Drill.objects.live():
                done += tick_drill(drill)
                refresh_scores(drill, limit=50)
            if o["verbosity"] > 1 or not o["every"]:
                self.stdout.write(f"{done} simulated actions done")
            if not o["every"] or (until and time.monotonic() >= until):
                return
            time.sleep(o["every"])
