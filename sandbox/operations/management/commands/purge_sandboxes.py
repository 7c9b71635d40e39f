from django.core.management.base import BaseCommand

from sandbox.operations.purging import default_idle_days, purge_idle


class Command(BaseCommand):
    help = (
        "Delete free-practice sandboxes idle for N days. Sandboxes that a score, "
        "certificate or report reads are never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("--idle-days", type=int, default=None)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        days = options["idle_days"] or default_idle_days()
        done = purge_idle(idle_days=days, dry_run=options["dry_run"])
        verb = "Sẽ xóa" if options["dry_run"] else "Đã xóa"
        for item in done:
            rows = sum(item["rows"].values())
            self.stdout.write(f"  sa bàn #{item['sandbox']}: {rows} dòng")
        self.stdout.write(
            f"{verb} {len(done)} sa bàn thực hành không hoạt động quá {days} ngày."
        )
