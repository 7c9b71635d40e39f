"""Writing the operations event log (inside the caller's transaction)."""

from sandbox.operations.models import OperationEvent


def record(action: str, *, actor, subject=None, **data) -> OperationEvent:
    return OperationEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        subject=subject,
        action=action,
        data=data,
    )
