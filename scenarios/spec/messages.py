"""JSON Schema errors said in the trainer's language (Vietnamese first)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

# Lazy: each name is read in the language active when a message is made. The
# context keeps short phrases ("một số" is also "some") apart in the catalogue.
_TYPES = {
    "object": pgettext_lazy("JSON type", "một nhóm khóa: giá trị"),
    "array": pgettext_lazy("JSON type", "một danh sách"),
    "string": pgettext_lazy("JSON type", "một chuỗi ký tự"),
    "integer": pgettext_lazy("JSON type", "một số nguyên"),
    "number": pgettext_lazy("JSON type", "một số"),
    "boolean": pgettext_lazy("JSON type", "true/false"),
    "null": pgettext_lazy("JSON type", "null (để trống)"),
}


def _type_name(value) -> str:
    names = [
        str(_TYPES.get(v, v)) for v in (value if isinstance(value, list) else [value])
    ]
    if len(names) == 1:
        return names[0]
    return _("%(choices)s hoặc %(last)s") % {
        "choices": ", ".join(names[:-1]),
        "last": names[-1],
    }


def _quoted(names) -> str:
    return ", ".join(f"“{name}”" for name in names)


def _required(error):
    missing = [name for name in error.validator_value if name not in error.instance]
    text = ngettext(
        "Thiếu khóa bắt buộc: %(keys)s.", "Thiếu khóa bắt buộc: %(keys)s.", len(missing)
    )
    return text % {"keys": _quoted(missing)}


def _additional(error):
    allowed = set(error.schema.get("properties", {}))
    extra = [k for k in error.instance if k not in allowed]
    names = {"keys": _quoted(extra), "known": ", ".join(sorted(allowed))}
    if not allowed:
        return (
            ngettext(
                "Khóa không hợp lệ: %(keys)s.",
                "Khóa không hợp lệ: %(keys)s.",
                len(extra),
            )
            % names
        )
    return (
        ngettext(
            "Khóa không hợp lệ: %(keys)s. Các khóa được dùng: %(known)s.",
            "Khóa không hợp lệ: %(keys)s. Các khóa được dùng: %(known)s.",
            len(extra),
        )
        % names
    )


def _value(error) -> dict:
    return {"value": error.validator_value}


def _pattern(error) -> str:
    text = _("Giá trị “%(value)s” không đúng định dạng.") % {"value": error.instance}
    if "giờ làm việc" in str(error.validator_value):  # a span of time (schema $defs)
        text += " " + _(
            "Khoảng thời gian viết một số và một đơn vị, ví dụ: 10 phút, 4 giờ, "
            "8 giờ làm việc, 2 ngày làm việc."
        )
    return text


# Each builder runs when the message is made, so gettext sees the active language.
# Vietnamese has one plural form: both forms of every ngettext are the same text.
_MESSAGES = {
    "required": _required,
    "additionalProperties": _additional,
    "type": lambda e: (
        _("Giá trị phải là %(type)s.") % {"type": _type_name(e.validator_value)}
    ),
    "enum": lambda e: (
        _("Giá trị phải là một trong: %(choices)s.")
        % {"choices": ", ".join(str(v) for v in e.validator_value)}
    ),
    "const": lambda e: _("Giá trị phải là %(value)r.") % _value(e),
    "pattern": lambda e: _pattern(e),
    "minLength": lambda e: (
        ngettext(
            "Cần ít nhất %(value)s ký tự.",
            "Cần ít nhất %(value)s ký tự.",
            e.validator_value,
        )
        % _value(e)
    ),
    "maxLength": lambda e: (
        ngettext(
            "Tối đa %(value)s ký tự.", "Tối đa %(value)s ký tự.", e.validator_value
        )
        % _value(e)
    ),
    "minimum": lambda e: _("Giá trị nhỏ nhất là %(value)s.") % _value(e),
    "maximum": lambda e: _("Giá trị lớn nhất là %(value)s.") % _value(e),
    "exclusiveMinimum": lambda e: _("Giá trị phải lớn hơn %(value)s.") % _value(e),
    "minItems": lambda e: (
        ngettext(
            "Danh sách cần ít nhất %(value)s phần tử.",
            "Danh sách cần ít nhất %(value)s phần tử.",
            e.validator_value,
        )
        % _value(e)
    ),
    "maxItems": lambda e: (
        ngettext(
            "Danh sách có tối đa %(value)s phần tử.",
            "Danh sách có tối đa %(value)s phần tử.",
            e.validator_value,
        )
        % _value(e)
    ),
    "uniqueItems": lambda e: _("Danh sách có phần tử lặp lại."),
    "minProperties": lambda e: (
        ngettext(
            "Cần ít nhất %(value)s khóa.",
            "Cần ít nhất %(value)s khóa.",
            e.validator_value,
        )
        % _value(e)
    ),
    "maxProperties": lambda e: (
        ngettext(
            "Chỉ được có %(value)s khóa.",
            "Chỉ được có %(value)s khóa.",
            e.validator_value,
        )
        % _value(e)
    ),
}


def describe(error) -> str:
    """The error in the active language (jsonschema's English text for rare validators)."""
    build = _MESSAGES.get(error.validator)
    if build is not None:
        try:
            return build(error)
        except (TypeError, AttributeError):
            pass
    return _("Giá trị không hợp lệ (%(detail)s).") % {"detail": error.message}
