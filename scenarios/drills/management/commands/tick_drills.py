"""Run the simulated actors of every live drill (arrivals, surges, injects, citizens).

A watched drill is ticked by its dashboard feed; this command keeps unwatched drills moving
too (run it from the worker's scheduler, or with --every for a loop of its own).
"""

import time

from django.core.management.base import BaseCommand

from scenarios.drills.dashboard import tick_drill
from scenarios.drills.models import Drill


class Command(BaseCommand):
    help = "Tick the team sandboxes of every running drill."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every", type=float, default=0, help="loop, this many seconds apart"
        )
        parser.add_argument(
            "--for", dest="duration", type=float, default=3600, help="stop after (loop)"
        )

    def handle(self, *args, **o):
        until = time.monotonic() + o["duration"]
        while True:
            done = sum(tick_drill(drill) for drill in Drill.objects.live())
            if o["verbosity"] > 1 or not o["every"]:
                self.stdout.write(f"{done} simulated actions done")
            if not o["every"] or time.monotonic() >= until:
                return
            time.sleep(o["every"])
