"""Certificate serials: short, unguessable, with a check character.

A serial reads SB-2026-7K3Q-M9XD-R: the year, forty random bits in Crockford's base-32
alphabet (no I, L, O, U, so nothing is misread), then a Luhn mod 32 check character over the
year and the random part: it catches every single wrong character and every swap of two
neighbours except 0 and Z. A mistyped or invented serial is refused by the check character
before any database lookup; one in 32 invented serials passes it and is then simply unknown.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "SB"
RANDOM_LENGTH = 8
_VALUE = {char: value for value, char in enumerate(ALPHABET)}
_SHAPE = re.compile(r"^SB(\d{4})([0-9A-Z]{4})([0-9A-Z]{4})([0-9A-Z])$")
# Crockford: letters people type for digits they meant.
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def _luhn_sum(chars: str, start_factor: int) -> int:
    total, factor, base = 0, start_factor, len(ALPHABET)
    for char in reversed(chars):
        addend = factor * _VALUE[char]
        total += addend // base + addend % base
        factor = 3 - factor  # 1, 2, 1, 2… from the right
    return total


def check_character(payload: str) -> str:
    """The Luhn mod 32 check character of `payload` (characters of ALPHABET)."""
    remainder = _luhn_sum(payload, 2) % len(ALPHABET)
    return ALPHABET[(len(ALPHABET) - remainder) % len(ALPHABET)]


def new_serial(year: int) -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    payload = f"{year:04d}{body}"
    return f"{PREFIX}-{year:04d}-{body[:4]}-{body[4:]}-{check_character(payload)}"


def normalise(text: str) -> str | None:
    """The canonical serial for what someone typed or scanned, or None if it is not one.

    Spaces, dashes and case do not matter; O, I and L are read as 0, 1 and 1. The check
    character must match.
    """
    compact = re.sub(r"[\s\-–_.]", "", str(text or "")).upper()
    if not compact.startswith(PREFIX):
        return None
    compact = PREFIX + compact[len(PREFIX) :].translate(_LOOKALIKES)
    match = _SHAPE.match(compact)
    if not match or any(c not in _VALUE for c in "".join(match.groups())):
        return None
    year, first, second, check = match.groups()
    if _luhn_sum(year + first + second + check, 1) % len(ALPHABET):
        return None
    return f"{PREFIX}-{year}-{first}-{second}-{check}"


def is_well_formed(text: str) -> bool:
    return normalise(text) is not None
