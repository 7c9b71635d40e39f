"""What the issuing rules ask, said to learners: on their certificates page, and on a
scenario's result (did this attempt earn a certificate, or what score would it need).

Read-only. The source apps call `outlook_for` with their own object, read through the
same fact readers the hooks use (sources), so the page and the issuing never disagree.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from certificates.actions import as_achievement
from certificates.models import Certificate, IssuingRule, Kind
from certificates.rules import refusal
from certificates.sources import reader_for
from sandbox.numbers import amount

_WITH_SCORE = {
    Kind.COURSE: lambda: _(
        "Khóa học: hoàn thành khóa học và bài kiểm tra được từ %(score)s %% trở lên."
    ),
    Kind.SCENARIO: lambda: _(
        "Kịch bản thực hành: đạt kịch bản và được từ %(score)s %% số điểm trở lên."
    ),
    Kind.DRILL: lambda: _(
        "Diễn tập: đội đạt yêu cầu và được từ %(score)s %% số điểm trở lên."
    ),
}
_WITHOUT_SCORE = {
    Kind.COURSE: lambda: _("Khóa học: hoàn thành khóa học."),
    Kind.SCENARIO: lambda: _(
        "Kịch bản thực hành: đạt kịch bản (theo điểm đạt của kịch bản)."
    ),
    Kind.DRILL: lambda: _("Diễn tập: đội đạt yêu cầu của buổi diễn tập."),
}


def requirement(rule: IssuingRule) -> str:
    """What `rule` asks of a learner, in one sentence with its threshold."""
    if rule.min_score is None:
        text = _WITHOUT_SCORE[rule.kind]()
    else:
        text = _WITH_SCORE[rule.kind]() % {"score": amount(rule.min_score)}
    if rule.reference:
        text += " " + _("(Chỉ áp dụng cho “%(reference)s”.)") % {
            "reference": rule.reference
        }
    return text


def requirements() -> list[str]:
    """The active rules' requirements, one line each (the same line said once)."""
    rules = IssuingRule.objects.active().order_by("kind", "-reference", "min_score")
    return list(dict.fromkeys(requirement(rule) for rule in rules))


@dataclass(frozen=True)
class Outlook:
    earned: bool
    score: float | None  # this achievement's score, in %
    min_score: float | None  # the score the (most lenient) rule asks, in %
    certificate: Certificate | None = None  # the one held for it, once issued


def outlook_for(kind: str, source) -> Outlook | None:
    """Whether `source` earns a certificate under the active rules; None if none apply."""
    reference, user, facts = reader_for(kind)(source)
    achievement = as_achievement(facts, kind, reference)
    rules = list(
        IssuingRule.objects.active()
        .for_source(kind, reference)
        .order_by("-reference", "pk")
    )
    if not rules:
        return None
    granting = [rule for rule in rules if refusal(rule.spec, achievement) is None]
    if granting:
        held = Certificate.objects.held(
            user, kind, reference, granting[0].template_id
        ).without_documents()
        return Outlook(True, achievement.score, granting[0].min_score, held.first())
    asked = [rule.min_score for rule in rules if rule.min_score is not None]
    lenient = None if len(asked) < len(rules) else min(asked)
    return Outlook(False, achievement.score, lenient)
