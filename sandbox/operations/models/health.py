"""Liveness of the task worker and the bookkeeping of the periodic scheduler."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """Written by a task the worker runs: a fresh beat proves the queue is being served."""

    name = models.CharField(max_length=60, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"


class PeriodicRun(models.Model):
    """When the scheduler last enqueued each periodic job (shared by every scheduler)."""

    name = models.CharField(max_length=60, unique=True)
    last_run_at = models.DateTimeField()

    def __str__(self):
        return self.name
