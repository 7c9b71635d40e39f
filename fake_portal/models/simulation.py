"""Work that simulated actors (citizens, agencies, the payment gateway) will do at a sandbox time."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class ScheduledActionQuerySet(models.QuerySet):
    def due(self, sandbox, now):
        return self.filter(
            sandbox=sandbox, done_at__isnull=True, run_at__lte=now
        ).order_by("run_at", "pk")

    def create(self, **kwargs):
        job = super().create(**kwargs)
        _new_work({job.sandbox_id})
        return job

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        _new_work({job.sandbox_id for job in created})
        return created


def _new_work(sandbox_ids) -> None:
    """Pages of these sandboxes must look for due work again (see simulation.tick_for_page)."""
    from fake_portal.simulation import forget_ticks

    forget_ticks(sandbox_ids)


class ScheduledAction(models.Model):
    class Kind(models.TextChoices):
        CITIZEN_SUPPLEMENT = (
            "citizen_supplement",
            "citizen answers a supplement request",
        )
        AGENCY_RETURN = "agency_return", "agency returns a transferred dossier"
        PAYMENT_CALLBACK = "payment_callback", "payment gateway answers"
        NEW_DOSSIER = "new_dossier", "a generated dossier arrives"

    sandbox = models.ForeignKey(
        "sandbox.Sandbox", on_delete=models.CASCADE, related_name="+"
    )
    dossier = models.ForeignKey(
        "fake_portal.Dossier",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(max_length=40)
    run_at = models.DateTimeField(db_index=True)
    data = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    done_at = models.DateTimeField(null=True, blank=True)

    objects = ScheduledActionQuerySet.as_manager()

    class Meta:
        ordering = ["run_at", "pk"]

    def __str__(self):
        return f"{self.kind} @ {self.run_at:%Y-%m-%d %H:%M}"
