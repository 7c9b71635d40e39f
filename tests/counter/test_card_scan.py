"""The scanned identity card writes long values in full, over two lines if need be."""

from fake_portal.counter.papers.render import (
    CARD_TEXT_WIDTH,
    _font,
    _wrap,
    render_card_png,
)

LONG_ADDRESS = (
    "Số nhà 128, ngõ 45, đường Trần Hưng Đạo, Tổ dân phố Đông Thành, Phường Hoa Lư, "
    "tỉnh Ninh Bình"
)


def test_a_long_address_wraps_instead_of_being_cut():
    font = _font(20, True)
    lines = _wrap(LONG_ADDRESS, font, CARD_TEXT_WIDTH)
    assert len(lines) == 2
    assert " ".join(lines) == LONG_ADDRESS  # nothing lost
    assert all(font.getlength(line) <= CARD_TEXT_WIDTH for line in lines)
    assert _wrap("Phường Hoa Lư", font, CARD_TEXT_WIDTH) == ["Phường Hoa Lư"]


def test_text_longer_than_two_lines_ends_with_an_ellipsis():
    font = _font(20, True)
    lines = _wrap(LONG_ADDRESS * 3, font, CARD_TEXT_WIDTH)
    assert len(lines) == 2 and lines[1].endswith("…")
    assert all(font.getlength(line) <= CARD_TEXT_WIDTH for line in lines)


def test_a_card_with_a_long_address_renders():
    png = render_card_png(
        title="Căn cước",
        fields=[("full_name", "Nguyễn Văn An"), ("address", LONG_ADDRESS)],
        seed=1,
    )
    assert png.startswith(b"\x89PNG")
