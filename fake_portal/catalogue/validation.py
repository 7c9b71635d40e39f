"""Checking a catalogue file: its JSON Schema, then what a schema cannot express."""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator


@functools.lru_cache(maxsize=4)
def _validator(schema_path: Path) -> Draft202012Validator:
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def schema_problems(data: Any, schema_path: Path) -> list[str]:
    """Every place where `data` breaks the JSON Schema, as "$.path: message"."""
    errors = sorted(
        _validator(schema_path).iter_errors(data), key=lambda e: e.json_path
    )
    return [f"{error.json_path}: {error.message}" for error in errors]


def reference_problems(data: dict[str, Any]) -> list[str]:
    """Checks JSON Schema cannot express: uniqueness and references between lists."""
    return [
        *_duplicates(data["sources"], "id", "$.sources"),
        *_duplicates(data["sectors"], "slug", "$.sectors"),
        *_duplicates(data["agencies"], "code", "$.agencies"),
        *_duplicates(data["procedures"], "code", "$.procedures"),
        *_duplicates(data["procedures"], "slug", "$.procedures"),
        *_procedure_problems(data),
    ]


def _duplicates(items: list[dict[str, Any]], key: str, path: str) -> list[str]:
    counts = Counter(item[key] for item in items)
    return [
        f"{path}[{index}].{key}: duplicate value {item[key]!r}"
        for index, item in enumerate(items)
        if counts[item[key]] > 1
    ]


def _procedure_problems(data: dict[str, Any]) -> list[str]:
    context = {
        "agencies": {agency["code"]: agency["level"] for agency in data["agencies"]},
        "sectors": {sector["slug"] for sector in data["sectors"]},
        "sources": {source["id"] for source in data["sources"]},
    }
    problems: list[str] = []
    for index, procedure in enumerate(data["procedures"]):
        problems += _one_procedure_problems(
            procedure, f"$.procedures[{index}]", context
        )
    return problems


def _one_procedure_problems(
    procedure: dict[str, Any], path: str, context: dict[str, Any]
) -> list[str]:
    documents = procedure["required_documents"]
    problems = _duplicates(documents, "key", f"{path}.required_documents")
    if procedure["sector"] not in context["sectors"]:
        problems.append(f"{path}.sector: unknown sector {procedure['sector']!r}")
    sources = procedure["sources"]
    problems += _unknown(sources, context["sources"], f"{path}.sources", "source")
    return problems + _agency_problems(procedure, path, context["agencies"])


def _agency_problems(
    procedure: dict[str, Any], path: str, agencies: dict[str, str]
) -> list[str]:
    linked = procedure["interlinked_agencies"]
    problems = _unknown(linked, agencies, f"{path}.interlinked_agencies", "agency")
    competent, level = procedure["competent_agency"], procedure["level"]
    if competent not in agencies:
        problems.append(f"{path}.competent_agency: unknown agency {competent!r}")
    elif agencies[competent] != level:
        # A commune-level procedure decided by a province body (or the reverse)
        # would send the dossier down the wrong route in a drill.
        problems.append(
            f"{path}.competent_agency: {competent!r} is a {agencies[competent]}-level"
            f" agency but the procedure is {level}-level"
        )
    if competent in linked:
        problems.append(f"{path}.interlinked_agencies: lists the competent agency")
    return problems


def _unknown(
    values: list[str], known: Iterable[str], path: str, what: str
) -> list[str]:
    known = set(known)
    return [
        f"{path}[{index}]: unknown {what} {value!r}"
        for index, value in enumerate(values)
        if value not in known
    ]
