"""manage.py generate_world --province 37 --citizens 20000 --seed 1 [--name ...]"""

import argparse
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fake_portal.population import actions
from fake_portal.population.loader import GenerationError, check_recipe
from sandbox.numbers import thousands


class ProgressBar:
    """A one-line text progress bar (no dependency): [#####.....]  42 %  8,400/20,000."""

    def __init__(self, stream, width=30):
        self.stream, self.width = stream, width
        self.started = time.perf_counter()
        self.tty = getattr(stream, "isatty", lambda: False)()
        self.last = -1

    def __call__(self, done: int, total: int):
        percent = int(100 * done / total) if total else 100
        if not self.tty and percent < 100 and percent - self.last < 10:
            return
        self.last = percent
        filled = int(self.width * done / total) if total else self.width
        elapsed = time.perf_counter() - self.started
        line = (
            f"[{'#' * filled}{'.' * (self.width - filled)}] {percent:3d} %  "
            f"{done:,}/{total:,}  {elapsed:.1f} s"
        )
        self.stream.write(
            ("\r" if self.tty else "") + line + ("" if self.tty else "\n")
        )
        self.stream.flush()

    def close(self):
        if self.tty:
            self.stream.write("\n")


def defect_option(value: str):
    # argparse reports an ArgumentTypeError as a usage error; any other one is a traceback.
    kind, _sep, rate = value.partition("=")
    try:
        return kind.strip(), float(rate)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            _("--defect cần dạng loại=tỉ lệ, ví dụ expired_card=0.1 (nhận được %(v)s).")
            % {"v": value}
        ) from exc


class Command(BaseCommand):
    help = (
        "Generate a synthetic population (world) for one province, deterministically."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province", type=int, required=True, help="new province code, e.g. 37"
        )
        parser.add_argument("--citizens", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--name", default="")
        parser.add_argument(
            "--defect",
            action="append",
            type=defect_option,
            default=[],
            help="override a defect rate, e.g. --defect expired_card=0.1 (repeatable)",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        try:  # before any query: a seed beyond the column overflows the look-up
            check_recipe(
                options["province"],
                options["citizens"],
                seed=options["seed"],
                defect_rates=dict(options["defect"]),
            )
        except GenerationError as exc:
            raise CommandError(str(exc)) from exc
        world = self.pending_world(options) or self.new_world(options)
        bar = None if options["no_progress"] else ProgressBar(sys.stderr)
        started = time.perf_counter()
        try:
            digest = actions.generate_world(world, on_progress=bar)
        except GenerationError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            if bar:
                bar.close()
        world.refresh_from_db()
        self.stdout.write(
            _("%(name)s: %(count)s công dân, %(seconds)s giây, mã băm %(digest)s")
            % {
                "name": world.name,
                "count": thousands(world.progress),
                "seconds": f"{time.perf_counter() - started:.1f}",
                "digest": digest,
            }
        )

    def pending_world(self, options):
        """A world of the same recipe left pending or failed is generated again."""
        from sandbox.models import World

        return World.objects.filter(
            province_id=options["province"],
            citizens=options["citizens"],
            seed=options["seed"],
            status__in=[World.Status.PENDING, World.Status.FAILED],
        ).first()

    def new_world(self, options):
        try:
            return actions.create_world(
                province_code=options["province"],
                citizens=options["citizens"],
                seed=options["seed"],
                name=options["name"],
                defect_rates=dict(options["defect"]),
            )
        except GenerationError as exc:
            raise CommandError(str(exc)) from exc
