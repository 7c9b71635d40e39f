"""The file format: valid files load; malformed ones give errors that point at their line."""

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenarios.library import library_files
from scenarios.spec import SpecError, parse, parse_span
from scenarios.spec.spans import Span

GOOD = """\
version: 1
slug: thu-nghiem
title: Thử nghiệm
briefing: Một đoạn giới thiệu tình huống.
dossiers:
  - id: d1
    procedure: "1.001193"
    arrive_at: 10 minutes
rubric:
  items:
    - id: tiep-nhan
      dossier: d1
      expect: dossier.received
      within: 8 working hours
      points: 10
      rule: acknowledge_8h
  pass_mark: 5
"""


def problems_of(text):
    with pytest.raises(SpecError) as caught:
        parse(text)
    return caught.value.problems


def test_a_valid_file_loads():
    spec = parse(GOOD)
    assert spec["dossiers"][0]["procedure"] == "1.001193"


@pytest.mark.parametrize("path", library_files(), ids=lambda p: p.name)
def test_every_built_in_file_is_valid(path):
    assert parse(path.read_text(encoding="utf-8"))["rubric"]["pass_mark"] > 0


def test_a_badly_written_span_of_time_is_explained_with_examples():
    [problem] = problems_of(
        GOOD.replace("arrive_at: 10 minutes", "arrive_at: mười phút")
    )
    assert problem.line == 8
    assert problem.message == (
        "Giá trị “mười phút” không đúng định dạng. Khoảng thời gian viết một số và một "
        "đơn vị, ví dụ: 10 phút, 4 giờ, 8 giờ làm việc, 2 ngày làm việc."
    )


def test_an_unknown_procedure_is_reported_on_its_line():
    [problem] = problems_of(GOOD.replace('"1.001193"', '"9.999999"'))
    assert problem.line == 7
    assert "9.999999" in problem.message


def test_a_wrong_value_is_reported_on_its_line():
    [problem] = problems_of(GOOD.replace("points: 10", "points: -3"))
    assert problem.line == 15
    assert problem.path == "$.rubric.items[0].points"


def test_an_unknown_key_is_reported_on_the_key_line():
    [problem] = problems_of(GOOD.replace("    arrive_at:", "    arive_at:"))
    assert problem.line == 8
    assert "arive_at" in problem.message


def test_a_missing_key_is_reported_on_its_mapping():
    problems = problems_of(GOOD.replace("      rule: acknowledge_8h\n", ""))
    assert [(p.line, "rule" in p.message) for p in problems] == [(11, True)]


def test_yaml_syntax_errors_carry_the_line():
    [problem] = problems_of(GOOD.replace("title: Thử nghiệm", "title: [Thử nghiệm"))
    assert problem.line in (3, 4)
    assert "YAML" in problem.message


def test_an_unclosed_bracket_points_at_its_line_in_vietnamese():
    text = GOOD.replace("title: Thử nghiệm", "title: [Thử nghiệm, khác")
    [problem] = problems_of(text)
    assert problem.line == 3
    assert "“[” ở dòng 3 chưa được đóng" in problem.message
    assert "phát hiện ở dòng 4" in problem.message
    assert problem.message.index("(chi tiết kỹ thuật: expected ','") > 0
    assert "$" not in str(problem)


def test_an_unclosed_brace_is_said_in_vietnamese():
    [problem] = problems_of(GOOD.replace("title: Thử nghiệm", "title: {a: 1"))
    assert problem.line == 3 and "“{” ở dòng 3 chưa được đóng" in problem.message


def test_a_tab_character_is_said_in_vietnamese():
    [problem] = problems_of(GOOD.replace("    procedure:", "\tprocedure:"))
    assert problem.line == 7 and "ký tự Tab" in problem.message


def test_bad_indentation_names_the_block_it_breaks():
    [problem] = problems_of(GOOD.replace("    procedure:", "   procedure:"))
    assert problem.line == 7 and "khối bắt đầu ở dòng 6" in problem.message
    [problem] = problems_of(GOOD.replace("title: Thử nghiệm", "title: a: b"))
    assert problem.line == 3 and "dấu “:” không đúng chỗ" in problem.message


def test_duplicate_keys_are_refused():
    [problem] = problems_of(GOOD.replace("title: Thử nghiệm", "title: A\ntitle: B"))
    assert problem.line == 4


def test_references_between_parts_are_checked():
    text = GOOD.replace("      dossier: d1\n", "      dossier: d9\n").replace(
        "      rule: acknowledge_8h", "      rule: khong-co\n      after: [x]"
    )
    messages = {(p.line, p.path) for p in problems_of(text)}
    assert (12, "$.rubric.items[0].dossier") in messages
    assert (16, "$.rubric.items[0].rule") in messages
    assert (17, "$.rubric.items[0].after[0]") in messages


def test_a_missing_document_must_belong_to_the_procedure():
    text = GOOD.replace(
        "    arrive_at: 10 minutes",
        "    arrive_at: 10 minutes\n    defects:\n      - missing_document: khong_co",
    )
    [problem] = problems_of(text)
    assert problem.line == 10


def _with_request(text, request, procedure="1.001193"):
    return text.replace(
        '    procedure: "1.001193"\n    arrive_at: 10 minutes',
        f'    procedure: "{procedure}"\n    arrive_at: 10 minutes\n    request: {request}',
    )


def test_a_declared_item_must_be_one_of_the_procedure_s_declaration():
    [problem] = problems_of(
        _with_request(GOOD, "{ho_ten_tre: Bé trai, child_sex: Nam}")
    )
    assert (problem.line, problem.path) == (9, "$.dossiers[0].request.ho_ten_tre")
    assert problem.message == (
        "Tờ khai của thủ tục 1.001193 không có mục “ho_ten_tre”. Các mục: "
        "child_name, child_birth_date, child_sex, birth_place, request_text, request."
    )


def test_a_declared_day_is_a_date_or_a_number_of_days():
    for good in ("2026-01-31", "31/01/2026", "20 ngày", "3 days", '""', "null"):
        parse(_with_request(GOOD, f"{{child_birth_date: {good}}}"))
    for bad in ("hôm qua", "2026-02-30", "2 giờ", "1.5 ngày", "[1, 2]", "99999 ngày"):
        [problem] = problems_of(_with_request(GOOD, f"{{child_birth_date: {bad}}}"))
        assert problem.path == "$.dossiers[0].request.child_birth_date"
        assert "không phải một ngày" in problem.message
    [problem] = problems_of(_with_request(GOOD, "{death_date: sáng nay}", "1.000656"))
    assert problem.path == "$.dossiers[0].request.death_date"


def test_a_procedure_whose_form_names_no_item_takes_any_item():
    spec = parse(_with_request(GOOD, "{ten_ho_kinh_doanh: Tạp hóa An}", "1.001612"))
    assert spec["dossiers"][0]["request"] == {"ten_ho_kinh_doanh": "Tạp hóa An"}


def test_the_pass_mark_cannot_exceed_the_points():
    [problem] = problems_of(GOOD.replace("pass_mark: 5", "pass_mark: 50"))
    assert problem.path == "$.rubric.pass_mark"
    assert problem.line == 17


def test_aliases_cannot_blow_a_file_up():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefg":
        prev = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
    assert problems_of(bomb)


def test_spans_read_vietnamese_and_english():
    assert parse_span("30 phút") == Span("minutes", 30)
    assert parse_span("4h") == Span("minutes", 240)
    assert parse_span("8 giờ làm việc") == Span("working_hours", 8)
    assert parse_span("2 working days") == Span("working_days", 2)
    assert parse_span("trước hạn") == Span("due")
    with pytest.raises(ValueError):
        parse_span("sớm")


# --- fuzzing ---------------------------------------------------------------------------

_LINES = GOOD.splitlines()
_junk = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    line=st.integers(0, len(_LINES) - 1),
    junk=_junk,
    mode=st.sampled_from(["replace", "append", "insert"]),
)
def test_mangled_files_fail_with_line_numbers_inside_the_file(line, junk, mode):
    lines = list(_LINES)
    if mode == "replace":
        lines[line] = junk
    elif mode == "append":
        lines[line] += junk
    else:
        lines.insert(line, junk)
    text = "\n".join(lines) + "\n"
    try:
        parse(text)
    except SpecError as error:
        assert error.problems
        for problem in error.problems:
            assert 0 <= problem.line <= len(lines) + 1
            assert problem.message
    # A mangled file may still be valid (a comment, a harmless space): that is fine too.


_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=10,
)


@settings(max_examples=150, deadline=None)
@given(
    data=st.dictionaries(
        st.sampled_from(
            [
                "version",
                "slug",
                "title",
                "briefing",
                "dossiers",
                "rubric",
                "world",
                "injects",
            ]
        ),
        _values,
    )
)
def test_random_documents_never_crash_the_validator(data):
    try:
        parse(yaml.safe_dump(data, allow_unicode=True))
    except SpecError as error:
        assert all(p.line >= 0 for p in error.problems)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("1 working day", "1 ngày làm việc"),
        ("2 ngày làm việc", "2 ngày làm việc"),
        ("8 working hours", "8 giờ làm việc"),
        ("30 minutes", "30 phút"),
        ("2h", "2 giờ"),
        ("90 phút", "90 phút"),
        ("1 day", "1 ngày"),
        ("1.5 working hours", "1,5 giờ làm việc"),
        ("before due", "trước hạn"),
    ],
)
def test_a_span_is_described_in_vietnamese(text, words):
    from django.utils import translation

    with translation.override("vi"):
        assert parse_span(text).describe() == words


# --- the trainer's language (needs i18n/scenarios.en.json in the English catalogue) ------


def test_a_schema_error_is_said_in_english():
    from django.utils import translation

    with translation.override("en"):
        [problem] = problems_of(GOOD.replace("points: 10", "points: -3"))
    assert problem.message == "The value must be greater than 0."


def test_a_semantic_error_is_said_in_english_with_its_line():
    from django.utils import translation

    with translation.override("en"):
        [problem] = problems_of(GOOD.replace('"1.001193"', '"9.999999"'))
        text = str(problem)
    assert text == (
        "line 7: There is no procedure with the code “9.999999” in the catalogue."
        " ($.dossiers[0].procedure)"
    )
