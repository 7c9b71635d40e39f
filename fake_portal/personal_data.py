"""The portal's part of an official's personal data (see sandbox.operations).

The citizens and dossiers are synthetic; what is personal is the official's own trail:
their look-ups in the mock population database and their training signing credentials.
"""

from fake_portal.population.models import PopulationLookup
from fake_portal.signatures.models import OfficialCertificate, VirtualToken


def population_lookups(user) -> list[dict]:
    return [
        {
            "at": row.created_at,
            "sandbox": row.sandbox_id,
            "dossier_code": row.dossier_code,
            # The synthetic citizen looked up, by the number the official searched for
            # (None once their world is deleted).
            "citizen_id_number": row.citizen.id_number if row.citizen else None,
            "query": row.query,
            "results": row.results,
        }
        for row in PopulationLookup.objects.filter(user=user)
        .select_related("citizen")
        .order_by("created_at")
    ]


def signing(user) -> dict:
    token = VirtualToken.objects.filter(user=user).first()
    return {
        "certificates": [
            {
                "serial": c.serial,
                "subject": c.subject,
                "not_before": c.not_before,
                "not_after": c.not_after,
                "status": c.status,
                "revoked_at": c.revoked_at,
            }
            for c in OfficialCertificate.objects.filter(user=user).order_by(
                "not_before"
            )
        ],
        "token": (
            None
            if token is None
            else {
                "plugged_in": token.plugged_in,
                "failed_attempts": token.failed_attempts,
                "locked_at": token.locked_at,
                "pin_changed_at": token.pin_changed_at,
            }
        ),
    }
