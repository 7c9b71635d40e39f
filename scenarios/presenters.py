"""Shaping scores and event logs for pages (no database)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from fake_portal.models import Channel
from scenarios.rules import action_label

QUIET = {"sandbox.opened", "sandbox.closed", "signature.fault_cleared"}


def _signing(method: str) -> str:
    return {"token": _("USB Token"), "remote": _("ký số từ xa")}.get(method, method)


def _channel(value) -> str:
    try:
        return str(Channel(int(value)).label)
    except (TypeError, ValueError):
        return str(value)


def _detail(event) -> str:
    data = event.get("data") or {}
    if event["action"] == "scenario.inject_fired":
        return data.get("message", "")
    if event["action"] == "dossier.supplement_requested":
        return ", ".join(i.get("name", "") for i in data.get("items", []))
    if event["action"] == "dossier.transferred":
        return data.get("agency_name", "")
    if event["action"] == "dossier.approved":
        method = data.get("signature_method", "")
        return _("Ký bằng: %(method)s") % {"method": _signing(method)}
    if event["action"] == "dossier.result_returned" and "channel" in data:
        return _("Trả qua: %(channel)s") % {"channel": _channel(data["channel"])}
    if event["action"] in ("signature.failed", "dossier.signing_failed"):
        return data.get("message") or data.get("error", "")
    return ""


# The signature service logs each signing; the portal logs the same act on the dossier
# (approved, or signing failed). The dossier's line says it all, with the dossier named.
ECHOED = {
    "dossier.approved": "signature.signed",
    "dossier.signing_failed": "signature.failed",
}


def _echo_of(event, waiting: list[dict]) -> dict | None:
    """The signature-service event `event` repeats: same signer, outcome and dossier."""
    wanted = ECHOED[event["action"]]
    for candidate in reversed(waiting):
        purpose = str((candidate.get("data") or {}).get("purpose", ""))
        if (
            candidate["action"] == wanted
            and candidate.get("actor") == event.get("actor")
            and event.get("code") in purpose.split()
        ):
            return candidate
    return None


def _echoes(events) -> set[int]:
    """The ids of signature-service events that only repeat a later dossier event."""
    echoes, waiting = set(), []
    for event in events:
        if event["action"] in ECHOED.values():
            waiting.append(event)
        elif event["action"] in ECHOED and event.get("code"):
            echo = _echo_of(event, waiting)
            if echo is not None:
                waiting.remove(echo)
                echoes.add(id(echo))
    return echoes


def timeline_rows(events) -> list[dict]:
    """The attempt in simulated-time order, one row per event worth showing.

    A signing is logged twice (by the signature service and on the dossier); only the
    dossier's line is shown when both exist. Scoring reads the full log, not these rows.
    """
    events = list(events)
    echoes = _echoes(events)
    shown = (e for e in events if e["action"] not in QUIET and id(e) not in echoes)
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
        for index, event in enumerate(shown)
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
