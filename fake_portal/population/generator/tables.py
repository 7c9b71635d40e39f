"""The data files, loaded once into weighted tables the generator draws from."""

import functools
from bisect import bisect
from datetime import date
from importlib import resources
from itertools import accumulate
from pathlib import Path
from random import Random

import yaml

# Not __file__: a compiled module (native.py) has none while it runs its top level.
DATA_DIR = Path(str(resources.files("fake_portal.population") / "data"))


class Weighted:
    """A weighted choice: `pick(rng)` costs one random() and one bisect."""

    values: list
    cum: list[float]
    total: float
    __slots__ = tuple(__annotations__)  # the fields above, for the pure-Python build

    def __init__(self, weights: dict):
        items = [(k, float(w)) for k, w in weights.items() if float(w) > 0]
        self.values = [k for k, _w in items]
        self.cum = list(accumulate([w for _k, w in items]))
        self.total = self.cum[-1]

    def pick(self, rng: Random):  # returns one of `values`, of any type
        return self.values[bisect(self.cum, rng.random() * self.total)]

    def share(self, value) -> float:
        if value not in self.values:
            return 0.0
        i = self.values.index(value)
        previous = self.cum[i - 1] if i else 0.0
        return (self.cum[i] - previous) / self.total


class _IsoDates(dict):
    """'YYYY-MM-DD' by date ordinal, formatted once per day.

    Generated rows carry dates as ISO text: what COPY and SQLite receive anyway, and far
    cheaper to build and encode (for COPY and for the digest) than date objects.
    """

    def __missing__(self, ordinal: int) -> str:
        text = self[ordinal] = date.fromordinal(ordinal).isoformat()
        return text


ISO_DATES = _IsoDates()


@functools.cache
def load(name: str) -> dict:
    with open(DATA_DIR / f"{name}.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def province_data(code: int) -> dict:
    provinces = load("provinces")["provinces"]
    if code not in provinces:
        raise KeyError(code)
    return provinces[code]


def known_provinces() -> list[int]:
    return sorted(load("provinces")["provinces"])


def old_code_owner() -> dict[str, int]:
    """Pre-2025 province code -> the province it belongs to since July 2025."""
    owner = {}
    for new_code, data in load("provinces")["provinces"].items():
        for old in data["old"]:
            owner[old["code"]] = new_code
    return owner


def old_province_names() -> dict[str, str]:
    return {
        old["code"]: old["name"]
        for data in load("provinces")["provinces"].values()
        for old in data["old"]
    }
