"""The question bank of a course: categories and questions (snippets, not pages)."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from courses.grading import check_definition


class QuestionCategory(models.Model):
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="question_categories",
        verbose_name=_("khóa học"),
    )
    slug = models.SlugField(_("mã"), max_length=100)
    name = models.CharField(_("tên"), max_length=200)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    panels = [FieldPanel("course"), FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["course_id", "sort_order", "pk"]
        verbose_name = _("nhóm câu hỏi")
        verbose_name_plural = _("nhóm câu hỏi")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "slug"], name="question_category_unique_slug"
            )
        ]

    def __str__(self):
        return f"{self.course.title} – {self.name}"


class QuestionQuerySet(models.QuerySet):
    def for_course(self, course):
        return self.filter(course=course)

    def active(self):
        return self.filter(active=True)


class Question(models.Model):
    class Type(models.TextChoices):
        SINGLE = "single", _("Một lựa chọn đúng")
        MULTIPLE = "multiple", _("Nhiều lựa chọn đúng")
        TRUEFALSE = "truefalse", _("Đúng/Sai")
        MATCHING = "matching", _("Ghép cặp")
        ORDERING = "ordering", _("Sắp xếp thứ tự")
        SHORT = "short", _("Trả lời ngắn")

    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("khóa học"),
    )
    # RESTRICT, not PROTECT: a category with questions cannot be deleted on its own, but
    # deleting the whole course takes its categories and questions together.
    category = models.ForeignKey(
        QuestionCategory,
        on_delete=models.RESTRICT,
        related_name="questions",
        verbose_name=_("nhóm câu hỏi"),
    )
    key = models.SlugField(_("mã câu hỏi"), max_length=100)
    type = models.CharField(_("loại câu hỏi"), max_length=12, choices=Type.choices)
    text = models.TextField(_("câu hỏi"))
    feedback = models.TextField(_("nhận xét chung"), blank=True)
    points = models.PositiveSmallIntegerField(
        _("điểm"), default=1, validators=[MinValueValidator(1)]
    )
    data = models.JSONField(
        _("dữ liệu câu hỏi"),
        default=dict,
        help_text=_(
            "Phương án, cặp ghép, các mục cần sắp xếp hoặc đáp án chấp nhận, dạng JSON."
        ),
    )
    active = models.BooleanField(
        _("đang dùng"),
        default=True,
        help_text=_("Câu hỏi ngừng dùng không còn được rút vào bài làm mới."),
    )
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    objects = QuestionQuerySet.as_manager()

    panels = [
        FieldPanel("course"),
        FieldPanel("category"),
        FieldPanel("key"),
        FieldPanel("type"),
        FieldPanel("text"),
        FieldPanel("points"),
        FieldPanel("data"),
        FieldPanel("feedback"),
        FieldPanel("active"),
    ]

    class Meta:
        ordering = ["course_id", "sort_order", "pk"]
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("ngân hàng câu hỏi")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "key"], name="question_unique_key"
            )
        ]

    def __str__(self):
        return f"{self.key}: {self.text[:60]}"

    def clean(self):
        if (
            self.category_id
            and self.course_id
            and self.category.course_id != self.course_id
        ):
            raise ValidationError(
                {"category": _("Nhóm câu hỏi không thuộc khóa học đã chọn.")}
            )
        problems = check_definition(self.type, self.data)
        if problems:
            raise ValidationError({"data": problems})

    def definition(self):
        """The plain dict the grading functions work on (and attempts snapshot)."""
        return {
            "id": self.pk,
            "key": self.key,
            "type": self.type,
            "text": self.text,
            "feedback": self.feedback,
            "points": self.points,
            "data": self.data,
        }
