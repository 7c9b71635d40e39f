"""xAPI 1.0.3 statements for learning events: built from plain values, no ORM.

The actor is an account on this site (homePage = SITE_URL, name = the user's id), never an
e-mail address or a name: an LRS outside the project learns no personal data.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

ADL = "http://adlnet.gov/expapi"
VERBS = {
    "launched": ("đã bắt đầu", "launched"),
    "completed": ("đã hoàn thành", "completed"),
    "answered": ("đã trả lời", "answered"),
    "passed": ("đã đạt", "passed"),
    "failed": ("chưa đạt", "failed"),
}
COURSE = f"{ADL}/activities/course"
LESSON = f"{ADL}/activities/lesson"
ASSESSMENT = f"{ADL}/activities/assessment"
INTERACTION = f"{ADL}/activities/cmi.interaction"
INTERACTION_TYPES = {
    "single": "choice",
    "multiple": "choice",
    "truefalse": "true-false",
    "matching": "matching",
    "ordering": "sequencing",
    "short": "fill-in",
}
PLATFORM = "Sa Bàn"


@dataclass(frozen=True)
class Activity:
    iri: str
    type: str
    name: str
    interaction_type: str | None = None

    def as_object(self) -> dict[str, Any]:
        definition: dict[str, Any] = {"type": self.type, "name": {"vi-VN": self.name}}
        if self.interaction_type:
            definition["interactionType"] = self.interaction_type
        return {"objectType": "Activity", "id": self.iri, "definition": definition}


def _iri(site_url: str, *parts: str) -> str:
    return "/".join([site_url.rstrip("/"), "xapi", "activities", *parts])


def course_activity(site_url: str, slug: str, title: str) -> Activity:
    return Activity(_iri(site_url, "khoa-hoc", slug), COURSE, title)


def lesson_activity(site_url: str, course_slug: str, slug: str, title: str) -> Activity:
    return Activity(_iri(site_url, "khoa-hoc", course_slug, "bai", slug), LESSON, title)


def quiz_activity(site_url: str, course_slug: str, title: str) -> Activity:
    return Activity(
        _iri(site_url, "khoa-hoc", course_slug, "kiem-tra"), ASSESSMENT, title
    )


def question_activity(site_url: str, course_slug: str, question: dict) -> Activity:
    return Activity(
        _iri(site_url, "khoa-hoc", course_slug, "cau-hoi", question["key"]),
        INTERACTION,
        question["text"][:200],
        INTERACTION_TYPES[question["type"]],
    )


def actor(site_url: str, user_id: int) -> dict[str, Any]:
    return {
        "objectType": "Agent",
        "account": {"homePage": site_url.rstrip("/"), "name": str(user_id)},
    }


def verb(name: str) -> dict[str, Any]:
    vietnamese, english = VERBS[name]
    return {
        "id": f"{ADL}/verbs/{name}",
        "display": {"vi-VN": vietnamese, "en-US": english},
    }


def score_result(
    raw: float,
    maximum: float,
    *,
    success: bool | None = None,
    completion: bool | None = None,
) -> dict[str, Any]:
    """An xAPI result with a score; `scaled` is raw / maximum, within [0, 1]."""
    scaled = raw / maximum if maximum else 0.0
    result: dict[str, Any] = {
        "score": {
            "scaled": round(min(1.0, max(0.0, scaled)), 4),
            "raw": round(raw, 4),
            "min": 0,
            "max": maximum,
        }
    }
    if success is not None:
        result["success"] = success
    if completion is not None:
        result["completion"] = completion
    return result


def build_statement(
    *,
    statement_id: UUID,
    site_url: str,
    user_id: int,
    verb_name: str,
    activity: Activity,
    timestamp: datetime,
    registration: UUID | None = None,
    parent: Activity | None = None,
    grouping: Activity | None = None,
    result: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One xAPI statement as a JSON-ready dict."""
    context: dict[str, Any] = {"platform": PLATFORM, "language": "vi-VN"}
    if registration is not None:
        context["registration"] = str(registration)
    activities = {}
    if parent is not None:
        activities["parent"] = [parent.as_object()]
    if grouping is not None:
        activities["grouping"] = [grouping.as_object()]
    if activities:
        context["contextActivities"] = activities
    statement = {
        "id": str(statement_id),
        "actor": actor(site_url, user_id),
        "verb": verb(verb_name),
        "object": activity.as_object(),
        "context": context,
        "timestamp": timestamp.isoformat(),
    }
    if result is not None:
        statement["result"] = result
    return statement
