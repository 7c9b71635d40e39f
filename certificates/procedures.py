"""The procedure catalogue as the certificates see it: code -> (version, name).

The shipped catalogue is the truth; a deployment (or a test) may point the optional
PROCEDURE_CATALOGUE_PATH setting at another validated file, re-read when it changes.
"""

import functools
from pathlib import Path

from django.conf import settings

from fake_portal.catalogue import load_catalogue


@functools.lru_cache(maxsize=4)
def _catalogue_at(path: str, mtime: float):
    return load_catalogue(path)


def current_catalogue():
    path = getattr(settings, "PROCEDURE_CATALOGUE_PATH", None)
    if not path:
        return load_catalogue()
    return _catalogue_at(str(path), Path(path).stat().st_mtime)


def lookup(code: str) -> tuple[int, str] | None:
    """The current (version, Vietnamese name) of procedure `code`, or None if unknown."""
    try:
        procedure = current_catalogue().get(code)
    except KeyError:
        return None
    return procedure.version, procedure.name_vi
