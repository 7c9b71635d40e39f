"""Personal identity numbers (12 digits) and ID-card validity (Law 26/2023/QH15).

Structure (DOMAIN.md; Decree 137/2015, Circular 07/2016/TT-BCA): 3 digits for the province
where the birth was registered (pre-2025 codes), 1 digit for sex and century of birth
(0/1 male/female 1900–1999, 2/3 2000–2099, 4/5, 6/7, 8/9 for the next centuries), 2 digits
for the birth year, 6 digits that are random. There is no check digit.
"""

import functools
from datetime import date
from typing import NamedTuple

from django.utils.translation import gettext as _

# The 63 pre-2025 province codes (annex of Circular 07/2016/TT-BCA, listed in DOMAIN.md).
OLD_PROVINCE_CODES = frozenset(
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 "
    "033 034 035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 "
    "064 066 067 068 070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 "
    "094 095 096".split()
)
MALE, FEMALE = "male", "female"
# Renewal ages (Law 26/2023, Art. 21): a card lasts until the next of these birthdays.
RENEWAL_AGES = (14, 25, 40, 60)


class IdNumberError(ValueError):
    """An identity number that is malformed or does not match the person."""


class IdNumberParts(NamedTuple):  # not a frozen dataclass: mypyc cannot compile those
    place_code: str
    sex: str
    birth_year: int
    serial: str


def sex_century_digit(sex: str, year: int) -> int:
    century = year // 100 - 19
    if not 0 <= century <= 4:
        raise IdNumberError(_("Năm sinh nằm ngoài phạm vi mã hóa của số định danh."))
    return 2 * century + (1 if sex == FEMALE else 0)


def build_id_number(place_code: str, sex: str, birth_year: int, serial: int) -> str:
    """Assemble a 12-digit number; `serial` is the 6-digit random part (0..999999)."""
    digit = sex_century_digit(sex, birth_year)
    return f"{place_code}{digit}{birth_year % 100:02d}{serial:06d}"


def parse_id_number(number: str) -> IdNumberParts:
    """Split a number into its parts, raising IdNumberError when it is malformed."""
    number = "".join(str(number or "").split())
    # str.isdigit() alone accepts "²" and full-width digits: only ASCII 0-9 count.
    if not (number.isascii() and number.isdigit()):
        raise IdNumberError(_("Số định danh cá nhân chỉ gồm các chữ số từ 0 đến 9."))
    if len(number) != 12:
        raise IdNumberError(_("Số định danh cá nhân phải gồm đúng 12 chữ số."))
    place, digit, yy, serial = number[:3], int(number[3]), int(number[4:6]), number[6:]
    if place not in OLD_PROVINCE_CODES:
        raise IdNumberError(
            _("Ba chữ số đầu (%(code)s) không phải mã tỉnh, thành phố hợp lệ.")
            % {"code": place}
        )
    sex = FEMALE if digit % 2 else MALE
    year = 1900 + 100 * (digit // 2) + yy
    return IdNumberParts(place, sex, year, serial)


def validate_id_number(
    number: str,
    sex: str | None = None,
    birth_date: date | None = None,
    birth_place_code: str | None = None,
) -> IdNumberParts:
    """Check a number's structure and, when given, that it matches sex, birth year, place."""
    parts = parse_id_number(number)
    if birth_place_code and parts.place_code != birth_place_code:
        raise IdNumberError(
            _(
                "Mã nơi đăng ký khai sinh trong số định danh (%(code)s) khác mã %(expected)s."
            )
            % {"code": parts.place_code, "expected": birth_place_code}
        )
    if sex and parts.sex != sex:
        raise IdNumberError(_("Chữ số thứ tư của số định danh không khớp giới tính."))
    if birth_date and parts.birth_year != birth_date.year:
        raise IdNumberError(
            _("Số định danh mã hóa năm sinh %(year)s, khác năm sinh %(birth)s.")
            % {"year": parts.birth_year, "birth": birth_date.year}
        )
    return parts


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def card_expiry(birth_date: date, issue_date: date) -> date | None:
    """Expiry of a card issued on `issue_date` (None: does not expire).

    Law 26/2023 Art. 21: renewal at 14, 25, 40 and 60; a card issued within two years
    before one of those ages lasts until the next one; from 58 on it does not expire.
    The rule itself is card_expiry_ordinal's, which the generator calls on ordinals.
    """
    expiry = card_expiry_ordinal(birth_date.toordinal(), issue_date.toordinal())
    return None if expiry is None else date.fromordinal(expiry)


# Birthdays a card's dates depend on: two years before each renewal age (a card issued
# from then on lasts until the renewal after) and the renewal ages themselves.
CARD_BIRTHDAYS = tuple(
    age for renewal in RENEWAL_AGES for age in (renewal - 2, renewal)
)


class BirthdayOrdinals(dict):
    """Ordinal of the `age`-th birthday (add_years) by birth ordinal, computed once per
    birth date: the generator asks for the same few ages of a million people."""

    def __init__(self, age: int):
        super().__init__()
        self.age = age

    def __missing__(self, birth_ord: int) -> int:
        day = self[birth_ord] = add_years(
            date.fromordinal(birth_ord), self.age
        ).toordinal()
        return day


@functools.cache
def birthday_ordinals(age: int) -> BirthdayOrdinals:
    """The shared BirthdayOrdinals table of `age`."""
    return BirthdayOrdinals(age)


class _CardBirthdays(dict):
    """The CARD_BIRTHDAYS ordinals of someone born on a date ordinal, as one tuple."""

    def __missing__(self, birth_ord: int) -> tuple:
        days = self[birth_ord] = tuple(
            birthday_ordinals(age)[birth_ord] for age in CARD_BIRTHDAYS
        )
        return days


BIRTHDAYS = _CardBirthdays()


def card_expiry_ordinal(birth_ord: int, issue_ord: int) -> int | None:
    """card_expiry() on date ordinals: a card lasts until the first renewal age at least
    two years after its issue (birthdays as add_years gives them, so 29 February births
    renew on 28 February); issued from two years before the last one, it never expires."""
    days = BIRTHDAYS[birth_ord]
    for i in range(0, len(days), 2):
        if issue_ord < days[i]:
            return days[i + 1]
    return None


class SerialAllocator:
    """Unique, random-looking 6-digit serials per (place, sex-century, year) prefix.

    Sequential counters per prefix pushed through a keyed Feistel permutation of
    [0, 10^6): no two people of a world share a number, without remembering numbers.
    """

    SPACE = 1_000_000

    def __init__(self, key_tables: list[list[int]]):
        self._tables = key_tables
        self._counters: dict[str, list] = {}  # prefix -> [count, salt(, prefix)]
        self._by_person: dict[tuple, list] = {}  # (code, sex, year) -> the same list

    def next(self, prefix: str) -> int:
        state = self._counters.get(prefix)
        if state is None:
            state = self._counters[prefix] = [0, int(prefix) % 997]
        count, salt = state[0], state[1]
        if count >= self.SPACE:
            raise IdNumberError(_("Hết số định danh cho nhóm %(p)s.") % {"p": prefix})
        state[0] = count + 1
        return self._permute((count + salt * 1009) % self.SPACE, salt)

    def number(self, code: str, sex: str, year: int) -> str:
        """The next identity number for a person of this place, sex and birth year."""
        key = (code, sex, year)
        state = self._by_person.get(key)
        if state is None:
            prefix = f"{code}{sex_century_digit(sex, year)}{year % 100:02d}"
            state = self._by_person[key] = self._counters.setdefault(
                prefix, [0, int(prefix) % 997]
            )
            state.append(prefix)
        count, salt = state[0], state[1]
        if count >= self.SPACE:
            raise IdNumberError(_("Hết số định danh cho nhóm %(p)s.") % {"p": state[2]})
        state[0] = count + 1
        # _permute, unrolled: four Feistel rounds over (thousands, units).
        t0, t1, t2, t3 = self._tables
        left, right = divmod((count + salt * 1009) % self.SPACE, 1000)
        left, right = right, (left + t0[(right + salt) % 1000]) % 1000
        left, right = right, (left + t1[(right + salt) % 1000]) % 1000
        left, right = right, (left + t2[(right + salt) % 1000]) % 1000
        left, right = right, (left + t3[(right + salt) % 1000]) % 1000
        return f"{state[2]}{left * 1000 + right:06d}"

    def _permute(self, value: int, salt: int) -> int:
        left, right = divmod(value, 1000)
        for table in self._tables:
            left, right = right, (left + table[(right + salt) % 1000]) % 1000
        return left * 1000 + right
