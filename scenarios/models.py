"""Scenarios (versioned rehearsal files), their attempts, the trainer-led sessions that
group attempts, and which dossier each attempt got."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ScenarioQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Scenario.Status.PUBLISHED)

    def with_current(self):
        return self.select_related("current")


class Scenario(models.Model):
    """A rehearsal a trainer wrote; its content lives in immutable versions."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        PUBLISHED = "published", _("Đã công bố")
        ARCHIVED = "archived", _("Đã lưu trữ")

    slug = models.SlugField(_("mã kịch bản"), max_length=80, unique=True)
    title = models.CharField(_("tên kịch bản"), max_length=200)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    built_in = models.BooleanField(_("kịch bản có sẵn"), default=False)
    current = models.ForeignKey(
        "scenarios.ScenarioVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("phiên bản hiện hành"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người soạn"),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = ScenarioQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("kịch bản")
        verbose_name_plural = _("kịch bản")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("scenarios:start", args=[self.slug])


class ScenarioVersion(models.Model):
    """One saved text of a scenario, never changed afterwards (attempts point at it)."""

    scenario = models.ForeignKey(
        Scenario, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("phiên bản số"))
    source = models.TextField(_("nội dung YAML"))
    spec = models.JSONField(_("nội dung đã kiểm tra"), encoder=DjangoJSONEncoder)
    digest = models.CharField(_("mã băm"), max_length=64)
    note = models.CharField(_("ghi chú"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người lưu"),
    )
    created_at = models.DateTimeField(_("lưu lúc"), auto_now_add=True)

    class Meta:
        ordering = ["scenario_id", "-number"]
        verbose_name = _("phiên bản kịch bản")
        verbose_name_plural = _("phiên bản kịch bản")
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "number"], name="scenario_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.scenario.slug} v{self.number}"


class SessionQuerySet(models.QuerySet):
    def run_by(self, user):
        return self.filter(trainer=user)


class Session(models.Model):
    """A class a trainer runs on one scenario version: one attempt per trainee, one clock
    button for all of them."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Đang diễn ra")
        ENDED = "ended", _("Đã kết thúc")

    title = models.CharField(_("tên buổi học"), max_length=200)
    version = models.ForeignKey(
        ScenarioVersion,
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name=_("phiên bản kịch bản"),
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("giảng viên"),
    )
    province = models.ForeignKey(
        "sandbox.Province",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tỉnh"),
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    # The one-time token of the form that created it: a double click finds this row.
    token = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    ended_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người kết thúc"),
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("buổi học có giảng viên")
        verbose_name_plural = _("buổi học có giảng viên")
        constraints = [
            models.UniqueConstraint(
                fields=["trainer", "token"],
                condition=~models.Q(token=""),
                name="session_unique_token",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("scenarios:session", args=[self.pk])

    @property
    def is_running(self):
        return self.status == self.Status.RUNNING


class AttemptQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def of_scenario(self, scenario):
        return self.filter(version__scenario=scenario)

    def running(self):
        return self.filter(status=Attempt.Status.RUNNING)

    def scored(self):
        return self.exclude(status=Attempt.Status.RUNNING)

    def with_dossier_counts(self):
        """Annotate `received` (dossiers arrived so far) and `handled` (those closed:
        result ready or returned, refused, stopped or withdrawn), in the same query."""
        from fake_portal.models.dossiers import TERMINAL, Status

        closed = [*TERMINAL, Status.DONE]
        return self.annotate(
            received=models.Count("dossiers"),
            handled=models.Count(
                "dossiers", filter=models.Q(dossiers__dossier__status__in=closed)
            ),
        )


class Attempt(models.Model):
    """One play of one scenario version, in its own sandbox."""

    class Mode(models.TextChoices):
        PRACTICE = "practice", _("Tự luyện tập")
        SESSION = "session", _("Buổi học có giảng viên")
        DRILL = "drill", _("Diễn tập")

    class Status(models.TextChoices):
        RUNNING = "running", _("Đang làm")
        FINISHED = "finished", _("Đã nộp bài")
        TIMED_OUT = "timed_out", _("Hết giờ")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="scenario_attempts",
        verbose_name=_("học viên"),
    )
    version = models.ForeignKey(
        ScenarioVersion,
        on_delete=models.PROTECT,
        related_name="attempts",
        verbose_name=_("phiên bản kịch bản"),
    )
    sandbox = models.OneToOneField(
        "sandbox.Sandbox",
        on_delete=models.PROTECT,
        related_name="scenario_attempt",
        verbose_name=_("sa bàn"),
    )
    mode = models.CharField(_("hình thức"), max_length=10, choices=Mode.choices)
    # PROTECT, like the version: a session is the record of a class (who ran it, who sat
    # in it), so it cannot be deleted while attempts of it remain.
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attempts",
        verbose_name=_("buổi học"),
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(_("bắt đầu lúc"), auto_now_add=True)
    sim_started_at = models.DateTimeField(_("giờ mô phỏng khi bắt đầu"))
    ends_at = models.DateTimeField(_("hết giờ lúc (giờ mô phỏng)"))
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    score = models.JSONField(
        _("kết quả chấm"), null=True, blank=True, encoder=DjangoJSONEncoder
    )
    total = models.FloatField(_("điểm"), null=True, blank=True)
    max_total = models.FloatField(_("điểm tối đa"), null=True, blank=True)
    passed = models.BooleanField(_("đạt"), null=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("lượt làm kịch bản")
        verbose_name_plural = _("lượt làm kịch bản")
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self):
        return f"{self.version} – {self.user}"

    def get_absolute_url(self):
        return reverse("scenarios:attempt", args=[self.pk])

    @property
    def is_running(self):
        return self.status == self.Status.RUNNING


class AttemptDossier(models.Model):
    """Which portal dossier stands for which dossier id of the scenario in this attempt."""

    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="dossiers"
    )
    key = models.CharField(_("mã trong kịch bản"), max_length=40)
    dossier = models.OneToOneField(
        "fake_portal.Dossier", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "key"], name="attempt_dossier_unique_key"
            )
        ]

    def __str__(self):
        return self.key
