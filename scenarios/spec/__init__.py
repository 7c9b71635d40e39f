"""The scenario file format: parse YAML keeping line numbers, validate, read spans.

`parse(text)` returns the scenario as plain data or raises SpecError listing every
problem with the line it is on. Pure Python apart from the procedure catalogue.
"""

from scenarios.spec.errors import Problem, SpecError
from scenarios.spec.parse import parse, schema, schema_text
from scenarios.spec.spans import Span, parse_span

__all__ = [
    "Problem",
    "Span",
    "SpecError",
    "parse",
    "parse_span",
    "schema",
    "schema_text",
]
