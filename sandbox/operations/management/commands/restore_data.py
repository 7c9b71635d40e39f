from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sandbox.operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_data into the configured database (stop the web "
        "and worker processes first), or into --into DATABASE_URL to test a backup; then "
        "check every table's count, the headline counts and the registered verifiers."
    )

    def add_arguments(self, parser):
        parser.add_argument("in_dir")
        parser.add_argument("--into", help="restore into this database URL instead")
        parser.add_argument("--media-root", help="unpack uploaded files here instead")
        parser.add_argument("--no-media", action="store_true")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="do not ask before replacing the database",
        )

    def handle(self, *args, **options):
        if not options["into"] and not options["yes"]:
            answer = input("Dữ liệu hiện tại sẽ bị thay thế. Gõ 'dong y' để tiếp tục: ")
            if answer.strip() != "dong y":
                raise CommandError("Đã hủy.")
        try:
            report = restore_backup(
                Path(options["in_dir"]),
                database_url=options["into"],
                media_root=Path(options["media_root"])
                if options["media_root"]
                else None,
                media=not options["no_media"],
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        counts = ", ".join(f"{k}={v}" for k, v in report["headline"].items())
        self.stdout.write(f"  {counts}")
        for name, result in report["verifiers"].items():
            self.stdout.write(
                f"  {name}: {result['checked']} kiểm tra, {len(result['problems'])} lỗi"
            )
        if report["media_set_aside"]:
            self.stdout.write(f"  tệp cũ được để riêng ở {report['media_set_aside']}")
        if not report["ok"]:
            raise CommandError(
                f"Khôi phục KHÔNG khớp bản sao lưu: {report['mismatches']}"
            )
        self.stdout.write(
            self.style.SUCCESS("Khôi phục xong, số liệu khớp bản sao lưu.")
        )
