"""The words of a score: labels, the rule cited, and feedback for each status.

Django's gettext costs a thread-local lookup per call; a score asks for the same few dozen
texts, so each is translated once per language and kept.
"""

from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import get_language, gettext, gettext_lazy

from scenarios.rules import ACTION_LABELS, rule_for

_TRANSLATED: dict = {}
LANGUAGE: ContextVar = ContextVar("scoring_language", default=None)

# The event fields a `where` condition may test, named for feedback.
FIELD_NAMES = {
    "agency": gettext_lazy("cơ quan tiếp nhận liên thông"),
    "forwarded": gettext_lazy("chuyển đến đơn vị có thẩm quyền"),
    "signature_method": gettext_lazy("hình thức ký số"),
    "items": gettext_lazy("danh sách giấy tờ cần bổ sung"),
    "count": gettext_lazy("số lần yêu cầu bổ sung"),
    "after_due": gettext_lazy("thời điểm gửi văn bản xin lỗi"),
    "channel": gettext_lazy("kênh trả kết quả"),
    "result_ready": gettext_lazy("kết quả do cơ quan có thẩm quyền giải quyết"),
}


def _(text) -> str:
    key = (LANGUAGE.get(), text if isinstance(text, str) else id(text))
    found = _TRANSLATED.get(key)
    if found is None:
        found = _TRANSLATED[key] = gettext(text) if isinstance(text, str) else str(text)
    return found


def label_of(entry: dict, action_key: str) -> str:
    """The entry's own label, or the label of the action it names."""
    return entry.get("label") or _(
        ACTION_LABELS.get(entry[action_key], entry[action_key])
    )


def labels_of(entries: list[dict], action_key: str = "expect") -> list[str]:
    """The labels of rubric entries in the active language (for pages, outside scoring)."""
    LANGUAGE.set(get_language())
    return [label_of(entry, action_key) for entry in entries]


@dataclass(frozen=True, slots=True)
class ItemTexts:
    """The texts of one rubric entry in one language (all that does not vary per log)."""

    label: str
    rule: str
    rule_text: str
    basis: str
    cite: str
    met: str
    missed: str
    signing_failed: str


def item_texts(entry: dict, action_key: str = "expect") -> ItemTexts:
    """Translate the texts of a rubric item (or forbidden action) once."""
    label, rule = label_of(entry, action_key), rule_for(entry["rule"])
    rule_text, basis = _(rule.text), _(rule.basis)
    cite = _("Quy định: %(text)s Căn cứ: %(basis)s.") % {
        "text": rule_text,
        "basis": basis,
    }
    signing = _(
        "Thiếu chữ ký số: %(label)s chưa hoàn thành vì ký số không thành công."
    ) % {"label": label}
    missed = _("Thiếu bước: %(label)s.") % {"label": label}
    return ItemTexts(
        label=label,
        rule=rule.key,
        rule_text=rule_text,
        basis=basis,
        cite=cite,
        met=_("Đạt: %(label)s.") % {"label": label},
        missed=f"{missed} {cite}",
        signing_failed=f"{signing} {cite}",
    )


def _when(moment: datetime) -> str:
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def late(texts: ItemTexts, at: datetime, deadline: datetime) -> str:
    text = _("Bước làm muộn: %(label)s lúc %(at)s, hạn là %(deadline)s.") % {
        "label": texts.label,
        "at": _when(at),
        "deadline": _when(deadline),
    }
    return f"{text} {texts.cite}"


def wrong_order(texts: ItemTexts, others: list[str]) -> str:
    text = _("Sai trình tự: %(label)s phải làm sau “%(others)s”.") % {
        "label": texts.label,
        "others": ", ".join(others),
    }
    return f"{text} {texts.cite}"


def wrong(texts: ItemTexts, why: list[str]) -> str:
    if "by" in why:
        text = _(
            "Sai thẩm quyền: %(label)s phải do người giữ vị trí đúng thực hiện."
        ) % {"label": texts.label}
    else:
        text = _("Làm chưa đúng: %(label)s – sai ở “%(fields)s”.") % {
            "label": texts.label,
            "fields": ", ".join(_(FIELD_NAMES.get(f, f)) for f in why),
        }
    return f"{text} {texts.cite}"


def forbidden(texts: ItemTexts, penalty: float) -> str:
    text = _("Thao tác không được phép: %(label)s (trừ %(penalty)s điểm).") % {
        "label": texts.label,
        "penalty": f"{penalty:g}",
    }
    return f"{text} {texts.cite}"
