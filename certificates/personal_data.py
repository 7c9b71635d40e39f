"""The certificates' part of an official's personal data (see sandbox.operations)."""

from certificates.models import Certificate


def section(user) -> list[dict]:
    rows = Certificate.objects.filter(recipient=user).order_by("issued_at")
    return [
        {
            "serial": c.serial,
            "title": c.title,
            "kind": c.kind,
            "reference": c.reference,
            "score": c.score,
            "issued_at": c.issued_at,
            "valid_until": c.valid_until,
            "status": c.status,
            "revoked_at": c.revoked_at,
            "revocation_reason": c.revocation_reason,
        }
        for c in rows.only(
            "serial",
            "title",
            "kind",
            "reference",
            "score",
            "issued_at",
            "valid_until",
            "status",
            "revoked_at",
            "revocation_reason",
        )
    ]
