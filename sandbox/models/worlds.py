"""Worlds (shared synthetic populations) and sandboxes (isolated workspaces with a clock)."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sandbox.clock import ClockState


class World(models.Model):
    """A synthetic population for one real province, generated from (province, seed, size)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ tạo")
        GENERATING = "generating", _("Đang tạo")
        READY = "ready", _("Sẵn sàng")
        FAILED = "failed", _("Lỗi")

    name = models.CharField(_("tên"), max_length=120)
    province = models.ForeignKey(
        "sandbox.Province",
        on_delete=models.PROTECT,
        related_name="worlds",
        verbose_name=_("tỉnh"),
    )
    seed = models.PositiveIntegerField(_("hạt giống ngẫu nhiên"))
    citizens = models.PositiveIntegerField(
        _("số công dân"),
        validators=[MinValueValidator(1), MaxValueValidator(20_000_000)],
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveIntegerField(_("đã tạo"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    digest = models.CharField(_("mã băm dữ liệu"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    generated_at = models.DateTimeField(_("tạo xong lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("thế giới mô phỏng")
        verbose_name_plural = _("thế giới mô phỏng")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "seed", "citizens"], name="world_unique_recipe"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def progress_percent(self):
        return (
            min(100, round(100 * self.progress / self.citizens)) if self.citizens else 0
        )


class SandboxQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Sandbox.Status.OPEN)

    def owned_by(self, user):
        return self.filter(owner=user)


class Sandbox(models.Model):
    """An isolated workspace: every mutable portal row belongs to exactly one sandbox."""

    class Kind(models.TextChoices):
        PRACTICE = "practice", _("Thực hành tự do")
        ATTEMPT = "attempt", _("Lượt làm kịch bản")
        SESSION = "session", _("Buổi học có giảng viên")
        DRILL_TEAM = "drill_team", _("Đội diễn tập")

    class Status(models.TextChoices):
        OPEN = "open", _("Đang mở")
        CLOSED = "closed", _("Đã đóng")
        ARCHIVED = "archived", _("Đã lưu trữ")

    world = models.ForeignKey(
        World,
        on_delete=models.PROTECT,
        related_name="sandboxes",
        verbose_name=_("thế giới"),
    )
    commune = models.ForeignKey(
        "sandbox.Commune",
        on_delete=models.PROTECT,
        related_name="sandboxes",
        verbose_name=_("đơn vị được diễn tập"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sandboxes",
        verbose_name=_("người sở hữu"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="member_sandboxes"
    )
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    # The clock: simulated time `sim_anchor` corresponded to wall time `wall_anchor`.
    sim_anchor = models.DateTimeField(_("mốc giờ mô phỏng"))
    wall_anchor = models.DateTimeField(_("mốc giờ thực"))
    speed = models.FloatField(
        _("tốc độ đồng hồ"),
        default=1.0,
        validators=[MinValueValidator(0.01), MaxValueValidator(10_000)],
    )
    paused = models.BooleanField(_("tạm dừng"), default=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)

    objects = SandboxQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sa bàn")
        verbose_name_plural = _("sa bàn")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(speed__gt=0), name="sandbox_speed_positive"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk} – {self.commune.name}"

    @property
    def clock(self):
        return ClockState(self.sim_anchor, self.wall_anchor, self.speed, self.paused)

    def now(self):
        """ "Now" inside this sandbox: the only source of time for the portal."""
        return self.clock.now(timezone.now())

    def has_member(self, user):
        return self.owner_id == user.pk or self.members.filter(pk=user.pk).exists()


class SandboxEvent(models.Model):
    """Append-only log of a sandbox's own life: opened, clock changed, closed."""

    sandbox = models.ForeignKey(
        Sandbox, on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(max_length=60)
    data = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    sim_time = models.DateTimeField(db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.action} @ {self.sim_time:%Y-%m-%d %H:%M}"
