import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder

from sandbox.operations import lifecycle


def _media_bytes() -> int:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return 0
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


class Command(BaseCommand):
    help = "Storage used per world and per kind of sandbox (rows; table sizes on PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        groups = lifecycle.storage_by_world_and_kind()
        labels = sorted({m._meta.label for m, _f in lifecycle.sandbox_links()})
        report = {
            "groups": groups,
            "table_bytes": lifecycle.table_sizes(labels),
            "media_bytes": _media_bytes(),
        }
        if options["json"]:
            self.stdout.write(json.dumps(report, cls=DjangoJSONEncoder, indent=2))
            return
        self.stdout.write(
            f"{'thế giới':<28} {'loại':<12} {'sa bàn':>7}  dòng theo bảng"
        )
        for g in groups:
            rows = ", ".join(f"{k}={v}" for k, v in sorted(g["rows"].items()))
            name = f"#{g['world']} {g['world_name']}"[:28]
            self.stdout.write(f"{name:<28} {g['kind']:<12} {g['sandboxes']:>7}  {rows}")
        for label, size in report["table_bytes"].items():
            self.stdout.write(f"  {label}: {size / 1_048_576:.1f} MB")
        self.stdout.write(
            f"Tệp tải lên (MEDIA_ROOT): {report['media_bytes'] / 1_048_576:.1f} MB"
        )
