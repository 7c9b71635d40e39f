"""Pure text normalisation for the cells of an officials' file (no database)."""

import re
import unicodedata
from functools import lru_cache

_SPACE = re.compile(r"\s+")
# Vietnamese tone marks as combining characters (NFD); other diacritics stay where they are.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
FORMULA_CHARS = ("=", "+", "-", "@")


def clean(value) -> str:
    """A cell as trimmed NFC text with single spaces; numbers lose a spurious '.0'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", str(value))
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip()


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_CHARS)


def _syllable_key(word: str) -> str:
    # "Hoà" and "Hòa" are the same name in two tone-placement conventions: move the tone
    # mark to the end of the syllable so both give one key, keeping every diacritic.
    decomposed = unicodedata.normalize("NFD", word)
    tones = "".join(ch for ch in decomposed if ch in _TONES)
    base = "".join(ch for ch in decomposed if ch not in _TONES)
    return unicodedata.normalize("NFC", base) + tones


@lru_cache(maxsize=8192)
def name_key(text: str) -> str:
    """Key for comparing unit names: case, spacing and tone placement ignored, not diacritics."""
    words = clean(text).casefold().replace("–", "-").split(" ")
    return " ".join(_syllable_key(w) for w in words if w)


def header_key(text: str) -> str:
    return name_key(str(text or "").rstrip("*: ").strip())
