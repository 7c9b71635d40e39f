"""Tiny inline SVG bar charts for reports: no library, no script, readable when printed."""

from django.utils.html import escape

from sandbox.numbers import amount

ROW, LABEL_WIDTH, BAR_WIDTH = 22, 220, 320


def bar_chart(
    rows: list[tuple[str, float | None]],
    *,
    maximum: float = 100,
    unit: str = " %",
    title: str = "",
) -> str:
    """Horizontal bars, one per (label, value); None is drawn as an empty row."""
    height = ROW * len(rows) + 10
    width = LABEL_WIDTH + BAR_WIDTH + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" class="chart">'
    ]
    for index, (label, value) in enumerate(rows):
        y = index * ROW + 5
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 14}" text-anchor="end" font-size="12">'
            f"{escape(str(label)[:40])}</text>"
        )
        if value is None:
            parts.append(
                f'<text x="{LABEL_WIDTH + 4}" y="{y + 14}" font-size="12">—</text>'
            )
            continue
        length = max(0.0, min(1.0, value / maximum if maximum else 0)) * BAR_WIDTH
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{length:.1f}" height="{ROW - 6}" fill="#0b4f6c"></rect>'
            f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{y + 14}" font-size="12">{amount(value)}{escape(unit)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
