from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sandbox.operations.backup import BackupError, create_backup, read_manifest


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump or SQLite's backup API) and uploaded files into "
        "OUT_DIR/saban-backup-<time>/, with a manifest of hashes and row counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("out_dir")
        parser.add_argument("--no-media", action="store_true")

    def handle(self, *args, **options):
        try:
            target = create_backup(
                Path(options["out_dir"]), media=not options["no_media"]
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = read_manifest(target)
        counts = ", ".join(f"{k}={v}" for k, v in manifest["headline"].items())
        self.stdout.write(f"{target}\n  {counts}")
        self.stdout.write(self.style.SUCCESS("Sao lưu xong."))
