"""Procedure catalogue of the mock National Public Service Portal.

The catalogue is a versioned YAML file validated against a JSON Schema. This module
is pure Python (no Django) so that generators, scoring and tests can use it without
settings.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from fake_portal.catalogue.search import (
    SearchEntry,
    index_entry,
    normalise,
    rank,
    tokens,
)
from fake_portal.catalogue.validation import reference_problems, schema_problems

__all__ = [
    "DEFAULT_PATH",
    "SCHEMA_PATH",
    "Agency",
    "Catalogue",
    "CatalogueError",
    "Fee",
    "FeeTier",
    "ProcessingTime",
    "Procedure",
    "RequiredDocument",
    "Result",
    "Sector",
    "Source",
    "load_catalogue",
    "normalise",
]

DEFAULT_PATH = Path(__file__).with_name("procedures.yaml")
SCHEMA_PATH = Path(__file__).with_name("procedures.schema.json")


class CatalogueError(ValueError):
    """The catalogue file is missing, unreadable or invalid; lists every problem."""

    def __init__(self, path: Path, problems: Iterable[str]) -> None:
        self.path = path
        self.problems = tuple(problems)
        lines = "\n".join(f"  {problem}" for problem in self.problems)
        super().__init__(f"{path.name} is not a valid procedure catalogue:\n{lines}")


# ---------------------------------------------------------------- data classes


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    used_for: str
    url: str | None = None


@dataclass(frozen=True)
class Sector:
    slug: str
    name_vi: str
    name_en: str


@dataclass(frozen=True)
class Agency:
    code: str
    name_vi: str
    name_en: str
    level: str


@dataclass(frozen=True)
class ProcessingTime:
    working_days: int
    same_day: bool
    cutoff: str | None
    online_working_days: int | None
    extension_working_days: int | None
    note_vi: str


@dataclass(frozen=True)
class FeeTier:
    from_page: int
    to_page: int | None
    amount_vnd: int


@dataclass(frozen=True)
class Fee:
    amount_vnd: int
    per_page: bool
    set_by_province: bool
    waived_when: str | None
    note_vi: str
    illustrative: bool
    online_amount_vnd: int | None = None
    per_copy: bool = False
    tiers: tuple[FeeTier, ...] = ()
    max_amount_vnd: int | None = None

    def amount_for(self, pages: int = 1) -> int:
        """Fee for one copy of `pages` pages (only per-page fees depend on it)."""
        if not self.per_page:
            return self.amount_vnd
        total = sum(_tier_amount(tier, pages) for tier in self.tiers)
        return total if self.max_amount_vnd is None else min(total, self.max_amount_vnd)


def _tier_amount(tier: FeeTier, pages: int) -> int:
    last = pages if tier.to_page is None else min(pages, tier.to_page)
    return max(0, last - tier.from_page + 1) * tier.amount_vnd


@dataclass(frozen=True)
class RequiredDocument:
    key: str
    name_vi: str
    name_en: str
    kind: str
    required: bool
    data_in_national_database: bool
    digitisation_exempt: bool
    condition_vi: str | None = None


@dataclass(frozen=True)
class Result:
    name_vi: str
    name_en: str
    signer: str
    requires_signature: bool


@dataclass(frozen=True)
class Procedure:
    code: str
    version: int
    slug: str
    name_vi: str
    name_en: str
    sector: str
    level: str
    competent_agency: str
    interlinked_agencies: tuple[str, ...]
    processing_time: ProcessingTime
    fee: Fee
    filed_regardless_of_residence: bool
    online: str
    required_documents: tuple[RequiredDocument, ...]
    result: Result
    forms: tuple[str, ...]
    legal_basis: tuple[str, ...]
    keywords: tuple[str, ...]
    provenance: str
    sources: tuple[str, ...]
    component_codes: tuple[str, ...] = ()
    provenance_note: str | None = None

    @property
    def is_interlinked(self) -> bool:
        return bool(self.interlinked_agencies)

    def document(self, key: str) -> RequiredDocument:
        """The required document with this key; KeyError if the procedure has none."""
        for document in self.required_documents:
            if document.key == key:
                return document
        raise KeyError(key)

    def documents_not_to_request(self) -> tuple[RequiredDocument, ...]:
        """Papers whose data sits in a national database (Resolution 66.7/2025)."""
        return tuple(d for d in self.required_documents if d.data_in_national_database)


@dataclass(frozen=True)
class Catalogue:
    version: str
    notice_vi: str
    sources: tuple[Source, ...]
    sectors: tuple[Sector, ...]
    agencies: tuple[Agency, ...]
    procedures: tuple[Procedure, ...]
    _by_code: dict[str, Procedure] = field(init=False, repr=False, compare=False)
    _index: tuple[SearchEntry, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Frozen dataclass: derived lookups are set once, through object.__setattr__.
        object.__setattr__(self, "_by_code", {p.code: p for p in self.procedures})
        object.__setattr__(self, "_index", tuple(map(index_entry, self.procedures)))

    def __len__(self) -> int:
        return len(self.procedures)

    def __iter__(self) -> Iterator[Procedure]:
        return iter(self.procedures)

    def get(self, code: str) -> Procedure:
        """The procedure with this code; KeyError for an unknown code."""
        return self._by_code[code]

    def by_level(self, level: str) -> tuple[Procedure, ...]:
        return tuple(p for p in self.procedures if p.level == level)

    def agency(self, code: str) -> Agency:
        return _find(self.agencies, "code", code)

    def sector(self, slug: str) -> Sector:
        return _find(self.sectors, "slug", slug)

    def search(self, query: str) -> list[Procedure]:
        """Procedures matching every word of `query`, diacritics ignored, best first."""
        words = tokens(query)
        if not words:
            return list(self.procedures)
        phrase = " ".join(words)
        ranked = [
            (position, len(entry.names[0]), entry.code, entry.procedure)
            for entry in self._index
            if (position := rank(entry, words, phrase)) is not None
        ]
        return [procedure for *_, procedure in sorted(ranked, key=lambda r: r[:3])]


def _find(items: tuple[Any, ...], attribute: str, value: str) -> Any:
    for item in items:
        if getattr(item, attribute) == value:
            return item
    raise KeyError(value)


# ---------------------------------------------------------------- loading


def load_catalogue(path: Path | str | None = None) -> Catalogue:
    """Read, validate and build the catalogue; the shipped file is loaded once."""
    if path is None:
        return _load_default()
    return _load(Path(path))


@functools.lru_cache(maxsize=1)
def _load_default() -> Catalogue:
    return _load(DEFAULT_PATH)


def _load(path: Path) -> Catalogue:
    data = _read_yaml(path)
    problems = schema_problems(data, SCHEMA_PATH) or reference_problems(data)
    if problems:
        raise CatalogueError(path, problems)
    return _build_catalogue(data)


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise CatalogueError(path, [f"$: cannot be read: {error}"]) from error


# ---------------------------------------------------------------- building


def _build_catalogue(data: dict[str, Any]) -> Catalogue:
    return Catalogue(
        version=data["catalogue_version"],
        notice_vi=data["notice_vi"],
        sources=tuple(Source(**item) for item in data["sources"]),
        sectors=tuple(Sector(**item) for item in data["sectors"]),
        agencies=tuple(Agency(**item) for item in data["agencies"]),
        procedures=tuple(_build_procedure(item) for item in data["procedures"]),
    )


def _build_procedure(item: dict[str, Any]) -> Procedure:
    # Lists become tuples so that Procedure stays hashable and immutable.
    values = {
        key: tuple(value) if isinstance(value, list) else value
        for key, value in item.items()
    }
    return Procedure(
        **{
            **values,
            "processing_time": ProcessingTime(**item["processing_time"]),
            "fee": _build_fee(item["fee"]),
            "required_documents": tuple(
                RequiredDocument(**d) for d in item["required_documents"]
            ),
            "result": Result(**item["result"]),
        }
    )


def _build_fee(item: dict[str, Any]) -> Fee:
    tiers = tuple(FeeTier(**tier) for tier in item.get("tiers", ()))
    return Fee(**{**item, "tiers": tiers})
