"""Writing this app's events: always a SigningLog row, and a SandboxEvent inside a sandbox."""

from django.utils import timezone

from fake_portal.signatures.models import SigningLog
from sandbox.models import SandboxEvent


def record(
    action: str,
    *,
    user=None,
    actor=None,
    sandbox=None,
    certificate=None,
    method: str = "",
    reason: str = "",
    message: str = "",
    **data,
) -> SigningLog:
    """Append one event; call it inside the transaction of the change it describes."""
    sim_time = sandbox.now() if sandbox is not None else None
    payload = {k: v for k, v in data.items() if v is not None}
    entry = SigningLog.objects.create(
        action=action,
        user=user,
        actor=actor,
        sandbox=sandbox,
        certificate=certificate,
        method=method,
        reason=reason,
        message=str(message)[:300],
        data=payload,
        created_at=timezone.now(),
        sim_time=sim_time,
    )
    if sandbox is not None:
        event_data = {
            "signer": user.pk if user else None,
            "method": method or None,
            "reason": reason or None,
            "message": str(message) or None,
            "certificate": certificate.serial if certificate else None,
            **payload,
        }
        SandboxEvent.objects.create(
            sandbox=sandbox,
            actor=actor,
            action=action,
            data={k: v for k, v in event_data.items() if v is not None},
            sim_time=sim_time,
        )
    return entry
