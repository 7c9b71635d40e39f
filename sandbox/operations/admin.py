"""Read-only admin views of the operations logs (append-only, as STYLE.md asks)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from sandbox.operations.models import OfficialImport, OperationEvent, StaffView


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StaffView)
class StaffViewAdmin(ReadOnlyAdmin):
    list_display = ["viewed_at", "viewer", "subject", "what_shown"]
    list_filter = ["what"]
    date_hierarchy = "viewed_at"
    fields = readonly_fields = ["viewed_at", "viewer", "subject", "what_shown", "path"]

    @admin.display(description=_("nội dung xem"), ordering="what")
    def what_shown(self, obj):
        # The field's own display shows "-" for text stored before the codes.
        return obj.get_what_display()


@admin.register(OperationEvent)
class OperationEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "actor", "subject"]
    list_filter = ["action"]
    date_hierarchy = "created_at"


@admin.register(OfficialImport)
class OfficialImportAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "province",
        "file_name",
        "created_by",
        "status",
        "created_count",
        "updated_count",
        "unchanged_count",
        "rejected_count",
    ]
    list_filter = ["status", "province"]
    exclude = ["rows"]
