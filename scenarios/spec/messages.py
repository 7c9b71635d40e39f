"""JSON Schema errors said in Vietnamese, for trainers who write scenario files."""

_TYPES = {
    "object": "một nhóm khóa: giá trị",
    "array": "một danh sách",
    "string": "một chuỗi ký tự",
    "integer": "một số nguyên",
    "number": "một số",
    "boolean": "true hoặc false",
    "null": "để trống",
}


def _type_name(value) -> str:
    if isinstance(value, list):
        return " hoặc ".join(_TYPES.get(v, v) for v in value)
    return _TYPES.get(value, str(value))


def _required(error):
    missing = [name for name in error.validator_value if name not in error.instance]
    return "Thiếu khóa bắt buộc: " + ", ".join(f"“{m}”" for m in missing) + "."


def _additional(error):
    allowed = set(error.schema.get("properties", {}))
    extra = [k for k in error.instance if k not in allowed]
    known = ", ".join(sorted(allowed))
    return (
        "Khóa không hợp lệ: "
        + ", ".join(f"“{k}”" for k in extra)
        + (f". Các khóa được dùng: {known}." if known else ".")
    )


_MESSAGES = {
    "required": _required,
    "additionalProperties": _additional,
    "type": lambda e: f"Giá trị phải là {_type_name(e.validator_value)}.",
    "enum": lambda e: (
        "Giá trị phải là một trong: "
        + ", ".join(str(v) for v in e.validator_value)
        + "."
    ),
    "const": lambda e: f"Giá trị phải là {e.validator_value!r}.",
    "pattern": lambda e: f"Giá trị “{e.instance}” không đúng định dạng.",
    "minLength": lambda e: f"Cần ít nhất {e.validator_value} ký tự.",
    "maxLength": lambda e: f"Tối đa {e.validator_value} ký tự.",
    "minimum": lambda e: f"Giá trị nhỏ nhất là {e.validator_value}.",
    "maximum": lambda e: f"Giá trị lớn nhất là {e.validator_value}.",
    "exclusiveMinimum": lambda e: f"Giá trị phải lớn hơn {e.validator_value}.",
    "minItems": lambda e: f"Danh sách cần ít nhất {e.validator_value} phần tử.",
    "maxItems": lambda e: f"Danh sách có tối đa {e.validator_value} phần tử.",
    "uniqueItems": lambda e: "Danh sách có phần tử lặp lại.",
    "minProperties": lambda e: f"Cần ít nhất {e.validator_value} khóa.",
    "maxProperties": lambda e: f"Chỉ được có {e.validator_value} khóa.",
}


def vietnamese(error) -> str:
    """The error in Vietnamese (the English text of jsonschema for rare validators)."""
    build = _MESSAGES.get(error.validator)
    if build is None:
        return f"Giá trị không hợp lệ ({error.message})."
    try:
        return build(error)
    except (TypeError, AttributeError):
        return f"Giá trị không hợp lệ ({error.message})."
