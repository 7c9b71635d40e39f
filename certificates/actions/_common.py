"""What every certificate action shares: the error, the permission check, the event."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from certificates.models import CertificateEvent


class CertificateError(Exception):
    """An action on a certificate that cannot be taken now; the message says why."""


def require(allowed: bool):
    if not allowed:
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))


def event(action: str, *, actor, certificate=None, bulk_issue=None, **data):
    """Append one row to the app's event log (call it inside the change's transaction)."""
    return CertificateEvent.objects.create(
        action=action,
        certificate=certificate,
        bulk_issue=bulk_issue,
        actor=actor if actor is not None and actor.is_authenticated else None,
        data=data,
    )
