from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fake_portal.population.generator.identity import (
    OLD_PROVINCE_CODES,
    IdNumberError,
    SerialAllocator,
    add_years,
    birthday_ordinals,
    build_id_number,
    card_expiry,
    card_expiry_ordinal,
    parse_id_number,
    validate_id_number,
)


def test_structure_follows_the_decree():
    assert build_id_number("037", "male", 1985, 123) == "037085000123"
    assert build_id_number("001", "female", 1999, 5) == "001199000005"
    assert build_id_number("079", "male", 2003, 42) == "079203000042"
    assert build_id_number("079", "female", 2010, 42) == "079310000042"


@given(
    code=st.sampled_from(sorted(OLD_PROVINCE_CODES)),
    sex=st.sampled_from(["male", "female"]),
    born=st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
    serial=st.integers(0, 999_999),
)
def test_built_numbers_validate_against_their_person(code, sex, born, serial):
    number = build_id_number(code, sex, born.year, serial)
    parts = validate_id_number(number, sex, born, code)
    assert (parts.place_code, parts.sex, parts.birth_year) == (code, sex, born.year)


@pytest.mark.parametrize(
    "number",
    [
        "",
        "12345678901",
        "0370850001234",
        "03708500012a",
        "003085000123",
        "999085000123",
        "035²84656183",  # str.isdigit() is true, int() fails
        "035１84656183",  # full-width: isdigit() and int() both accept it
        "０３５１８４６５６１８３",
    ],
)
def test_malformed_numbers_are_refused(number):
    with pytest.raises(IdNumberError):
        parse_id_number(number)


def test_mismatches_are_named():
    number = build_id_number("037", "female", 1990, 1)
    with pytest.raises(IdNumberError, match="giới tính"):
        validate_id_number(number, sex="male")
    with pytest.raises(IdNumberError, match="1991"):
        validate_id_number(number, birth_date=date(1991, 1, 1))
    with pytest.raises(IdNumberError, match="036"):
        validate_id_number(number, birth_place_code="036")


def test_serials_are_unique_per_prefix():
    allocator = SerialAllocator(
        [[(7 * i + r) % 1000 for i in range(1000)] for r in range(4)]
    )
    serials = [allocator.next("037085") for _ in range(50_000)]
    assert len(set(serials)) == len(serials)
    assert all(0 <= s < 1_000_000 for s in serials)


born = date(2000, 3, 10)


@pytest.mark.parametrize(
    ("issued", "expires"),
    [
        (date(2010, 1, 1), date(2014, 3, 10)),  # under 12: renew at 14
        (date(2013, 1, 1), date(2025, 3, 10)),  # within 2 years before 14: lasts to 25
        (date(2020, 1, 1), date(2025, 3, 10)),
        (date(2023, 6, 1), date(2040, 3, 10)),  # within 2 years before 25: lasts to 40
        (date(2039, 1, 1), date(2060, 3, 10)),
        (date(2057, 1, 1), date(2060, 3, 10)),
        (date(2058, 3, 10), None),  # from 58: no expiry
    ],
)
def test_card_validity_follows_law_26_2023(issued, expires):
    assert card_expiry(born, issued) == expires


def _card_expiry_by_definition(born, issued):
    """Law 26/2023 Art. 21 read literally, with add_years (the reference for card_expiry)."""
    if issued >= add_years(born, 58):
        return None
    for age in (14, 25, 40, 60):
        if issued < add_years(born, age - 2):
            return add_years(born, age)
    return None


@given(
    born=st.dates(min_value=date(1920, 1, 1), max_value=date(2026, 7, 1)),
    days=st.integers(0, 80 * 366),
)
def test_card_expiry_matches_the_law_for_any_birth_date(born, days):
    issued = date.fromordinal(born.toordinal() + days)
    assert card_expiry(born, issued) == _card_expiry_by_definition(born, issued)


@given(
    born=st.sampled_from([date(2000, 2, 29), date(1988, 2, 29)]),
    days=st.integers(0, 30000),
)
def test_card_expiry_for_people_born_on_29_february(born, days):
    issued = date.fromordinal(born.toordinal() + days)
    assert card_expiry(born, issued) == _card_expiry_by_definition(born, issued)


@given(
    born=st.one_of(
        st.dates(min_value=date(1920, 1, 1), max_value=date(2026, 7, 1)),
        st.sampled_from([date(2000, 2, 29), date(1988, 2, 29), date(1960, 2, 29)]),
    ),
    days=st.integers(0, 80 * 366),
)
def test_the_generators_ordinal_card_expiry_is_the_same_rule(born, days):
    issued = born.toordinal() + days
    expected = _card_expiry_by_definition(born, date.fromordinal(issued))
    assert card_expiry_ordinal(born.toordinal(), issued) == (
        expected and expected.toordinal()
    )


def test_numbers_match_the_serial_allocator():
    tables = [[(7 * i + r) % 1000 for i in range(1000)] for r in range(4)]
    by_prefix, by_person = SerialAllocator(tables), SerialAllocator(tables)
    for code, sex, year in [("037", "male", 1985), ("001", "female", 2003)] * 3:
        prefix = build_id_number(code, sex, year, 0)[:6]
        expected = build_id_number(code, sex, year, by_prefix.next(prefix))
        assert by_person.number(code, sex, year) == expected


@given(
    born=st.one_of(
        st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 7, 1)),
        st.sampled_from([date(2000, 2, 29), date(1988, 2, 29)]),
    ),
    age=st.sampled_from([18, 20, 80]),
)
def test_birthday_tables_agree_with_add_years(born, age):
    assert birthday_ordinals(age)[born.toordinal()] == add_years(born, age).toordinal()
