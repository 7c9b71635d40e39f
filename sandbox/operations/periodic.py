"""The periodic jobs and a scheduler loop that enqueues each when it is due.

Several schedulers may run (one per host after a scale-out): the due check locks the
job's row, so each job is enqueued once per period whatever their number.
"""

import time
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from sandbox.operations import tasks
from sandbox.operations.models import PeriodicRun
from sandbox.operations.purging import default_idle_days


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    enqueue: object  # a callable that enqueues the job's task


JOBS = [
    Job("worker_heartbeat", timedelta(minutes=1), tasks.worker_heartbeat.enqueue),
    Job(
        "purge_idle_sandboxes",
        timedelta(days=1),
        lambda: tasks.purge_idle_sandboxes_task.enqueue(default_idle_days()),
    ),
    Job(
        "clear_expired_sessions",
        timedelta(days=1),
        tasks.clear_expired_sessions.enqueue,
    ),
    Job("recover_imports", timedelta(minutes=10), tasks.recover_imports.enqueue),
]


@transaction.atomic
def _claim(job: Job, now) -> bool:
    run, created = PeriodicRun.objects.select_for_update().get_or_create(
        name=job.name, defaults={"last_run_at": now}
    )
    if not created and now - run.last_run_at < job.every:
        return False
    run.last_run_at = now
    run.save(update_fields=["last_run_at"])
    return True


def run_due(now=None) -> list[str]:
    """Enqueue every job whose period has passed; returns their names."""
    now = now or timezone.now()
    enqueued = []
    for job in JOBS:
        if _claim(job, now):
            job.enqueue()
            enqueued.append(job.name)
    return enqueued


def loop(interval: float, *, stop=lambda: False, log=print) -> None:
    while not stop():
        for name in run_due():
            log(f"enqueued {name}")
        time.sleep(interval)
