"""First access for a new official: a one-time activation link, or a printed first-login code.

An activation token is signed and time-stamped, and bound to the state of the account's
password: once a password is set the same link no longer works. A first-login code is
kept only as a hash and is void after a few wrong tries or when it expires.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core import signing

ACTIVATION_SALT = "sandbox.operations.activation"
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read from paper
CODE_LENGTH = 10
MAX_CODE_FAILURES = 5


class CodeHasher(PBKDF2PasswordHasher):
    """PBKDF2 with fewer rounds than passwords: a commune's sheet of codes must print in
    seconds, and a code (50 bits, five tries, an expiry) is not a password."""

    algorithm = "pbkdf2_sha256_code"
    iterations = 60_000


CODE_HASHER = CodeHasher()


def activation_days() -> int:
    return int(getattr(settings, "OPERATIONS_ACTIVATION_DAYS", 14))


def code_days() -> int:
    return int(getattr(settings, "OPERATIONS_CODE_DAYS", 30))


def _state(user) -> str:
    login = user.last_login.isoformat() if user.last_login else ""
    raw = f"{user.pk}:{user.password}:{login}:{user.is_active}"
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def make_activation_token(user) -> str:
    return signing.dumps({"u": user.pk, "s": _state(user)}, salt=ACTIVATION_SALT)


def user_for_token(token: str):
    """The account the token activates, or None if it is forged, used or expired."""
    try:
        data = signing.loads(
            token, salt=ACTIVATION_SALT, max_age=timedelta(days=activation_days())
        )
    except signing.BadSignature:
        return None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or user.has_usable_password() or data.get("s") != _state(user):
        return None
    return user


def new_code() -> str:
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{code[:5]}-{code[5:]}"


def normalise_code(text: str) -> str:
    compact = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    return f"{compact[:5]}-{compact[5:]}" if len(compact) == CODE_LENGTH else compact


def hash_code(code: str) -> str:
    return CODE_HASHER.encode(normalise_code(code), CODE_HASHER.salt())


def code_matches(stored_hash: str, code: str) -> bool:
    return bool(stored_hash) and CODE_HASHER.verify(normalise_code(code), stored_hash)
