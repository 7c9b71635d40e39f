"""Wagtail pages: the catalogue, a course, its lessons and its quiz."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from courses.blocks import LessonBodyBlock
from courses.completion import Rules
from courses.review import ReviewOptions, ReviewWhen


class AtomicDeleteMixin:
    """Delete in one transaction, so that a refused deletion changes nothing.

    Treebeard lowers the parent's child count before Django checks what protects the
    rows (learners' attempts, QuizAttempt.quiz): outside a transaction (a shell) a refused
    deletion would leave that count wrong, and a later deletion of the parent would then
    orphan the pages under it. Wagtail's admin views already run in a transaction.
    """

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            return super().delete(*args, **kwargs)


class CourseIndexPage(AtomicDeleteMixin, Page):
    """The course catalogue ("Khóa học")."""

    intro = RichTextField(_("giới thiệu"), blank=True, features=["bold", "italic"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("danh mục khóa học")
        verbose_name_plural = _("danh mục khóa học")

    def courses(self):
        return CoursePage.objects.live().child_of(self).order_by("path")

    def get_context(self, request, *args, **kwargs):
        from courses.progress import catalogue_entries

        context = super().get_context(request, *args, **kwargs)
        context["entries"] = catalogue_entries(request.user, self.courses())
        return context


class CoursePage(AtomicDeleteMixin, Page):
    summary = models.TextField(_("tóm tắt"))
    audience = models.TextField(_("đối tượng"), blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    estimated_minutes = models.PositiveIntegerField(
        _("thời lượng dự kiến (phút)"), default=30
    )
    covers_procedures = models.JSONField(
        _("thủ tục hành chính được học"),
        default=list,
        blank=True,
        help_text=_('Danh sách mã thủ tục, ví dụ ["1.001193"].'),
    )
    require_all_lessons = models.BooleanField(
        _("phải xem hết các bài học"), default=True
    )
    require_quiz_passed = models.BooleanField(_("phải đạt bài kiểm tra"), default=True)
    required_scenarios = models.JSONField(
        _("kịch bản bắt buộc"),
        default=list,
        blank=True,
        help_text=_(
            'Danh sách mã kịch bản phải hoàn thành, ví dụ ["khai-sinh-co-ban"].'
        ),
    )
    # The digest of the content file last loaded, so that reloading an unchanged file is a no-op.
    content_digest = models.CharField(max_length=64, blank=True, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("audience"),
        FieldPanel("estimated_minutes"),
        FieldPanel("covers_procedures"),
        MultiFieldPanel(
            [
                FieldPanel("require_all_lessons"),
                FieldPanel("require_quiz_passed"),
                FieldPanel("required_scenarios"),
            ],
            heading=_("Điều kiện hoàn thành"),
        ),
        FieldPanel("version"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage", "courses.QuizPage"]

    class Meta:
        verbose_name = _("khóa học")
        verbose_name_plural = _("khóa học")

    @property
    def rules(self):
        return Rules(
            require_all_lessons=self.require_all_lessons,
            require_quiz_passed=self.require_quiz_passed,
            required_scenarios=tuple(self.required_scenarios or ()),
        )

    def lessons(self):
        return LessonPage.objects.live().child_of(self).order_by("path")

    def quiz(self):
        return QuizPage.objects.live().child_of(self).first()

    def get_context(self, request, *args, **kwargs):
        from courses.progress import course_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_context(request.user, self))
        return context


class LessonPage(AtomicDeleteMixin, Page):
    summary = models.TextField(_("tóm tắt"), blank=True)
    body = StreamField(LessonBodyBlock(), verbose_name=_("nội dung"))

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("bài học")
        verbose_name_plural = _("bài học")

    @property
    def course(self):
        return CoursePage.objects.get(pk=self.get_parent().pk)

    def serve(self, request, *args, **kwargs):
        from courses import actions

        if request.user.is_authenticated and not getattr(request, "is_preview", False):
            actions.view_lesson(self, actor=request.user)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from courses.progress import lesson_context

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_context(request, self))
        return context


class QuizPage(AtomicDeleteMixin, Page):
    intro = RichTextField(_("hướng dẫn"), blank=True, features=["bold", "italic"])
    pass_mark = models.PositiveSmallIntegerField(
        _("điểm đạt (%)"),
        default=70,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    time_limit_minutes = models.PositiveIntegerField(
        _("thời gian làm bài (phút)"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu không giới hạn thời gian."),
        validators=[MinValueValidator(1)],  # no limit is an empty field, not 0
    )
    attempts_allowed = models.PositiveIntegerField(
        _("số lần làm bài tối đa"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu không giới hạn số lần."),
        # 0 read as "no limit" on the quiz page while every attempt was refused.
        validators=[MinValueValidator(1)],
    )
    questions_per_attempt = models.PositiveIntegerField(
        _("số câu hỏi mỗi lần làm"), default=10, validators=[MinValueValidator(1)]
    )
    shuffle = models.BooleanField(_("xáo trộn câu hỏi và phương án"), default=True)
    # When the learner sees each part of the review of a closed attempt (courses.review).
    review_marks = models.CharField(
        _("cho xem đúng/sai và điểm"),
        max_length=16,
        choices=ReviewWhen.choices,
        default=ReviewWhen.IMMEDIATELY,
        help_text=_(
            "Đúng/sai của từng câu, điểm từng câu, điểm bài làm và kết quả đạt/chưa đạt."
        ),
    )
    review_correct_answers = models.CharField(
        _("cho xem đáp án đúng"),
        max_length=16,
        choices=ReviewWhen.choices,
        default=ReviewWhen.IMMEDIATELY,
    )
    review_feedback = models.CharField(
        _("cho xem nhận xét của giảng viên"),
        max_length=16,
        choices=ReviewWhen.choices,
        default=ReviewWhen.IMMEDIATELY,
        help_text=_("Nhận xét chung của câu hỏi và nhận xét của phương án đã chọn."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("pass_mark"),
        FieldPanel("time_limit_minutes"),
        FieldPanel("attempts_allowed"),
        FieldPanel("questions_per_attempt"),
        FieldPanel("shuffle"),
        MultiFieldPanel(
            [
                FieldPanel("review_marks"),
                FieldPanel("review_correct_answers"),
                FieldPanel("review_feedback"),
            ],
            heading=_("Học viên xem lại bài làm"),
            help_text=_(
                "Học viên được xem gì khi xem lại bài đã nộp, và từ khi nào. Khi có "
                "mục chọn “Sau khi hết lượt làm bài”, học viên đã đạt không làm lại "
                "bài được nữa. Giảng viên luôn xem được đầy đủ trong báo cáo."
            ),
        ),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("bài kiểm tra")
        verbose_name_plural = _("bài kiểm tra")

    @property
    def course(self):
        return CoursePage.objects.get(pk=self.get_parent().pk)

    @property
    def review_options(self):
        return ReviewOptions(
            marks=self.review_marks,
            correct=self.review_correct_answers,
            feedback=self.review_feedback,
        )

    def serve(self, request, *args, **kwargs):
        from courses import actions

        if request.user.is_authenticated:
            # An attempt abandoned past its deadline is closed (and graded) lazily here.
            actions.expire_overdue_attempts(self, request.user)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from courses.progress import quiz_context

        context = super().get_context(request, *args, **kwargs)
        context.update(quiz_context(request.user, self))
        return context
