"""Background jobs of operations (run by `manage.py db_worker`)."""

from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks import task

from sandbox.operations import health


@task()
def run_import_task(import_id: int) -> dict:
    """Commit a previewed officials' file (all rows in one transaction)."""
    from sandbox.operations.actions import run_import

    imp = run_import(import_id)
    return {"status": imp.status, "created": imp.created_count}


@task()
def finish_import_task(import_id: int) -> int:
    """Prepare the new accounts of an import (other apps' hooks) and e-mail their links."""
    from sandbox.operations.actions import finish_import

    return finish_import(import_id).activation_sent


@task()
def recover_imports() -> dict:
    """Finish imports whose follow-up failed; mark as failed those a dead worker left."""
    from sandbox.operations.actions.followup import recover_stalled_imports

    return recover_stalled_imports()


@task()
def worker_heartbeat() -> str:
    """Prove that a worker serves the queue: readiness reads this timestamp."""
    return health.beat().isoformat()


@task()
def purge_idle_sandboxes_task(idle_days: int) -> int:
    """Purge free-practice sandboxes idle for `idle_days` (scheduled daily)."""
    from sandbox.operations.purging import purge_idle

    return len(purge_idle(idle_days=idle_days, dry_run=False, actor=None))


@task()
def clear_expired_sessions() -> int:
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
