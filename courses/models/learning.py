"""A learner's side of a course: enrolment, lessons viewed, quiz attempts."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EnrolmentQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def in_province(self, province):
        return self.filter(user__profile__province=province)

    def counts_by_course(self) -> dict[int, tuple[int, int]]:
        """Course id -> (enrolled, completed), in one query."""
        done = models.Count("id", filter=models.Q(completed_at__isnull=False))
        rows = self.values("course").annotate(n=models.Count("id"), done=done)
        return {row["course"]: (row["n"], row["done"]) for row in rows}


class Enrolment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("học viên"),
    )
    # PROTECT, as QuizAttempt.quiz: a learner's enrolment and completion outlive no page
    # deletion (courses.deletion explains the refusal in the admin).
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("khóa học"),
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người ghi danh"),
    )
    enrolled_at = models.DateTimeField(_("ghi danh lúc"), auto_now_add=True)
    completed_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    # The xAPI registration that ties this learner's statements for the course together.
    registration = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["-enrolled_at"]
        verbose_name = _("ghi danh")
        verbose_name_plural = _("ghi danh")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="enrolment_unique_user_course"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.course}"


class LessonProgress(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.PROTECT, related_name="progress"
    )
    viewed_at = models.DateTimeField(_("xem lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tiến độ bài học")
        verbose_name_plural = _("tiến độ bài học")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson"], name="lesson_progress_unique"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.lesson}"


class QuizAttemptQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def closed(self):
        return self.exclude(status=QuizAttempt.Status.IN_PROGRESS)

    def in_province(self, province):
        return self.filter(user__profile__province=province)


class QuizAttempt(models.Model):
    """One go at a quiz. Questions are drawn and snapshotted at the start, server-side."""

    # A submission this late after the deadline is still taken (slow links, the countdown
    # submitting at zero); later, only answers saved before the deadline count.
    GRACE = timedelta(seconds=30)

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("Đang làm")
        SUBMITTED = "submitted", _("Đã nộp")
        EXPIRED = "expired", _("Hết giờ")

    TRANSITIONS = {
        Status.IN_PROGRESS: {Status.SUBMITTED, Status.EXPIRED},
        Status.SUBMITTED: set(),
        Status.EXPIRED: set(),
    }

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    # A learner's results outlive any edit of the course: a quiz (or a page above it)
    # that holds attempts cannot be deleted, only unpublished (courses.deletion).
    quiz = models.ForeignKey(
        "courses.QuizPage", on_delete=models.PROTECT, related_name="attempts"
    )
    number = models.PositiveIntegerField(_("lần thứ"))
    seed = models.BigIntegerField()
    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=Status.choices,
        default=Status.IN_PROGRESS,
    )
    started_at = models.DateTimeField(_("bắt đầu lúc"))
    deadline = models.DateTimeField(_("hạn nộp"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    # The drawn questions as they were at the start (definition + presentation order), so
    # later edits to the bank never change what this attempt showed or how it is graded.
    questions = models.JSONField(default=list)
    answers = models.JSONField(default=dict)  # question id (str) -> validated answer
    answers_saved_at = models.DateTimeField(null=True, blank=True)
    results = models.JSONField(default=dict)  # question id (str) -> fraction, feedback
    score = models.FloatField(_("điểm (%)"), null=True, blank=True)
    passed = models.BooleanField(_("đạt"), null=True)

    objects = QuizAttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("lượt làm bài kiểm tra")
        verbose_name_plural = _("lượt làm bài kiểm tra")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "quiz", "number"], name="quiz_attempt_unique_number"
            ),
            models.UniqueConstraint(
                fields=["user", "quiz"],
                condition=models.Q(status="in_progress"),
                name="quiz_attempt_one_open",
            ),
        ]

    def __str__(self):
        return f"{self.quiz} #{self.number} – {self.user}"

    @property
    def is_open(self):
        return self.status == self.Status.IN_PROGRESS

    def question_ids(self):
        return [q["id"] for q in self.questions]

    def seconds_left(self, now):
        if self.deadline is None:
            return None
        return max(0, int((self.deadline - now).total_seconds()))

    def is_past_grace(self, now):
        return self.deadline is not None and now > self.deadline + self.GRACE

    def is_past_deadline(self, now):
        return self.deadline is not None and now > self.deadline
