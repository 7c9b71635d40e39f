"""Readiness of the task worker: a heartbeat job it runs, checked by /readyz.

The scheduler (`manage.py run_periodic`) enqueues `worker_heartbeat` every minute; the worker
running it writes the time. When a worker is expected (OPERATIONS_EXPECT_WORKER), readiness
fails if the last beat is older than OPERATIONS_HEARTBEAT_MAX_AGE seconds (default 300).
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from sandbox.operations.models import WorkerHeartbeat

NAME = "task-worker"


def beat(name: str = NAME):
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(name=name, defaults={"beat_at": now})
    return now


def worker_expected() -> bool:
    return bool(getattr(settings, "OPERATIONS_EXPECT_WORKER", False))


def max_age() -> timedelta:
    return timedelta(
        seconds=int(getattr(settings, "OPERATIONS_HEARTBEAT_MAX_AGE", 300))
    )


def check_worker() -> None:
    """Raise if a worker is expected and has not beaten recently (for sandbox.checks)."""
    if not worker_expected():
        return
    row = WorkerHeartbeat.objects.filter(name=NAME).first()
    if row is None:
        raise RuntimeError("no task worker heartbeat yet")
    age = timezone.now() - row.beat_at
    if age > max_age():
        raise RuntimeError(
            f"last task worker heartbeat {int(age.total_seconds())} s ago"
        )
