"""StreamField blocks of a lesson. Each renders light HTML for a slow commune link."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

# The free-practice page belongs to the portal (built by the lead); one helper so that the
# literal path can become a reverse() in one place.
FREE_PRACTICE_PATH = "/mot-cua/thuc-hanh/"


def practice_url(scenario_slug: str | None) -> str:
    """Where a "practise it" block sends the learner: a scenario, or free practice."""
    if scenario_slug:
        return f"/kich-ban/{scenario_slug}/bat-dau/"
    return FREE_PRACTICE_PATH


RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "h3", "h4"]


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Ảnh"))
    alt = blocks.CharBlock(
        label=_("Mô tả ảnh cho người khiếm thị"), max_length=250, required=False
    )
    caption = blocks.CharBlock(label=_("Chú thích"), max_length=250, required=False)

    class Meta:
        icon = "image"
        label = _("Ảnh có chú thích")
        template = "courses/blocks/image.html"


class VideoBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Tiêu đề"), max_length=200)
    url = blocks.URLBlock(label=_("Địa chỉ video"))
    transcript = blocks.TextBlock(label=_("Lời thoại"))

    class Meta:
        icon = "media"
        label = _("Video (mặc định chỉ hiện đường dẫn và lời thoại)")
        template = "courses/blocks/video.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Loại"),
        choices=[
            ("info", _("Thông tin")),
            ("warning", _("Lưu ý")),
            ("law", _("Căn cứ pháp lý")),
            ("tip", _("Mẹo")),
        ],
        default="info",
    )
    title = blocks.CharBlock(label=_("Tiêu đề"), max_length=200)
    text = blocks.TextBlock(label=_("Nội dung lưu ý"))

    class Meta:
        icon = "warning"
        label = _("Khung lưu ý")
        template = "courses/blocks/callout.html"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Bước"), max_length=200)
    text = blocks.TextBlock(label=_("Mô tả"))


class StepsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Tiêu đề"), max_length=200)
    steps = blocks.ListBlock(StepBlock(), min_num=2, label=_("Các bước"))

    class Meta:
        icon = "list-ol"
        label = _("Quy trình từng bước")
        template = "courses/blocks/steps.html"


class GlossaryBlock(blocks.StructBlock):
    term = blocks.CharBlock(label=_("Thuật ngữ"), max_length=200)
    definition = blocks.TextBlock(label=_("Giải thích"))

    class Meta:
        icon = "help"
        label = _("Thuật ngữ")
        template = "courses/blocks/glossary.html"


class PractiseBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Lời mời thực hành"), max_length=200)
    scenario = blocks.CharBlock(
        label=_("Mã kịch bản"),
        max_length=100,
        required=False,
        help_text=_("Để trống để mở sa bàn thực hành tự do."),
    )

    class Meta:
        icon = "pick"
        label = _("Thực hành ngay")
        template = "courses/blocks/practise.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["href"] = practice_url(value.get("scenario"))
        return context


class LessonBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Đoạn văn"),
        features=RICH_TEXT_FEATURES,
        template="courses/blocks/paragraph.html",
    )
    image = ImageWithCaptionBlock()
    video = VideoBlock()
    callout = CalloutBlock()
    steps = StepsBlock()
    glossary = GlossaryBlock()
    practise = PractiseBlock()
