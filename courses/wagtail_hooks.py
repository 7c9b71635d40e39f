"""The question bank in the Wagtail admin, as snippets grouped under one menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from courses.models import Question, QuestionCategory


class QuestionCategoryViewSet(SnippetViewSet):
    model = QuestionCategory
    icon = "folder-open-inverse"
    list_display = ["name", "course", "slug"]
    list_filter = ["course"]
    search_fields = ["name", "slug"]


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    list_display = ["key", "text", "type", "category", "points", "active"]
    list_filter = ["course", "type", "active"]
    search_fields = ["key", "text"]


class QuestionBankGroup(SnippetViewSetGroup):
    menu_label = _("Ngân hàng câu hỏi")
    menu_icon = "help"
    menu_order = 250
    items = (QuestionCategoryViewSet, QuestionViewSet)


register_snippet(QuestionBankGroup)
