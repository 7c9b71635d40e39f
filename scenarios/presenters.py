"""Shaping scores and event logs for pages (no database)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from scenarios.rules import action_label

QUIET = {"sandbox.opened", "sandbox.closed", "signature.fault_cleared"}


def _detail(event) -> str:
    data = event.get("data") or {}
    if event["action"] == "scenario.inject_fired":
        return data.get("message", "")
    if event["action"] == "dossier.supplement_requested":
        return ", ".join(i.get("name", "") for i in data.get("items", []))
    if event["action"] == "dossier.transferred":
        return data.get("agency_name", "")
    if event["action"] == "dossier.approved":
        return _("Ký bằng: %(method)s") % {"method": data.get("signature_method", "")}
    if event["action"] in ("signature.failed", "dossier.signing_failed"):
        return data.get("message") or data.get("error", "")
    return ""


def timeline_rows(events) -> list[dict]:
    """The attempt in simulated-time order, one row per event worth showing."""
    return [
        {
            "step": index,
            "at": timezone.localtime(event["at"]),
            "label": action_label(event["action"]),
            "action": event["action"],
            "dossier": event.get("dossier") or "",
            "actor": event.get("actor_name") or "",
            "detail": _detail(event),
        }
        for index, event in enumerate(e for e in events if e["action"] not in QUIET)
    ]


def item_statistics(rubric: dict, scores: list[dict]) -> list[dict]:
    """Per rubric item: how many attempts met it, and the share."""
    rows = []
    for item in rubric["items"]:
        statuses = [
            next(
                (r["status"] for r in s.get("items", []) if r["id"] == item["id"]), None
            )
            for s in scores
        ]
        met = statuses.count("met")
        rows.append(
            {
                "id": item["id"],
                "label": item.get("label") or action_label(item["expect"]),
                "points": item["points"],
                "met": met,
                "share": round(100 * met / len(scores)) if scores else 0,
                "late": statuses.count("late"),
                "wrong": statuses.count("wrong") + statuses.count("wrong_order"),
            }
        )
    return rows
