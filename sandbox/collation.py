"""Vietnamese alphabetical order in both databases: `vietnamese("name")` in an order_by.

Python's and SQLite's default order compare code points, which puts "Đ" after "Y" and
"Ý Yên" after "Yên Đồng". PostgreSQL orders with ICU's Vietnamese collation, which Debian's
and the official images ship as "vi-x-icu". SQLite gets a collation of the same name
(registered on every new connection), ordering as ICU does: letters first, in the
Vietnamese alphabet (a ă â b c d đ e ê … o ô ơ … u ư …), with tones, then case, breaking
ties; a space before any letter, so that a shorter word comes first.
"""

import unicodedata
from functools import lru_cache

from django.db.models.functions import Collate

COLLATION = "vi-x-icu"

# The alphabet with the letters foreign words bring (f, j, w, z) where ICU puts them.
_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
# Tones in the order of Vietnamese dictionaries: none, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def vietnamese(field: str) -> Collate:
    """`field` ordered as Vietnamese is, for order_by() and Meta.ordering."""
    return Collate(field, COLLATION)


def _letter(char: str) -> tuple[str, int]:
    """("ơ", 4) for "ớ": the letter with its vowel marks, and its tone."""
    decomposed = unicodedata.normalize("NFD", char.lower())
    tone = next((_TONES[m] for m in decomposed if m in _TONES), 0)
    base = "".join(m for m in decomposed if m not in _TONES)
    return unicodedata.normalize("NFC", base), tone


@lru_cache(maxsize=65536)
def sort_key(text: str) -> tuple:
    """A key that sorts strings as ICU's Vietnamese collation does (letters, tones, case)."""
    primary, tones, cases = [], [], []
    for char in unicodedata.normalize("NFC", text):
        letter, tone = _letter(char)
        if letter in _RANK:
            primary.append((3, _RANK[letter]))
        elif char.isdigit():
            primary.append((2, ord(char)))
        elif char.isspace():
            primary.append((0, 0))
        else:
            primary.append((1, ord(char)))
        tones.append(tone)
        cases.append(0 if char == char.lower() else 1)
    return tuple(primary), tuple(tones), tuple(cases), text


def _compare(left: str, right: str) -> int:
    a, b = sort_key(left), sort_key(right)
    return (a > b) - (a < b)


def register(sender, connection, **kwargs) -> None:
    """Give each new SQLite connection the collation PostgreSQL has built in."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, _compare)
