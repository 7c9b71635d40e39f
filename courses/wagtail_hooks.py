"""The courses in the Wagtail admin: the question bank (snippets grouped under one menu)
and the guards that keep learners' results when pages are deleted."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from courses import deletion
from courses.models import Question, QuestionCategory


class YesNoColumn(Column):
    """A yes/no field as words in the admin's language (Wagtail prints True/False)."""

    def get_value(self, instance):
        return gettext("Có") if super().get_value(instance) else gettext("Không")


class QuestionCategoryViewSet(SnippetViewSet):
    model = QuestionCategory
    icon = "folder-open-inverse"
    list_display = ["name", "course", "slug"]
    list_filter = ["course"]
    search_fields = ["name", "slug"]


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    list_display = [
        "key",
        "text",
        "type",
        "category",
        "points",
        YesNoColumn("active", label=_("Đang dùng"), sort_key="active"),
    ]
    list_filter = ["course", "type", "active"]
    search_fields = ["key", "text"]


class QuestionBankGroup(SnippetViewSetGroup):
    menu_label = _("Ngân hàng câu hỏi")
    menu_icon = "help"
    menu_order = 250
    items = (QuestionCategoryViewSet, QuestionViewSet)


register_snippet(QuestionBankGroup)


# ---------------------------------------------------------------- deleting pages
# Wagtail asks these hooks before it deletes; a response returned stops the deletion.
# The delete view runs its hook on GET and POST, the bulk action only on POST (inside its
# transaction), the snippets' delete views (single and bulk) at dispatch.


def _refused(request, message, fallback_url, buttons=()):
    messages.error(request, message, buttons=list(buttons))
    return redirect(get_valid_next_url_from_request(request) or fallback_url)


def _explorer_above(page):
    parent = page.get_parent()
    return reverse("wagtailadmin_explore", args=[(parent or page).pk])


@hooks.register("before_delete_page")
def keep_results_of_a_page(request, page):
    message = deletion.refusal([page])
    if message is None:
        return None
    buttons = []
    if page.live:
        unpublish = reverse("wagtailadmin_pages:unpublish", args=[page.pk])
        buttons.append(messages.button(unpublish, _("Ngừng xuất bản trang")))
    return _refused(request, message, _explorer_above(page), buttons)


@hooks.register("before_bulk_action")
def keep_results_of_pages(request, action_type, objects, action_class_instance):
    if action_type != "delete" or not issubclass(action_class_instance.model, Page):
        return None
    message = deletion.refusal(objects)
    if message is None:
        return None
    ids = urlencode([("id", page.pk) for page in objects if page.live])
    buttons = []
    if ids:
        unpublish = reverse(
            "wagtail_bulk_action", args=("wagtailcore", "page", "unpublish")
        )
        buttons.append(
            messages.button(f"{unpublish}?{ids}", _("Ngừng xuất bản các trang này"))
        )
    return _refused(request, message, _explorer_above(objects[0]), buttons)


@hooks.register("before_delete_snippet")
def keep_questions_of_a_category(request, instances):
    message = deletion.category_refusal(instances)
    if message is None:
        return None
    return _refused(
        request, message, reverse("wagtailsnippets_courses_questioncategory:list")
    )
