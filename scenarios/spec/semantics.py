"""Checks a JSON Schema cannot make: references between parts, codes that must exist."""

import re

from fake_portal.catalogue import load_catalogue
from scenarios.rules import ACTION_LABELS, RULES
from scenarios.spec.spans import parse_span

_ACTION = re.compile(r"^[a-z_]+\.[a-z_]+$")


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
            problems.append(((*path, index, "id"), f"Mã “{item['id']}” bị trùng."))
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
                f"Không có thủ tục mã “{dossier['procedure']}” trong danh mục.",
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
                        f"Thủ tục {procedure.code} không có thành phần hồ sơ "
                        f"“{defect['missing_document']}”. Các thành phần: "
                        + ", ".join(sorted(keys))
                        + ".",
                    )
                )
        if defect == "wrong_level" and procedure.level == "commune":
            problems.append(
                (
                    where,
                    f"“wrong_level” cần một thủ tục cấp tỉnh; {procedure.code} là thủ "
                    "tục cấp xã.",
                )
            )
    age = dossier.get("applicant", {}).get("age")
    if age and age[0] > age[1]:
        problems.append(
            ((*path, "applicant", "age"), "Tuổi nhỏ nhất lớn hơn tuổi lớn nhất.")
        )
    return problems


def _arrival_problems(data, ids) -> list:
    problems = []
    injected = {}
    for index, inject in enumerate(data.get("injects", [])):
        if inject["kind"] == "new_dossier":
            target = inject["params"]["dossier"]
            path = ("injects", index, "params", "dossier")
            if target not in ids:
                problems.append((path, f"Không có hồ sơ mã “{target}”."))
            elif target in injected:
                problems.append(
                    (path, f"Hồ sơ “{target}” đã được một tình huống khác đưa đến.")
                )
            injected[target] = path
    for index, dossier in enumerate(data.get("dossiers", [])):
        has_time = "arrive_at" in dossier
        if has_time and dossier["id"] in injected:
            problems.append(
                (
                    ("dossiers", index, "arrive_at"),
                    "Hồ sơ do tình huống “new_dossier” đưa đến thì không ghi arrive_at.",
                )
            )
        if not has_time and dossier["id"] not in injected:
            problems.append(
                (
                    ("dossiers", index),
                    "Thiếu “arrive_at” (hoặc một tình huống new_dossier đưa hồ sơ này đến).",
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
                ((*path, "procedure"), f"Không có thủ tục mã “{params['procedure']}”.")
            )
        if inject["kind"] == "citizen_complaint" and params.get("dossier") not in (
            None,
            *ids,
        ):
            problems.append(
                ((*path, "dossier"), f"Không có hồ sơ mã “{params['dossier']}”.")
            )
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
                        f"Không có mục chấm “{other}” khác mục này.",
                    )
                )
        origin = item.get("from")
        if origin and origin not in item_ids and not _ACTION.match(origin):
            problems.append(
                (
                    (*path, "from"),
                    f"“{origin}” không phải mã mục chấm hay tên thao tác.",
                )
            )
        if item.get("within") in ("before due", "trước hạn") and not item.get(
            "dossier"
        ):
            problems.append(
                ((*path, "within"), "“before due” cần ghi hồ sơ (dossier).")
            )
        if item.get("late_points", 0) > item["points"]:
            problems.append(
                ((*path, "late_points"), "Điểm khi làm muộn lớn hơn điểm tối đa.")
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
                f"Điểm đạt ({rubric['pass_mark']}) lớn hơn tổng điểm ({total:g}).",
            )
        )
    return problems


def _reference_problems(entry, path, ids, action_key) -> list:
    problems = []
    if entry.get("dossier") and entry["dossier"] not in ids:
        problems.append(
            ((*path, "dossier"), f"Không có hồ sơ mã “{entry['dossier']}”.")
        )
    if entry[action_key] not in ACTION_LABELS:
        problems.append(
            (
                (*path, action_key),
                f"Thao tác “{entry[action_key]}” không có trong nhật ký sa bàn.",
            )
        )
    if entry["rule"] not in RULES:
        problems.append(
            (
                (*path, "rule"),
                f"Không có quy định “{entry['rule']}”. Các quy định: "
                + ", ".join(sorted(RULES))
                + ".",
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
            problems.append((path, f"“{text}” không phải một khoảng thời gian."))
    return problems
