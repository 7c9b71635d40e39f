"""Officials' personal data: what is held about one person, and how it is erased.

Each app declares its part from AppConfig.ready(), so the core never imports it:

- `register(name, fn, label=None)`: fn(user) returns JSON-serialisable data about `user`
  only (enrolments, quiz answers, attempts, scores, certificates, learning records…);
  `label` names that part for the official on the "my data" page;
- `register_eraser(fn)`: fn(user, *, actor) removes or redacts `user`'s identity in that
  app's rows, keeping what scores and certificates need (a certificate stays verifiable,
  its holder shown as "[đã xóa]"). It runs inside the erasure's transaction, before the
  core renames the account.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FORMAT = "sa-ban/personal-data/1"

# Names of the parts other apps register without a label of their own.
_DEFAULT_LABELS = {
    "population_lookups": _("Lượt tra cứu Cơ sở dữ liệu dân cư"),
    "signing": _("Chứng thư và chữ ký số đào tạo"),
    "scenario_attempts": _("Lượt làm kịch bản và điểm"),
    "courses": _("Khóa học, bài kiểm tra và hồ sơ học tập"),
    "certificates": _("Chứng chỉ"),
}

_sections = {}
_labels = {}
_erasers = []


def register(name: str, fn, label=None) -> None:
    _sections[name] = fn
    _labels[name] = label or _DEFAULT_LABELS.get(name, name)


def register_eraser(fn) -> None:
    if fn not in _erasers:
        _erasers.append(fn)


def section_names() -> list[str]:
    return list(_sections)


def sections() -> list[tuple[str, str]]:
    """(key in the exported file, its name for people) of every registered part."""
    return [(name, _labels[name]) for name in _sections]


def export_for(user) -> dict:
    """Everything the registered apps hold about `user`."""
    return {
        "format": FORMAT,
        "generated_at": timezone.now(),
        "notice": (
            "Dữ liệu cá nhân của anh/chị do Sa Bàn (môi trường đào tạo) lưu giữ, "
            "xuất theo Luật Bảo vệ dữ liệu cá nhân."
        ),
        "sections": {name: fn(user) for name, fn in _sections.items()},
    }


def export_json(user) -> bytes:
    return json.dumps(
        export_for(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    ).encode("utf-8")


def run_erasers(user, *, actor) -> None:
    for fn in _erasers:
        fn(user, actor=actor)
