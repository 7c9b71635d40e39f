"""Who plays which position in a sandbox (one person may hold all three in self-paced practice)."""

from django.conf import settings
from django.db import models

from sandbox.models import Position


class SeatQuerySet(models.QuerySet):
    def for_sandbox(self, sandbox):
        return self.filter(sandbox=sandbox)


class Seat(models.Model):
    sandbox = models.ForeignKey(
        "sandbox.Sandbox", on_delete=models.CASCADE, related_name="seats"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seats"
    )
    position = models.CharField(max_length=20, choices=Position.choices)

    objects = SeatQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sandbox", "user", "position"], name="seat_unique"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.get_position_display()}"
