"""A paper as the scanner sees it: an identity card as a PNG photo, other papers as PDFs.

Every rendering says, on the paper itself, that it is synthetic training material.
"""

import random
from io import BytesIO
from math import ceil
from pathlib import Path

from fake_portal.counter.models import PaperKind
from fake_portal.counter.papers.labels import labelled
from fake_portal.pdf import render_pdf

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")  # fonts-dejavu (STACK.md)
CARD_SIZE = (1100, 720)  # a card on the scanner bed, about 300 dpi
TRAINING_MARK = "MÔ PHỎNG – TÀI LIỆU ĐÀO TẠO SA BÀN – KHÔNG CÓ GIÁ TRỊ"


def page_of_each_field(fields, pages: int) -> list[int]:
    """The page (1-based) each field is printed on: fields spread evenly over the pages."""
    per_page = max(1, ceil(len(fields) / max(1, pages)))
    return [index // per_page + 1 for index in range(len(fields))]


def visible_fields(fields, pages: int, missing) -> list:
    """The fields a scanner can see: those not printed on a missing page."""
    numbers = page_of_each_field(fields, pages)
    return [f for f, n in zip(fields, numbers, strict=True) if n not in set(missing)]


def _pages(fields, pages: int, missing) -> list[dict]:
    rows = labelled(fields)
    numbers = page_of_each_field(rows, pages)
    return [
        {"number": n, "rows": [r for r, p in zip(rows, numbers, strict=True) if p == n]}
        for n in range(1, pages + 1)
        if n not in missing
    ]


def render_paper_pdf(
    *, title: str, fields, pages: int = 1, missing=(), handwritten=False, note=""
) -> bytes:
    """A scanned-looking PDF of a paper; missing pages are simply not there."""
    return render_pdf(
        "counter/pdf/paper.html",
        {
            "title": title,
            "pages": _pages(fields, pages, set(missing)),
            "total": pages,
            "handwritten": handwritten,
            "note": note,
        },
    )


def _font(size: int, bold: bool = False):
    from PIL import ImageFont

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), size)


# From the values' left edge to the card's right margin, in pixels.
CARD_TEXT_WIDTH = 680


def _wrap(text: str, font, width: int, max_lines: int = 2) -> list[str]:
    """`text` in lines no wider than `width` (a long address wraps instead of being cut);
    past `max_lines`, the last line ends with an ellipsis."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and font.getlength(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    if len(lines) > max_lines:
        last = " ".join(lines[max_lines - 1 :])
        while last and font.getlength(last + "…") > width:
            last = last[:-1]
        lines = lines[: max_lines - 1] + [last.rstrip() + "…"]
    return lines


def _card_face(fields: dict, title: str):
    from PIL import Image, ImageDraw

    card = Image.new("RGB", (1012, 638), (214, 232, 226))
    draw = ImageDraw.Draw(card)
    draw.rounded_rectangle(
        (4, 4, 1007, 633), radius=36, outline=(90, 120, 110), width=4
    )
    draw.text(
        (506, 40),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        font=_font(26, True),
        fill=(40, 40, 40),
        anchor="mm",
    )
    draw.text(
        (506, 78),
        title.upper() + " (MÔ PHỎNG)",
        font=_font(30, True),
        fill=(150, 30, 20),
        anchor="mm",
    )
    draw.rectangle((40, 130, 250, 400), fill=(190, 196, 200), outline=(120, 120, 120))
    draw.text(
        (145, 265),
        "ẢNH\nMÔ PHỎNG",
        font=_font(22),
        fill=(90, 90, 90),
        anchor="mm",
        align="center",
    )
    y = 118
    value_font = _font(20, True)
    for _name, text, value in labelled(fields.items()):
        draw.text((280, y), f"{text}:", font=_font(16), fill=(70, 70, 70))
        lines = _wrap(str(value or "—"), value_font, CARD_TEXT_WIDTH)
        for number, line in enumerate(lines):
            draw.text(
                (280, y + 18 + 24 * number), line, font=value_font, fill=(20, 20, 20)
            )
        y += 50 + 24 * (len(lines) - 1)
    draw.rectangle((0, 590, 1012, 638), fill=(150, 30, 20))
    draw.text(
        (506, 614), TRAINING_MARK, font=_font(20, True), fill="white", anchor="mm"
    )
    return card


def render_card_png(*, title: str, fields, seed=0) -> bytes:
    """An identity card photographed on a scanner: slightly askew, a little noisy."""
    from PIL import Image, ImageFilter

    rng = random.Random(f"card:{seed}")
    face = _card_face(dict(fields), title).rotate(
        rng.uniform(-1.5, 1.5), expand=True, fillcolor=(245, 245, 242)
    )
    bed = Image.new("RGB", CARD_SIZE, (245, 245, 242))
    bed.paste(
        face, ((CARD_SIZE[0] - face.width) // 2, (CARD_SIZE[1] - face.height) // 2)
    )
    bed = bed.filter(ImageFilter.GaussianBlur(0.6))
    out = BytesIO()
    bed.save(out, format="PNG", optimize=True)
    return out.getvalue()


def render_paper(paper) -> tuple[bytes, str, str]:
    """The scan of a Paper row: (bytes, content type, file extension)."""
    if paper.kind == PaperKind.IDENTITY_CARD:
        return (
            render_card_png(title=paper.title, fields=paper.fields, seed=paper.pk),
            "image/png",
            "png",
        )
    pdf = render_paper_pdf(
        title=paper.title,
        fields=paper.fields,
        pages=paper.pages,
        missing=paper.missing_pages,
        handwritten=paper.kind == PaperKind.DECLARATION,
        note=_note(paper),
    )
    return pdf, "application/pdf", "pdf"


def _note(paper) -> str:
    if paper.confidential:
        return "MẬT – tài liệu có nội dung thuộc bí mật nhà nước (mô phỏng)."
    if paper.issued_on:
        return f"Ngày cấp/ngày lập: {paper.issued_on:%d/%m/%Y}"
    return ""


def image_to_pdf(data: bytes, *, title: str) -> bytes:
    """An uploaded or generated image scan, placed on an A4 page with the training marking."""
    import base64

    from PIL import Image

    with Image.open(BytesIO(data)) as image:
        kind = (image.format or "PNG").lower()
    uri = f"data:image/{'jpeg' if kind == 'jpeg' else 'png'};base64,{base64.b64encode(data).decode()}"
    return render_pdf("counter/pdf/image_scan.html", {"title": title, "image": uri})
