"""Certificate templates and issuing rules in the Wagtail admin, and links to the pages
where trainers manage issued certificates and bulk issues."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from certificates import permissions
from certificates.models import CertificateTemplate, IssuingRule


class YesNoColumn(Column):
    """A yes/no field as words in the admin's language (Wagtail prints True/False)."""

    def get_value(self, instance):
        return gettext("Có") if super().get_value(instance) else gettext("Không")


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    list_display = ["name", "issuing_body", "signer_name", "validity_months"]
    search_fields = ["name", "issuing_body", "signer_name"]


class IssuingRuleViewSet(SnippetViewSet):
    model = IssuingRule
    icon = "tick-inverse"
    list_display = [
        "name",
        "kind",
        "reference",
        "min_score",
        "template",
        YesNoColumn("active", label=_("Đang áp dụng"), sort_key="active"),
    ]
    list_filter = ["kind", "active", "template"]
    search_fields = ["name", "reference"]


class CertificatesGroup(SnippetViewSetGroup):
    menu_label = _("Chứng chỉ")
    menu_icon = "doc-full"
    menu_order = 260
    items = (CertificateTemplateViewSet, IssuingRuleViewSet)


register_snippet(CertificatesGroup)


class StaffMenuItem(MenuItem):
    """A link to one of our own pages, for staff, once the app's URLs are mounted."""

    def __init__(self, label, url_name, **kwargs):
        self.url_name = url_name
        super().__init__(label, "", **kwargs)

    def is_shown(self, request):
        try:
            self.url = reverse(self.url_name)
        except NoReverseMatch:
            return False
        return permissions.is_staff(request.user)


@hooks.register("register_admin_menu_item")
def issued_certificates_menu_item():
    return StaffMenuItem(
        _("Chứng chỉ đã cấp"), "certificates:manage", icon_name="list-ul", order=261
    )
