"""Course completion: a pure function over the course's rules and a learner's facts."""

from dataclasses import dataclass

LESSONS, QUIZ, SCENARIOS = "lessons", "quiz", "scenarios"


@dataclass(frozen=True)
class Rules:
    require_all_lessons: bool = True
    require_quiz_passed: bool = True
    required_scenarios: tuple[str, ...] = ()


@dataclass(frozen=True)
class Facts:
    lessons: int
    lessons_viewed: int
    has_quiz: bool
    quiz_passed: bool
    scenarios_passed: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Completion:
    complete: bool
    percent: int
    missing: tuple[str, ...]  # LESSONS, QUIZ and/or SCENARIOS still to do


def _missing(rules: Rules, facts: Facts) -> tuple[str, ...]:
    missing = []
    # With no rule switched on, viewing every lesson is what completes a course.
    lessons_rule = rules.require_all_lessons or not (
        rules.require_quiz_passed or rules.required_scenarios
    )
    if lessons_rule and facts.lessons_viewed < facts.lessons:
        missing.append(LESSONS)
    # A course with nothing in it yet (no lesson, quiz or scenario) is not complete:
    # publishing an empty course must not complete everyone enrolled in it.
    if not (facts.lessons or facts.has_quiz or rules.required_scenarios):
        missing.append(LESSONS)
    # A quiz rule on a course without a quiz cannot be met, so it does not apply.
    if rules.require_quiz_passed and facts.has_quiz and not facts.quiz_passed:
        missing.append(QUIZ)
    if set(rules.required_scenarios) - facts.scenarios_passed:
        missing.append(SCENARIOS)
    return tuple(missing)


def _percent(rules: Rules, facts: Facts) -> int:
    """Progress over every unit of the course: lessons, the quiz, required scenarios."""
    scenarios = set(rules.required_scenarios)
    total = facts.lessons + int(facts.has_quiz) + len(scenarios)
    done = (
        min(facts.lessons_viewed, facts.lessons)
        + int(facts.has_quiz and facts.quiz_passed)
        + len(scenarios & facts.scenarios_passed)
    )
    return round(100 * done / total) if total else 0


def evaluate(rules: Rules, facts: Facts) -> Completion:
    """Whether the course is complete, how far along the learner is, and what is left."""
    missing = _missing(rules, facts)
    complete = not missing
    percent = 100 if complete else min(99, _percent(rules, facts))
    return Completion(complete, percent, missing)
