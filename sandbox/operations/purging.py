"""Purging idle free-practice sandboxes and archiving closed ones (commands and scheduler)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from sandbox.models import Sandbox
from sandbox.operations import lifecycle
from sandbox.operations.actions import archive_sandbox, purge_sandbox


def default_idle_days() -> int:
    return int(getattr(settings, "OPERATIONS_PRACTICE_IDLE_DAYS", 30))


def purge_idle(*, idle_days: int, dry_run: bool, actor=None) -> list[dict]:
    """Purge (or, dry, list) practice sandboxes idle for `idle_days`; one transaction each."""
    cutoff = timezone.now() - timedelta(days=idle_days)
    done = []
    for sandbox in lifecycle.idle_practice(cutoff).select_related("world", "commune"):
        if dry_run:
            done.append(
                {
                    "sandbox": sandbox.pk,
                    "world": sandbox.world_id,
                    "rows": lifecycle.row_counts(sandbox.pk),
                }
            )
            continue
        summary = purge_sandbox(sandbox, actor=actor)
        if summary:
            done.append(summary)
    return done


def archive_closed(*, closed_days: int, dry_run: bool, actor=None) -> list[int]:
    cutoff = timezone.now() - timedelta(days=closed_days)
    closed = Sandbox.objects.filter(
        status=Sandbox.Status.CLOSED, closed_at__lt=cutoff
    ).order_by("pk")
    ids = list(closed.values_list("pk", flat=True))
    if not dry_run:
        for sandbox in closed:
            archive_sandbox(sandbox, actor=actor)
    return ids
