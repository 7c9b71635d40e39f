from django.core.management.base import BaseCommand

from sandbox.operations import periodic


class Command(BaseCommand):
    help = (
        "Scheduler: enqueue the periodic jobs (worker heartbeat every minute, purge of "
        "idle practice sandboxes and expired sessions daily) for `db_worker` to run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="one pass, then exit")
        parser.add_argument("--interval", type=float, default=15.0)

    def handle(self, *args, **options):
        if options["once"]:
            for name in periodic.run_due():
                self.stdout.write(f"enqueued {name}")
            return
        self.stdout.write(f"scheduler running, checking every {options['interval']} s")
        periodic.loop(options["interval"], log=self.stdout.write)
