"""Django admin: read-only views of the PKI and the log; unlock and revoke through actions."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from fake_portal.signatures import actions
from fake_portal.signatures.models import (
    OfficialCertificate,
    RemoteSigningRequest,
    SignatureFault,
    SigningLog,
    TrainingAuthority,
    VirtualToken,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TrainingAuthority)
class TrainingAuthorityAdmin(ReadOnlyAdmin):
    list_display = ["common_name", "kind", "created_at"]
    exclude = ["key_pem"]


@admin.register(OfficialCertificate)
class OfficialCertificateAdmin(ReadOnlyAdmin):
    list_display = ["subject", "serial", "not_after", "revoked_at"]
    search_fields = ["subject", "serial", "user__username"]
    exclude = ["key_pem"]
    actions = ["revoke"]

    @admin.action(description=_("Thu hồi chứng thư đã chọn"))
    def revoke(self, request, queryset):
        for certificate in queryset:
            actions.revoke_certificate(certificate, actor=request.user)
        messages.success(request, _("Đã thu hồi các chứng thư đã chọn."))

    def has_change_permission(self, request, obj=None):
        return actions.is_pki_administrator(request.user) and obj is None


@admin.register(VirtualToken)
class VirtualTokenAdmin(ReadOnlyAdmin):
    list_display = ["user", "plugged_in", "failed_attempts", "locked_at"]
    list_filter = ["plugged_in"]
    search_fields = ["user__username"]
    exclude = ["pin_hash", "pin_envelope"]
    actions = ["unlock"]

    @admin.action(description=_("Mở khóa USB Token đã chọn (cấp mã PIN mới)"))
    def unlock(self, request, queryset):
        for token in queryset.select_related("user"):
            pin = actions.unlock_token(token.user, actor=request.user)
            messages.success(
                request,
                _("Đã mở khóa USB Token của %(name)s. Mã PIN mới: %(pin)s")
                % {"name": token.user, "pin": pin},
            )

    def has_change_permission(self, request, obj=None):
        return actions.is_pki_administrator(request.user) and obj is None


@admin.register(RemoteSigningRequest)
class RemoteSigningRequestAdmin(ReadOnlyAdmin):
    list_display = ["purpose", "user", "status", "created_at", "expires_at"]
    list_filter = ["status"]
    exclude = ["document", "signed_document"]


@admin.register(SignatureFault)
class SignatureFaultAdmin(ReadOnlyAdmin):
    list_display = ["kind", "sandbox", "user", "created_at", "cleared_at"]
    list_filter = ["kind"]


@admin.register(SigningLog)
class SigningLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "user", "method", "reason", "sandbox"]
    list_filter = ["action", "method"]
    search_fields = ["user__username", "reason"]
