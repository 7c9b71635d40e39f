"""Province drills: many commune teams rehearse one or more scenarios at once, each team in its
own sandbox, while coordinators watch a live dashboard and steer the drill."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sandbox.collation import vietnamese

POSITIONS = ["receiving_officer", "specialist", "leader"]


def position_labels(positions) -> str:
    from sandbox.models import Position

    return ", ".join(str(Position(p).label) for p in positions if p in Position.values)


class DrillQuerySet(models.QuerySet):
    def in_province(self, province):
        return self.filter(province=province)

    def live(self):
        return self.filter(status__in=[Drill.Status.RUNNING, Drill.Status.PAUSED])

    def not_ended(self):
        return self.exclude(status=Drill.Status.ENDED)

    def for_participant(self, user):
        return self.filter(participants__user=user)


class Drill(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Đã lên lịch")
        LOBBY = "lobby", _("Phòng chờ đang mở")
        RUNNING = "running", _("Đang diễn tập")
        PAUSED = "paused", _("Tạm dừng")
        ENDED = "ended", _("Đã kết thúc")

    TRANSITIONS = {
        Status.SCHEDULED: {Status.LOBBY, Status.ENDED},
        Status.LOBBY: {Status.RUNNING, Status.ENDED},
        Status.RUNNING: {Status.PAUSED, Status.ENDED},
        Status.PAUSED: {Status.RUNNING, Status.ENDED},
        Status.ENDED: set(),
    }

    province = models.ForeignKey(
        "sandbox.Province",
        on_delete=models.PROTECT,
        related_name="drills",
        verbose_name=_("tỉnh"),
    )
    title = models.CharField(_("tên buổi diễn tập"), max_length=200)
    versions = models.ManyToManyField(
        "scenarios.ScenarioVersion",
        related_name="drills",
        verbose_name=_("kịch bản"),
    )
    world = models.ForeignKey(
        "sandbox.World",
        on_delete=models.PROTECT,
        related_name="drills",
        verbose_name=_("thế giới mô phỏng"),
    )
    start_at = models.DateTimeField(_("giờ bắt đầu dự kiến"))
    speed = models.FloatField(
        _("tốc độ đồng hồ"),
        default=60.0,
        validators=[MinValueValidator(0.1), MaxValueValidator(3600)],
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=Status.choices,
        default=Status.SCHEDULED,
    )
    admission_rate = models.FloatField(
        _("số người được vào mỗi giây"),
        default=20.0,
        validators=[MinValueValidator(0.1), MaxValueValidator(10_000)],
    )
    wave_size = models.PositiveIntegerField(
        _("số người mỗi đợt"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(10_000)],
    )
    tickets_issued = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("người lên lịch"),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    lobby_opened_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    ended_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    objects = DrillQuerySet.as_manager()

    class Meta:
        ordering = ["-start_at", "-pk"]
        verbose_name = _("buổi diễn tập")
        verbose_name_plural = _("buổi diễn tập")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("drills:control", args=[self.pk])

    @property
    def is_live(self):
        return self.status in (self.Status.RUNNING, self.Status.PAUSED)

    @property
    def wave_interval(self) -> float:
        """Seconds between two admission waves."""
        return self.wave_size / self.admission_rate

    def group(self) -> str:
        return f"drill-{self.pk}"

    def participants_group(self) -> str:
        return f"drill-{self.pk}-participants"


class DrillTeamQuerySet(models.QuerySet):
    def of(self, drill):
        return self.filter(drill=drill)

    def prepared(self):
        return self.filter(sandbox__isnull=False)

    def with_attendance(self):
        """Each team's number of members and of those who have entered the lobby."""
        return self.annotate(
            members=models.Count("participants"),
            joined=models.Count(
                "participants", filter=models.Q(participants__ticket__isnull=False)
            ),
        )


class DrillTeam(models.Model):
    """One commune's team; it plays one scenario version in one sandbox of kind drill_team."""

    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="teams")
    commune = models.ForeignKey(
        "sandbox.Commune",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("xã, phường"),
    )
    version = models.ForeignKey(
        "scenarios.ScenarioVersion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kịch bản"),
    )
    sandbox = models.OneToOneField(
        "sandbox.Sandbox",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="drill_team",
    )
    # Written once when the drill ends: the team result and each member's share.
    result = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)

    objects = DrillTeamQuerySet.as_manager()

    class Meta:
        ordering = ["drill_id", vietnamese("commune__name")]
        verbose_name = _("đội diễn tập")
        verbose_name_plural = _("đội diễn tập")
        constraints = [
            models.UniqueConstraint(
                fields=["drill", "commune"], name="drill_team_one_per_commune"
            )
        ]

    def __str__(self):
        return f"{self.drill} – {self.commune.name}"


class DrillParticipantQuerySet(models.QuerySet):
    def of(self, drill):
        return self.filter(drill=drill)

    def admitted(self):
        return self.filter(admitted_at__isnull=False)


class DrillParticipant(models.Model):
    drill = models.ForeignKey(
        Drill, on_delete=models.CASCADE, related_name="participants"
    )
    team = models.ForeignKey(
        DrillTeam, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="drill_seats",
    )
    positions = models.JSONField(_("vị trí"), default=list)
    ticket = models.PositiveIntegerField(_("số thứ tự vào"), null=True, blank=True)
    lobby_at = models.DateTimeField(null=True, blank=True)
    admitted_at = models.DateTimeField(null=True, blank=True)
    online = models.BooleanField(default=False)
    last_seen = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = DrillParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["team_id", "pk"]
        verbose_name = _("người tham gia diễn tập")
        verbose_name_plural = _("người tham gia diễn tập")
        constraints = [
            models.UniqueConstraint(
                fields=["drill", "user"], name="drill_participant_once"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.team}"

    @property
    def position_labels(self) -> str:
        return position_labels(self.positions)


class Announcement(models.Model):
    drill = models.ForeignKey(
        Drill, on_delete=models.CASCADE, related_name="announcements"
    )
    message = models.TextField(_("nội dung thông báo"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.message[:60]


class DrillInject(models.Model):
    """A situation fired live by a coordinator, to every team or to chosen communes."""

    class Kind(models.TextChoices):
        NEW_DOSSIER = "new_dossier", _("Hồ sơ mới đến")
        SURGE = "surge", _("Dồn dập hồ sơ (làn sóng nhu cầu)")
        TOKEN_FAILURE = "token_failure", _("Sự cố chữ ký số")
        CLEAR_TOKEN_FAILURE = "clear_token_failure", _("Khắc phục sự cố chữ ký số")
        NOTICE = "notice", _("Tình huống (chỉ thông báo)")

    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="injects")
    kind = models.CharField(_("loại tình huống"), max_length=24, choices=Kind.choices)
    params = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    message = models.CharField(_("thông báo kèm theo"), max_length=500, blank=True)
    teams = models.ManyToManyField(DrillTeam, blank=True, related_name="injects")
    fired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    fired_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-fired_at", "-pk"]

    def __str__(self):
        return self.get_kind_display()


class DrillEvent(models.Model):
    """Append-only log of the drill's own life: scheduled, started, paused, injects, ended."""

    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(max_length=60)
    data = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.action
