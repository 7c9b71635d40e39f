"""manage.py load_scenarios: store the built-in scenarios (a new version only when a file changed)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scenarios.library import load_library
from scenarios.spec import SpecError


class Command(BaseCommand):
    help = "Load the built-in scenarios (scenarios/library/*.yaml), idempotently."

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="*", help="Only these files (default: the library)."
        )

    def handle(self, *args, **options):
        paths = [Path(f) for f in options["files"]] or None
        try:
            report = load_library(actor=None, paths=paths)
        except SpecError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Kịch bản: {report['created']} mới, {report['updated']} có phiên bản mới, "
            f"{report['unchanged']} không đổi."
        )
