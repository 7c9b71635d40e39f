"""YAML → data with a line for every path, then the JSON Schema and the semantic checks."""

import functools
import json
from pathlib import Path

import yaml
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

from scenarios.spec.errors import ROOT, Problem, SpecError
from scenarios.spec.messages import describe
from scenarios.spec.semantics import semantic_problems
from scenarios.spec.syntax import syntax_problem

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "scenario.schema.json"
MAX_SOURCE = 200_000  # characters; a scenario is a page or two, not a data dump
MAX_NODES = 20_000  # aliases could otherwise expand a small file into a huge one


@functools.lru_cache(maxsize=1)
def schema_text() -> str:
    return SCHEMA_PATH.read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def schema() -> dict:
    return json.loads(schema_text())


@functools.lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    Draft202012Validator.check_schema(schema())
    return Draft202012Validator(schema())


def _path(parts) -> str:
    text = ROOT
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


class _Reader:
    """Turns a composed YAML node tree into data, noting the line of every path."""

    def __init__(self, loader):
        self.loader = loader
        self.lines = {}
        self.problems = []
        self.count = 0

    def read(self, node, path=()):
        self.count += 1
        if self.count > MAX_NODES:
            too_big = _("Tệp có quá nhiều phần tử (tham chiếu YAML lồng nhau?).")
            raise SpecError([Problem(node.start_mark.line + 1, _path(path), too_big)])
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.read(item, (*path, i)) for i, item in enumerate(node.value)]
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value  # dates stay text: the schema says how to write them
        return self.loader.construct_object(node, deep=True)

    def _mapping(self, node, path):
        data = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(key_node, path, _("Khóa phải là một chuỗi ký tự."))
                continue
            key = str(key_node.value)
            if key in data:
                self._problem(
                    key_node, path, _("Khóa “%(key)s” bị lặp lại.") % {"key": key}
                )
                continue
            self.lines[(*path, key)] = key_node.start_mark.line + 1
            data[key] = self.read(value_node, (*path, key))
        return data

    def _problem(self, node, path, message):
        self.problems.append(Problem(node.start_mark.line + 1, _path(path), message))


def _load(text: str):
    if len(text) > MAX_SOURCE:
        raise SpecError([Problem(0, ROOT, _("Tệp quá dài (tối đa 200.000 ký tự)."))])
    loader = None
    try:
        loader = yaml.SafeLoader(text)
        node = loader.get_single_node()
        if node is None:
            raise SpecError([Problem(1, ROOT, _("Tệp trống."))])
        reader = _Reader(loader)
        data = reader.read(node)
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, max(0, error.position)) + 1
        raise SpecError(
            [Problem(line, ROOT, _("Tệp có ký tự điều khiển không hợp lệ."))]
        ) from error
    except yaml.MarkedYAMLError as error:
        line, message = syntax_problem(error)
        raise SpecError([Problem(line, ROOT, message)]) from error
    except yaml.YAMLError as error:
        message = _("Lỗi cú pháp YAML: %(detail)s.") % {"detail": error}
        raise SpecError([Problem(0, ROOT, message)]) from error
    finally:
        if loader is not None:
            loader.dispose()
    if reader.problems:
        raise SpecError(reader.problems)
    return data, reader.lines


def _line_of(lines: dict, parts) -> int:
    parts = tuple(parts)
    while parts and parts not in lines:
        parts = parts[:-1]
    return lines.get(parts, 1)


def _schema_problems(data, lines) -> list[Problem]:
    problems = []
    for error in _validator().iter_errors(data):
        # A failed oneOf/anyOf says little; its closest sub-error says what is wrong.
        best = _deepest(error)
        parts = list(best.absolute_path)
        if best.validator == "additionalProperties" and isinstance(best.instance, dict):
            # Point at the first unknown key itself, not at the mapping that holds it.
            allowed = set(best.schema.get("properties", {}))
            extra = [k for k in best.instance if k not in allowed]
            lines_of_extra = [lines.get((*parts, k)) for k in extra]
            line = min((n for n in lines_of_extra if n), default=_line_of(lines, parts))
            problems.append(Problem(line, _path(parts), describe(best)))
            continue
        problems.append(Problem(_line_of(lines, parts), _path(parts), describe(best)))
    return problems


def _deepest(error):
    while error.context:
        candidates = [e for e in error.context if e.validator not in ("const",)]
        error = max(candidates or error.context, key=lambda e: len(e.absolute_path))
        if error.validator not in ("oneOf", "anyOf"):
            break
    return error


def parse(text: str) -> dict:
    """The scenario in `text` as validated data; SpecError (with lines) otherwise."""
    data, lines = _load(text)
    problems = _schema_problems(data, lines)
    if problems:
        raise SpecError(problems)
    problems = [
        Problem(_line_of(lines, parts), _path(parts), message)
        for parts, message in semantic_problems(data)
    ]
    if problems:
        raise SpecError(problems)
    return data
