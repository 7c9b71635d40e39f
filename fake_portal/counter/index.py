"""The digitisation group of the Decision 766 index, per commune, from the event log.

The portal publishes three digitisation figures (dossiers digitised, results digitised,
digitised data reused); the unofficial formula description gives full marks from 80 %
(DOMAIN.md). How Sa Bàn counts them (its own reading, ILLUSTRATIVE):

- dossiers digitised: of the dossiers the unit decided at reception (received, refused or
  asked to supplement), those filed online (electronic from the start) plus those whose
  latest paper check found every kept, non-exempt paper digitised;
- results digitised: of the dossiers with a result, those whose result is electronic
  (signed by the leader in the system) or was digitised from paper;
- reuse: of the times a digitised copy could have served a dossier, the times it did
  (`paper.reused`) rather than the citizen being asked again (`paper.requested_again`).
"""

from collections import defaultdict
from dataclasses import dataclass

TARGET = 0.8
DECISIONS = {"dossier.received", "dossier.refused", "dossier.supplement_requested"}
ONLINE = 2


@dataclass
class Rates:
    commune: int
    decided: int = 0
    digitised: int = 0
    results: int = 0
    results_digitised: int = 0
    reuse_chances: int = 0
    reused: int = 0

    @staticmethod
    def _rate(part, whole):
        return round(part / whole, 4) if whole else None

    @property
    def dossier_rate(self):
        return self._rate(self.digitised, self.decided)

    @property
    def result_rate(self):
        return self._rate(self.results_digitised, self.results)

    @property
    def reuse_rate(self):
        return self._rate(self.reused, self.reuse_chances)

    def meets_target(self, rate) -> bool | None:
        return None if rate is None else rate >= TARGET


def _per_dossier(rows):
    dossiers = {}
    for row in rows:
        entry = dossiers.setdefault(
            row["dossier"],
            {
                "commune": row["commune"],
                "channel": row["channel"],
                "actions": [],
                "check": None,
            },
        )
        entry["actions"].append(row["action"])
        if row["action"] == "dossier.papers_checked":
            entry["check"] = (
                row.get("data") or {}
            )  # rows come in time order: the last wins
        if row["action"] == "dossier.transfer_returned" and (row.get("data") or {}).get(
            "result_ready"
        ):
            entry["actions"].append("result.ready")
    return dossiers


def _count(rates: Rates, entry) -> None:
    actions = set(entry["actions"])
    if actions & DECISIONS:
        rates.decided += 1
        check = entry["check"]
        if entry["channel"] == ONLINE or (
            check is not None and not check.get("undigitised")
        ):
            rates.digitised += 1
    electronic = "dossier.approved" in actions or "result.digitised" in actions
    if electronic or "result.ready" in actions:
        rates.results += 1
        rates.results_digitised += int(electronic)
    reused = entry["actions"].count("paper.reused")
    again = entry["actions"].count("paper.requested_again")
    rates.reused += reused
    rates.reuse_chances += reused + again


def digitisation_index(rows) -> dict[int, Rates]:
    """Rates per commune from event rows {commune, dossier, channel, action, data}, in order."""
    result = defaultdict(lambda: None)
    for entry in _per_dossier(rows).values():
        rates = result[entry["commune"]] or Rates(commune=entry["commune"])
        _count(rates, entry)
        result[entry["commune"]] = rates
    return dict(result)


def index_for(sandboxes) -> dict[int, Rates]:
    """The index over the dossiers of these sandboxes (a drill's teams, or one sandbox)."""
    from fake_portal.models import DossierEvent

    events = (
        DossierEvent.objects.filter(sandbox__in=sandboxes)
        .order_by("sim_time", "pk")
        .values_list(
            "dossier__receiving_commune_id",
            "dossier_id",
            "dossier__channel",
            "action",
            "data",
        )
    )
    return digitisation_index(
        {"commune": c, "dossier": d, "channel": ch, "action": a, "data": data}
        for c, d, ch, a, data in events
    )
