"""Sandbox lifecycle: archiving finished sandboxes, purging idle practice ones."""

from django.db import transaction
from django.utils import timezone

from sandbox.models import Sandbox, SandboxEvent
from sandbox.operations import lifecycle
from sandbox.operations.events import record


@transaction.atomic
def archive_sandbox(sandbox: Sandbox, *, actor) -> Sandbox:
    """Archive a closed sandbox: working rows may go, its event log and scores stay."""
    locked = Sandbox.objects.select_for_update().get(pk=sandbox.pk)
    if locked.status != Sandbox.Status.CLOSED:
        return locked
    removed = lifecycle.run_archivers(locked)
    locked.status = Sandbox.Status.ARCHIVED
    locked.save(update_fields=["status"])
    SandboxEvent.objects.create(
        sandbox=locked,
        actor=actor if getattr(actor, "pk", None) else None,
        action="sandbox.archived",
        data={"removed": removed},
        sim_time=locked.now(),
    )
    return locked


@transaction.atomic
def purge_sandbox(sandbox: Sandbox, *, actor) -> dict:
    """Delete an idle practice sandbox and every row of it, unless something still reads it."""
    locked = Sandbox.objects.select_for_update().get(pk=sandbox.pk)
    if locked.kind != Sandbox.Kind.PRACTICE or lifecycle.is_kept(locked.pk):
        return {}
    summary = {
        "sandbox": locked.pk,
        "world": locked.world_id,
        "commune": locked.commune_id,
        "kind": locked.kind,
        "created_at": locked.created_at,
        "rows": lifecycle.row_counts(locked.pk),
        "purged_at": timezone.now(),
    }
    locked.delete()
    record("sandbox.purged", actor=actor, **summary)
    return summary
