from django.core.management.base import BaseCommand

from sandbox.operations.purging import archive_closed


class Command(BaseCommand):
    help = "Archive sandboxes closed for N days: working rows go, event logs and scores stay."

    def add_arguments(self, parser):
        parser.add_argument("--closed-days", type=int, default=90)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        ids = archive_closed(
            closed_days=options["closed_days"], dry_run=options["dry_run"]
        )
        verb = "Sẽ lưu trữ" if options["dry_run"] else "Đã lưu trữ"
        self.stdout.write(f"{verb} {len(ids)} sa bàn đã đóng.")
