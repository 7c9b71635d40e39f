"""Checks a JSON Schema cannot make: references between parts, codes that must exist."""

import re

from django.utils.translation import gettext as _

from fake_portal.catalogue import load_catalogue
from fake_portal.fees import declared_date
from fake_portal.request_content import DATE_FIELDS, OLDEST_YEARS, declarable_keys
from sandbox.numbers import amount
from scenarios.rules import ACTION_LABELS, RULES
from scenarios.spec.spans import parse_span, whole_days

_ACTION = re.compile(r"^[a-z_]+\.[a-z_]+$")


def _no_dossier(key) -> str:
    return _("Không có hồ sơ mã “%(dossier)s”.") % {"dossier": key}


def semantic_problems(data: dict) -> list[tuple[tuple, str]]:
    """(path, message) for every broken reference or impossible value."""
    problems = []
    dossiers = data.get("dossiers", [])
    ids = _unique_ids(dossiers, ("dossiers",), problems)
    for index, dossier in enumerate(dossiers):
        problems += _dossier_problems(dossier, ("dossiers", index))
    problems += _arrival_problems(data, ids)
    problems += _inject_problems(data.get("injects", []), ids)
    problems += _rubric_problems(data["rubric"], ids)
    problems += _span_problems(data)
    return problems


def _unique_ids(items, path, problems) -> set:
    seen = set()
    for index, item in enumerate(items):
        if item.get("id") in seen:
            problems.append(
                ((*path, index, "id"), _("Mã “%(id)s” bị trùng.") % {"id": item["id"]})
            )
        seen.add(item.get("id"))
    return seen


def _procedure(code):
    try:
        return load_catalogue().get(code)
    except KeyError:
        return None


def _dossier_problems(dossier, path) -> list:
    procedure = _procedure(dossier["procedure"])
    if procedure is None:
        return [
            (
                (*path, "procedure"),
                _("Không có thủ tục mã “%(code)s” trong danh mục.")
                % {"code": dossier["procedure"]},
            )
        ]
    problems = []
    keys = {d.key for d in procedure.required_documents}
    for index, defect in enumerate(dossier.get("defects", [])):
        where = (*path, "defects", index)
        if isinstance(defect, dict) and "missing_document" in defect:
            if defect["missing_document"] not in keys:
                problems.append(
                    (
                        where,
                        _(
                            "Thủ tục %(procedure)s không có thành phần hồ sơ "
                            "“%(document)s”. Các thành phần: %(documents)s."
                        )
                        % {
                            "procedure": procedure.code,
                            "document": defect["missing_document"],
                            "documents": ", ".join(sorted(keys)),
                        },
                    )
                )
        if defect == "wrong_level" and procedure.level == "commune":
            problems.append(
                (
                    where,
                    _(
                        "“wrong_level” cần một thủ tục cấp tỉnh; %(procedure)s là "
                        "thủ tục cấp xã."
                    )
                    % {"procedure": procedure.code},
                )
            )
    problems += _request_problems(dossier.get("request", {}), procedure, path)
    age = dossier.get("applicant", {}).get("age")
    if age and age[0] > age[1]:
        problems.append(
            (
                (*path, "applicant", "age"),
                _("Tuổi nhỏ nhất lớn hơn tuổi lớn nhất."),
            )
        )
    return problems


def _request_problems(request: dict, procedure, path) -> list:
    """Items the procedure's declaration does not have (the simulated item they were
    meant to replace would stay beside them) and days the fee waiver cannot read."""
    keys = declarable_keys(procedure.code)
    problems = []
    for key, value in request.items():
        where = (*path, "request", key)
        if keys and key not in keys:
            problems.append(
                (
                    where,
                    _(
                        "Tờ khai của thủ tục %(procedure)s không có mục “%(key)s”. "
                        "Các mục: %(keys)s."
                    )
                    % {
                        "procedure": procedure.code,
                        "key": key,
                        "keys": ", ".join(keys),
                    },
                )
            )
        elif key in DATE_FIELDS and not _is_declared_day(value):
            problems.append(
                (
                    where,
                    _(
                        "“%(value)s” không phải một ngày: viết 2026-01-31, 31/01/2026 "
                        "hoặc số ngày trước ngày hồ sơ đến, ví dụ 20 ngày."
                    )
                    % {"value": value},
                )
            )
    return problems


def _is_declared_day(value) -> bool:
    """A date, a number of days before the dossier arrives (no further back than the
    filing forms accept), or left blank on purpose."""
    days = whole_days(value)
    return (
        value in (None, "")
        or bool(declared_date(value))
        or (days is not None and days <= OLDEST_YEARS * 365)
    )


def _arrival_problems(data, ids) -> list:
    problems = []
    injected = {}
    for index, inject in enumerate(data.get("injects", [])):
        if inject["kind"] == "new_dossier":
            target = inject["params"]["dossier"]
            path = ("injects", index, "params", "dossier")
            if target not in ids:
                problems.append((path, _no_dossier(target)))
            elif target in injected:
                problems.append(
                    (
                        path,
                        _("Hồ sơ “%(dossier)s” đã được một tình huống khác đưa đến.")
                        % {"dossier": target},
                    )
                )
            injected[target] = path
    for index, dossier in enumerate(data.get("dossiers", [])):
        has_time = "arrive_at" in dossier
        if has_time and dossier["id"] in injected:
            problems.append(
                (
                    ("dossiers", index, "arrive_at"),
                    _(
                        "Hồ sơ do tình huống “new_dossier” đưa đến thì không ghi "
                        "arrive_at."
                    ),
                )
            )
        if not has_time and dossier["id"] not in injected:
            problems.append(
                (
                    ("dossiers", index),
                    _(
                        "Thiếu “arrive_at” (hoặc một tình huống new_dossier đưa hồ sơ "
                        "này đến)."
                    ),
                )
            )
    return problems


def _inject_problems(injects, ids) -> list:
    problems = []
    for index, inject in enumerate(injects):
        params = inject.get("params", {})
        path = ("injects", index, "params")
        if (
            inject["kind"] == "procedure_moved"
            and _procedure(params["procedure"]) is None
        ):
            problems.append(
                (
                    (*path, "procedure"),
                    _("Không có thủ tục mã “%(code)s”.")
                    % {"code": params["procedure"]},
                )
            )
        if inject["kind"] == "citizen_complaint" and params.get("dossier") not in (
            None,
            *ids,
        ):
            problems.append(((*path, "dossier"), _no_dossier(params["dossier"])))
    return problems


def _rubric_problems(rubric, ids) -> list:
    problems = []
    items = rubric["items"]
    item_ids = _unique_ids(items, ("rubric", "items"), problems)
    for index, item in enumerate(items):
        path = ("rubric", "items", index)
        problems += _reference_problems(item, path, ids, "expect")
        for position, other in enumerate(item.get("after", [])):
            if other not in item_ids or other == item["id"]:
                problems.append(
                    (
                        (*path, "after", position),
                        _("Không có mục chấm “%(item)s” khác mục này.")
                        % {"item": other},
                    )
                )
        origin = item.get("from")
        if origin and origin not in item_ids and not _ACTION.match(origin):
            problems.append(
                (
                    (*path, "from"),
                    _("“%(origin)s” không phải mã mục chấm hay tên thao tác.")
                    % {"origin": origin},
                )
            )
        if item.get("within") in ("before due", "trước hạn") and not item.get(
            "dossier"
        ):
            problems.append(
                ((*path, "within"), _("“before due” cần ghi hồ sơ (dossier)."))
            )
        if item.get("late_points", 0) > item["points"]:
            problems.append(
                (
                    (*path, "late_points"),
                    _("Điểm khi làm muộn lớn hơn điểm tối đa."),
                )
            )
    for index, rule in enumerate(rubric.get("forbidden", [])):
        problems += _reference_problems(
            rule, ("rubric", "forbidden", index), ids, "action"
        )
    total = sum(item["points"] for item in items)
    if rubric["pass_mark"] > total:
        problems.append(
            (
                ("rubric", "pass_mark"),
                _("Điểm đạt (%(pass_mark)s) lớn hơn tổng điểm (%(total)s).")
                % {"pass_mark": amount(rubric["pass_mark"]), "total": amount(total)},
            )
        )
    return problems


def _reference_problems(entry, path, ids, action_key) -> list:
    problems = []
    if entry.get("dossier") and entry["dossier"] not in ids:
        problems.append(((*path, "dossier"), _no_dossier(entry["dossier"])))
    if entry[action_key] not in ACTION_LABELS:
        problems.append(
            (
                (*path, action_key),
                _("Thao tác “%(action)s” không có trong nhật ký sa bàn.")
                % {"action": entry[action_key]},
            )
        )
    if entry["rule"] not in RULES:
        problems.append(
            (
                (*path, "rule"),
                _("Không có quy định “%(rule)s”. Các quy định: %(rules)s.")
                % {"rule": entry["rule"], "rules": ", ".join(sorted(RULES))},
            )
        )
    return problems


def _span_problems(data) -> list:
    spans = [(("duration",), data.get("duration"))]
    spans += [
        (("dossiers", i, "arrive_at"), d.get("arrive_at"))
        for i, d in enumerate(data["dossiers"])
    ]
    spans += [
        (("injects", i, "at"), j.get("at"))
        for i, j in enumerate(data.get("injects", []))
    ]
    problems = []
    for path, text in spans:
        if text is None:
            continue
        try:
            parse_span(text)
        except ValueError:
            problems.append(
                (
                    path,
                    _("“%(text)s” không phải một khoảng thời gian.") % {"text": text},
                )
            )
    return problems
