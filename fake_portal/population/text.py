"""Name normalisation shared by the generator (search_name column) and look-ups."""

import functools

from unidecode import unidecode


@functools.lru_cache(maxsize=65536)
def _ascii_word(word: str) -> str:
    return unidecode(word).lower()


def normalise_words(*parts: str) -> str:
    """normalise_name for name parts already split (cached per word: names repeat)."""
    return " ".join(_ascii_word(w) for part in parts for w in part.split())


def normalise_name(name: str) -> str:
    """Lower-case, diacritic-free, single-spaced: 'NGUYỄN  Văn Đức' -> 'nguyen van duc'."""
    return " ".join(unidecode(name).lower().split())
