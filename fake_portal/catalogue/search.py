"""Searching the catalogue the way citizens type: diacritics ignored, codes and keywords."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from unidecode import unidecode

if TYPE_CHECKING:
    from fake_portal.catalogue import Procedure

# Dots stay inside a token so that "1.001193" is one word, not two.
_TOKEN = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+)*")


@dataclass(frozen=True)
class SearchEntry:
    procedure: Procedure
    code: str
    names: tuple[str, ...]
    keywords: tuple[str, ...]
    name_tokens: frozenset[str]
    all_tokens: frozenset[str]


def normalise(text: str) -> str:
    """Lowercase, strip Vietnamese diacritics and collapse whitespace."""
    # unidecode maps đ to d too; doing it first keeps that independent of its tables.
    text = text.replace("đ", "d").replace("Đ", "D")
    return " ".join(unidecode(text).lower().split())


def tokens(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(normalise(text)))


def index_entry(procedure: Procedure) -> SearchEntry:
    names = (_phrase(procedure.name_vi), _phrase(procedure.name_en))
    keywords = tuple(map(_phrase, procedure.keywords))
    name_tokens = frozenset(" ".join(names).split())
    return SearchEntry(
        procedure=procedure,
        code=procedure.code.lower(),
        names=names,
        keywords=keywords,
        name_tokens=name_tokens,
        all_tokens=name_tokens
        | frozenset(" ".join(keywords).split())
        | {procedure.code.lower()},
    )


def _phrase(text: str) -> str:
    return " ".join(tokens(text))


def rank(entry: SearchEntry, words: tuple[str, ...], phrase: str) -> int | None:
    """0 code, 1 exact name, 2 name starts with the query, 3 a keyword starts with it,
    4 all words in a name, 5 all words anywhere; None when a word is missing."""
    # A province-suffixed code (1.003583.000.00.00.H37) still finds its procedure.
    if phrase == entry.code or phrase.startswith(entry.code + "."):
        return 0
    if phrase in entry.names:
        return 1
    if any(name.startswith(phrase) for name in entry.names):
        return 2
    # Keywords hold the citizen's words ("so do" for the land certificate).
    if any(keyword.startswith(phrase) for keyword in entry.keywords):
        return 3
    if _all_words_in(words, entry.name_tokens):
        return 4
    if _all_words_in(words, entry.all_tokens):
        return 5
    return None


def _all_words_in(words: tuple[str, ...], tokens: frozenset[str]) -> bool:
    # Whole words, except that the last may be half typed ("chung thu" finds
    # "chung thuc") without "so do" matching every name containing "doanh".
    *whole, last = words
    return all(word in tokens for word in whole) and any(
        token.startswith(last) for token in tokens
    )
