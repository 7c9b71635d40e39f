"""Issuing rules as pure functions over plain facts (no ORM, no courses, no scenarios).

The apps that know what a learner achieved (courses, scenarios) describe it as a dict of
facts; `achievement_from_facts` checks and normalises it, `refusal` says why a rule does not
apply (None when it does), `outdated_procedures` says which covered procedures have moved on.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

KINDS = ("course", "scenario", "drill")


class FactsError(ValueError):
    """The facts handed over by a source app are incomplete or malformed."""


@dataclass(frozen=True)
class CoveredProcedure:
    code: str
    version: int | None  # None: the code is not (or no longer) in the catalogue
    name: str = ""

    def as_dict(self) -> dict:
        return {"code": self.code, "version": self.version, "name": self.name}


@dataclass(frozen=True)
class Achievement:
    kind: str
    reference: str
    title: str
    score: float | None = None
    passed: bool = True
    procedures: tuple[CoveredProcedure, ...] = field(default_factory=tuple)
    description: str = ""

    @property
    def procedure_dicts(self) -> list[dict]:
        return [p.as_dict() for p in self.procedures]


@dataclass(frozen=True)
class RuleSpec:
    kind: str
    reference: str  # "" applies to every reference of the kind
    min_score: float | None = None
    active: bool = True


# Why a rule does not apply
INACTIVE = "inactive"
OTHER_KIND = "other_kind"
OTHER_REFERENCE = "other_reference"
NOT_PASSED = "not_passed"
NO_SCORE = "no_score"
BELOW_MIN_SCORE = "below_min_score"

ProcedureLookup = Callable[[str], tuple[int, str] | None]


def _score(value) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise FactsError(_("Điểm phải là một số."))
    try:
        score = float(value)
    except (TypeError, ValueError) as error:
        raise FactsError(_("Điểm phải là một số.")) from error
    if not 0 <= score <= 100:
        raise FactsError(_("Điểm phải từ 0 đến 100."))
    return round(score, 2)


def _procedures(value, lookup: ProcedureLookup) -> tuple[CoveredProcedure, ...]:
    """Codes (a list) or codes with the versions learnt (a mapping), in a stable order."""
    if value is None:
        return ()
    if isinstance(value, Mapping):
        pairs = [(str(code), version) for code, version in value.items()]
    elif isinstance(value, (list, tuple)):
        pairs = [(str(code), None) for code in value]
    else:
        raise FactsError(_("Danh sách thủ tục không đúng dạng."))
    covered = {}
    for code, version in pairs:
        found = lookup(code)
        name = found[1] if found else ""
        if version is None:
            version = found[0] if found else None
        elif not isinstance(version, int) or isinstance(version, bool):
            raise FactsError(
                _("Phiên bản của thủ tục %(code)s phải là số nguyên.") % {"code": code}
            )
        covered[code] = CoveredProcedure(code=code, version=version, name=name)
    return tuple(covered[code] for code in sorted(covered))


def achievement_from_facts(
    kind: str, reference: str, facts: Mapping, lookup: ProcedureLookup
) -> Achievement:
    """An Achievement from a source app's facts: title, score, passed, procedures…"""
    if kind not in KINDS:
        raise FactsError(_("Loại thành tích không hợp lệ: %(kind)s.") % {"kind": kind})
    reference = str(reference or "").strip()
    title = str(facts.get("title") or "").strip()
    if not reference or not title:
        raise FactsError(_("Thành tích phải có mã và tên."))
    return Achievement(
        kind=kind,
        reference=reference,
        title=title[:255],
        score=_score(facts.get("score")),
        passed=bool(facts.get("passed", True)),
        procedures=_procedures(facts.get("procedures"), lookup),
        description=str(facts.get("description") or "").strip(),
    )


def refusal(rule: RuleSpec, achievement: Achievement) -> str | None:
    """Why `rule` does not issue for `achievement`, or None when it does."""
    if not rule.active:
        return INACTIVE
    if rule.kind != achievement.kind:
        return OTHER_KIND
    if rule.reference and rule.reference != achievement.reference:
        return OTHER_REFERENCE
    if not achievement.passed:
        return NOT_PASSED
    if rule.min_score is not None:
        if achievement.score is None:
            return NO_SCORE
        if achievement.score < rule.min_score:
            return BELOW_MIN_SCORE
    return None


def rule_matches(rule: RuleSpec, achievement: Achievement) -> bool:
    return refusal(rule, achievement) is None


@dataclass(frozen=True)
class OutdatedProcedure:
    code: str
    name: str
    learnt_version: int
    current_version: int | None  # None: withdrawn from the catalogue


def outdated_procedures(
    covered: Iterable[Mapping], lookup: ProcedureLookup
) -> list[OutdatedProcedure]:
    """Covered procedures whose catalogue version moved on since the certificate."""
    outdated = []
    for item in covered:
        learnt = item.get("version")
        if learnt is None:
            continue
        found = lookup(item["code"])
        current = found[0] if found else None
        if current != learnt:
            name = found[1] if found else item.get("name", "")
            outdated.append(OutdatedProcedure(item["code"], name, learnt, current))
    return outdated
