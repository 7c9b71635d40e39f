"""The authoring guide (docs/scenarios.md) rendered as HTML with a tiny Markdown subset.

Headings, paragraphs, lists, fenced code, tables, `code` and **bold**: what the guide uses.
Text is escaped first, so the file cannot inject markup.
"""

import functools
import re
from pathlib import Path

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe

GUIDE = "docs/scenarios.md"


def _inline(text: str) -> str:
    text = escape(text)
    text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
    return re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", text)


def _table(rows: list[str]) -> str:
    cells = [[c.strip() for c in row.strip().strip("|").split("|")] for row in rows]
    head, body = cells[0], [r for r in cells[1:] if not set("".join(r)) <= set("-: ")]
    html = (
        "<table><thead><tr>"
        + "".join(f"<th>{_inline(c)}</th>" for c in head)
        + "</tr></thead><tbody>"
    )
    for row in body:
        html += "<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in row) + "</tr>"
    return html + "</tbody></table>"


def render_markdown(text: str) -> str:
    out, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            block, i = [], i + 1
            while i < len(lines) and not lines[i].startswith("```"):
                block.append(lines[i])
                i += 1
            out.append("<pre><code>" + escape("\n".join(block)) + "</code></pre>")
        elif match := re.match(r"^(#{1,4})\s+(.*)", line):
            level = len(match.group(1))
            out.append(f"<h{level}>{_inline(match.group(2))}</h{level}>")
        elif line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(lines[i])
                i += 1
            out.append(_table(rows))
            continue
        elif re.match(r"^\s*([-*]|\d+\.)\s+", line):
            tag = "ol" if re.match(r"^\s*\d+\.", line) else "ul"
            items = []
            while i < len(lines) and re.match(r"^\s*([-*]|\d+\.)\s+", lines[i]):
                items.append(re.sub(r"^\s*([-*]|\d+\.)\s+", "", lines[i]))
                i += 1
            out.append(
                f"<{tag}>"
                + "".join(f"<li>{_inline(t)}</li>" for t in items)
                + f"</{tag}>"
            )
            continue
        elif line.strip():
            para = [line]
            while (
                i + 1 < len(lines)
                and lines[i + 1].strip()
                and not re.match(r"^(#|```|\||\s*([-*]|\d+\.)\s)", lines[i + 1])
            ):
                i += 1
                para.append(lines[i])
            out.append("<p>" + _inline(" ".join(para)) + "</p>")
        i += 1
    return "\n".join(out)


@functools.lru_cache(maxsize=1)
def _cached(path: str) -> str:
    return render_markdown(Path(path).read_text(encoding="utf-8"))


def guide_html() -> str:
    return mark_safe(_cached(str(Path(settings.BASE_DIR) / GUIDE)))
