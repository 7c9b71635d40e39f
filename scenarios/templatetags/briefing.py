"""A scenario's briefing as the trainer wrote it in the file, laid out for any screen.

Scenario files wrap long lines by hand, so a line break inside a paragraph is only a
wrap: `|briefing` joins such lines, so a phone re-flows the text instead of showing the
file's ragged edges. A blank line starts a new paragraph; a line starting with "1." (or
"1)") or "-" starts an item of a numbered or bulleted list. A line after a list item
continues the item when the item has not ended its sentence (no closing . ; : ! ?), and
starts a new paragraph otherwise.
"""

import re

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

_ITEM = re.compile(r"(?:(\d+)[.)]|[-•*])\s+")
_ENDED = (".", ";", ":", "!", "?")


def blocks(text: str) -> list[tuple[str, list[str]]]:
    """The briefing as [(kind, texts)]: kind "p" (one text), "ol" or "ul" (its items)."""
    out: list[tuple[str, list[str]]] = []
    for chunk in re.split(r"\n[ \t]*\n", (text or "").strip()):
        current = None
        for line in (part.strip() for part in chunk.splitlines()):
            if not line:
                continue
            item = _ITEM.match(line)
            if item:
                kind = "ol" if item.group(1) else "ul"
                if current is None or current[0] != kind:
                    current = (kind, [])
                    out.append(current)
                current[1].append(line[item.end() :])
            elif current is not None and (
                current[0] == "p" or not current[1][-1].endswith(_ENDED)
            ):
                current[1][-1] += " " + line
            else:
                current = ("p", [line])
                out.append(current)
    return out


@register.filter
def briefing(text: str) -> str:
    """HTML of `blocks(text)`, every text escaped."""
    html = []
    for kind, texts in blocks(text):
        if kind == "p":
            html.append(format_html("<p>{}</p>", texts[0]))
        else:
            items = format_html_join("", "<li>{}</li>", ((t,) for t in texts))
            html.append(format_html("<{0}>{1}</{0}>", mark_safe(kind), items))  # noqa: S308 - "ol"/"ul"
    return mark_safe("".join(str(h) for h in html))  # noqa: S308 - built from escaped parts
