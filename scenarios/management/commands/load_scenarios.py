"""manage.py load_scenarios: store the built-in scenarios (a new version only when a file changed)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from scenarios.library import library_files, load_library
from scenarios.spec import SpecError, parse


def _problem(path: Path) -> str:
    """Why `path` cannot be loaded, or "" when it is a valid scenario."""
    try:
        parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return _("Không tìm thấy tệp %(file)s.") % {"file": path}
    except UnicodeDecodeError:
        return _("Tệp %(file)s không phải văn bản UTF-8.") % {"file": path}
    except OSError:
        return _("Không đọc được tệp %(file)s.") % {"file": path}
    except SpecError as error:
        return _("Tệp %(file)s không phải kịch bản hợp lệ:\n%(problems)s") % {
            "file": path,
            "problems": error,
        }
    return ""


def _summary(report: dict) -> str:
    counts = {
        "created": ngettext("%(n)s mới", "%(n)s mới", report["created"]),
        "updated": ngettext(
            "%(n)s có phiên bản mới", "%(n)s có phiên bản mới", report["updated"]
        ),
        "unchanged": ngettext(
            "%(n)s không đổi", "%(n)s không đổi", report["unchanged"]
        ),
    }
    return _("Kịch bản: %(created)s, %(updated)s, %(unchanged)s.") % {
        key: text % {"n": report[key]} for key, text in counts.items()
    }


class Command(BaseCommand):
    @property
    def help(self):  # read when the parser is made, in the language active then
        return _(
            "Nạp các kịch bản có sẵn (scenarios/library/*.yaml); chạy lại không tạo "
            "phiên bản mới cho tệp không đổi."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "files",
            nargs="*",
            help=_("Chỉ nạp các tệp này (mặc định: cả thư viện)."),
        )

    def handle(self, *args, **options):
        paths = [Path(f) for f in options["files"]] or library_files()
        # Every file is checked before any is stored: one bad file loads nothing.
        problems = [problem for problem in map(_problem, paths) if problem]
        if problems:
            problems.append(_("Chưa nạp tệp nào."))
            raise CommandError("\n".join(problems))
        try:
            report = load_library(actor=None, paths=paths)
        except SpecError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(_summary(report))
