import pytest

from certificates import actions, procedures
from certificates.models import Certificate, IssuingRule
from certificates.rules import (
    BELOW_MIN_SCORE,
    NO_SCORE,
    NOT_PASSED,
    OTHER_KIND,
    OTHER_REFERENCE,
    Achievement,
    FactsError,
    RuleSpec,
    achievement_from_facts,
    outdated_procedures,
    refusal,
)
from tests.certificates.conftest import COURSE, FACTS

CATALOGUE = {
    "1.001193": (2, "Đăng ký khai sinh"),
    "2.000986": (1, "Chứng thực bản sao"),
}


def lookup(code):
    return CATALOGUE.get(code)


def achievement(**changes):
    values = dict(kind="scenario", reference="khai-sinh", title="Khai sinh", score=85.0)
    return Achievement(**{**values, **changes})


@pytest.mark.parametrize(
    "rule, expected",
    [
        (RuleSpec("scenario", "khai-sinh", 80), None),
        (RuleSpec("scenario", "", 80), None),
        (RuleSpec("scenario", "", None), None),
        (RuleSpec("scenario", "khai-sinh", 85), None),  # the minimum itself passes
        (RuleSpec("scenario", "khai-sinh", 90), BELOW_MIN_SCORE),
        (RuleSpec("course", "khai-sinh", None), OTHER_KIND),
        (RuleSpec("scenario", "chung-thuc", None), OTHER_REFERENCE),
        (RuleSpec("scenario", "", None, active=False), "inactive"),
    ],
)
def test_rule_evaluation(rule, expected):
    assert refusal(rule, achievement()) == expected


def test_a_failed_attempt_earns_nothing_even_without_a_minimum():
    assert (
        refusal(RuleSpec("scenario", "", None), achievement(passed=False)) == NOT_PASSED
    )


def test_a_minimum_score_needs_a_score():
    assert (
        refusal(RuleSpec("course", "", 50), achievement(kind="course", score=None))
        == NO_SCORE
    )


def test_facts_are_normalised_with_the_catalogue_versions():
    made = achievement_from_facts(
        "course",
        "khoa-1",
        {
            "title": " Khóa 1 ",
            "score": "90",
            "procedures": ["2.000986", "1.001193", "9.9"],
        },
        lookup,
    )
    assert made.title == "Khóa 1" and made.score == 90.0
    assert [(p.code, p.version) for p in made.procedures] == [
        ("1.001193", 2),
        ("2.000986", 1),
        ("9.9", None),
    ]
    assert made.procedures[0].name == "Đăng ký khai sinh"


def test_explicit_versions_learnt_are_kept():
    made = achievement_from_facts(
        "course", "k", {"title": "K", "procedures": {"1.001193": 1}}, lookup
    )
    assert made.procedures[0].version == 1


@pytest.mark.parametrize(
    "kind, facts",
    [
        ("diploma", {"title": "X"}),
        ("course", {}),
        ("course", {"title": "X", "score": 120}),
        ("course", {"title": "X", "score": "cao"}),
        ("course", {"title": "X", "procedures": "1.001193"}),
    ],
)
def test_bad_facts_are_refused(kind, facts):
    with pytest.raises(FactsError):
        achievement_from_facts(kind, "k", facts, lookup)


def test_outdated_procedures_compare_with_the_current_catalogue():
    covered = [
        {"code": "1.001193", "version": 1, "name": "Khai sinh"},
        {"code": "2.000986", "version": 1, "name": "Chứng thực"},
        {"code": "3.000001", "version": 4, "name": "Đã bãi bỏ"},
        {"code": "4.000001", "version": None, "name": "Chưa có trong danh mục"},
    ]
    found = outdated_procedures(covered, lookup)
    assert [(o.code, o.learnt_version, o.current_version) for o in found] == [
        ("1.001193", 1, 2),
        ("3.000001", 4, None),
    ]


def test_the_shipped_catalogue_answers_lookups():
    version, name = procedures.lookup("1.001193")
    assert version >= 1 and name
    assert procedures.lookup("0.000000") is None


def test_maybe_issue_for_applies_the_trainers_rules(scenario_rule, commune_officer):
    assert (
        actions.maybe_issue_for(
            "scenario",
            "khai-sinh",
            commune_officer,
            {"title": "Khai sinh", "score": 79},
        )
        == []
    )
    assert (
        actions.maybe_issue_for(
            "scenario",
            "khai-sinh",
            commune_officer,
            {"title": "Khai sinh", "score": 85, "passed": False},
        )
        == []
    )
    [certificate] = actions.maybe_issue_for(
        "scenario", "khai-sinh", commune_officer, {"title": "Khai sinh", "score": 80}
    )
    assert certificate.rule == scenario_rule
    assert certificate.kind == "scenario" and certificate.score == 80


def test_no_rule_no_certificate(template, commune_officer):
    assert actions.maybe_issue_for("course", COURSE, commune_officer, FACTS) == []
    IssuingRule.objects.create(
        name="Khóa khác", kind="course", reference="khoa-khac", template=template
    )
    IssuingRule.objects.create(
        name="Tạm dừng", kind="course", reference="", template=template, active=False
    )
    assert actions.maybe_issue_for("course", COURSE, commune_officer, FACTS) == []
    assert not Certificate.objects.exists()


def test_one_certificate_per_template_even_if_two_rules_match(
    course_rule, commune_officer
):
    IssuingRule.objects.create(
        name="Mọi khóa học", kind="course", reference="", template=course_rule.template
    )
    [certificate] = actions.maybe_issue_for("course", COURSE, commune_officer, FACTS)
    assert certificate.rule == course_rule  # the rule naming the course wins
