"""PyYAML's syntax errors said in Vietnamese, on the line a trainer has to mend.

PyYAML notices an unclosed bracket only on a later line (its `problem_mark`); the
bracket itself is at its `context_mark`. Both lines are named, and PyYAML's own
English text stays as a technical detail in brackets.
"""

import yaml
from django.utils.translation import gettext as _

# Structures left open: the line to mend is where they were opened (the context).
_UNCLOSED = {
    "while parsing a flow sequence": lambda: _(
        "danh sách mở bằng “[” ở dòng %(start)s chưa được đóng bằng “]” "
        "(hoặc thiếu dấu phẩy giữa các phần tử); phát hiện ở dòng %(found)s"
    ),
    "while parsing a flow mapping": lambda: _(
        "nhóm mở bằng “{” ở dòng %(start)s chưa được đóng bằng “}” "
        "(hoặc thiếu dấu phẩy giữa các phần tử); phát hiện ở dòng %(found)s"
    ),
    "while scanning a quoted scalar": lambda: _(
        "chuỗi mở bằng dấu ngoặc kép ở dòng %(start)s chưa được đóng; "
        "phát hiện ở dòng %(found)s"
    ),
}


def _reason(error: yaml.MarkedYAMLError, start: int | None, found: int) -> str:
    problem = error.problem or ""
    if "'\\t'" in problem or "\t" in problem:
        return _("dòng có ký tự Tab; YAML chỉ cho thụt lề bằng dấu cách")
    if problem.startswith("mapping values are not allowed"):
        return _(
            "dấu “:” không đúng chỗ: dòng này thụt lề sai, hoặc giá trị có “: ” "
            "cần đặt trong dấu ngoặc kép"
        )
    if start is not None and problem.startswith("expected <block end>"):
        return _("thụt lề không khớp với khối bắt đầu ở dòng %(start)s") % {
            "start": start
        }
    if start is not None and start != found:
        return _("trong cấu trúc mở ở dòng %(start)s") % {"start": start}
    return _("nội dung không đọc được")


def syntax_problem(error: yaml.MarkedYAMLError) -> tuple[int, str]:
    """The line to point at and the Vietnamese message for a YAML syntax error."""
    found = error.problem_mark.line + 1 if error.problem_mark else 0
    start = error.context_mark.line + 1 if error.context_mark else None
    detail = error.problem or str(error)
    unclosed = _UNCLOSED.get(error.context or "")
    if unclosed is not None and start is not None:
        line, reason = start, unclosed() % {"start": start, "found": found}
    else:
        line, reason = found or start or 0, _reason(error, start, found)
    message = _("Lỗi cú pháp YAML: %(reason)s (chi tiết kỹ thuật: %(detail)s).") % {
        "reason": reason,
        "detail": detail,
    }
    return line, message
