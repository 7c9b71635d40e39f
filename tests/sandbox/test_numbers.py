import pytest

from sandbox.numbers import dong_in_words, thousands


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (8_000, "Tám nghìn đồng"),
        (15_000, "Mười lăm nghìn đồng"),
        (25_000, "Hai mươi lăm nghìn đồng"),
        (100_000, "Một trăm nghìn đồng"),
        (105_000, "Một trăm lẻ năm nghìn đồng"),
        (1_500_000, "Một triệu năm trăm nghìn đồng"),
    ],
)
def test_amounts_are_written_out_as_receipts_write_them(amount, words):
    assert dong_in_words(amount) == words


def test_figures_take_the_vietnamese_thousands_separator():
    assert thousands(20_000_000) == "20.000.000"
