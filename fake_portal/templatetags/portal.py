from django import template

from fake_portal.catalogue import load_catalogue
from sandbox.numbers import dong_in_words, thousands

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "")


@register.filter
def procedure_name(code):
    try:
        return load_catalogue().get(code).name_vi
    except KeyError:
        return code


@register.filter
def event_label(action):
    from fake_portal.workflow import EVENT_LABELS

    return EVENT_LABELS[action]


@register.filter
def vnd(amount):
    """12000 → "12.000 đ" (Vietnamese thousands separator)."""
    try:
        return f"{thousands(int(amount))} đ"
    except (TypeError, ValueError):
        return amount


@register.filter
def vnd_words(amount):
    """12000 → "Mười hai nghìn đồng", for "Số tiền bằng chữ" on receipts."""
    try:
        return dong_in_words(int(amount))
    except (TypeError, ValueError):
        return amount
