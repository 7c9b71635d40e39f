import re

from hypothesis import given
from hypothesis import strategies as st

from certificates import serials

SHAPE = re.compile(
    r"^SB-\d{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]$"
)


def test_a_new_serial_is_short_and_well_formed():
    serial = serials.new_serial(2026)
    assert SHAPE.match(serial), serial
    assert serial.startswith("SB-2026-")
    assert serials.normalise(serial) == serial


def test_typing_variants_normalise_to_the_same_serial():
    serial = serials.new_serial(2026)
    compact = serial.replace("-", "")
    assert serials.normalise(compact.lower()) == serial
    assert serials.normalise(f"  {serial.lower()} ") == serial
    assert serials.normalise(serial.replace("-", " ")) == serial


def test_o_i_and_l_are_read_as_digits():
    serial = "SB-2026-0000-1111-" + serials.check_character("202600001111")
    assert (
        serials.normalise(serial.replace("0000", "OOOO").replace("1111", "IlIl"))
        == serial
    )


def test_garbage_is_not_a_serial():
    for text in (
        "",
        "SB-2026",
        "ABC-2026-AAAA-BBBB-C",
        "SB-2026-AAAA-BBBB-CC",
        "SB-2026-UUUU-BBBB-C",
        None,
    ):
        assert serials.normalise(text) is None


@given(st.integers(min_value=2000, max_value=2099), st.data())
def test_any_single_changed_character_is_caught_by_the_check(year, data):
    serial = serials.new_serial(year)
    positions = [i for i, c in enumerate(serial) if c != "-" and i >= 3]
    at = data.draw(st.sampled_from(positions))
    replacement = data.draw(st.sampled_from(serials.ALPHABET))
    if replacement == serial[at]:
        return
    forged = serial[:at] + replacement + serial[at + 1 :]
    assert serials.normalise(forged) is None


@given(st.integers(min_value=2000, max_value=2099))
def test_swapping_two_adjacent_different_random_characters_is_caught(year):
    """Luhn mod 32 catches every adjacent swap but one pair's: 0 and Z (0 and 31)."""
    serial = serials.new_serial(year)
    body = serial[8:12] + serial[13:17]
    swaps = [
        i
        for i in range(len(body) - 1)
        if body[i] != body[i + 1] and {body[i], body[i + 1]} != {"0", "Z"}
    ]
    for i in swaps:
        swapped = body[:i] + body[i + 1] + body[i] + body[i + 2 :]
        forged = f"SB-{year}-{swapped[:4]}-{swapped[4:]}-{serial[-1]}"
        assert serials.normalise(forged) is None
