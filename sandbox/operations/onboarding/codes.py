"""The printed sheet of first-login codes for one commune (for units where e-mail fails)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from sandbox.operations.models import ImportRecord


def officials_awaiting_codes(commune, official_import=None) -> list:
    """Active officials of `commune` who never set a password (optionally of one import)."""
    users = get_user_model().objects.filter(
        is_active=True,
        profile__commune=commune,
        password__startswith=UNUSABLE_PASSWORD_PREFIX,
    )
    if official_import is not None:
        users = users.filter(
            import_records__official_import=official_import,
            import_records__outcome=ImportRecord.Outcome.CREATED,
        )
    return list(users.select_related("profile").order_by("profile__full_name", "pk"))


def render_codes_pdf(commune, issued, *, request=None) -> bytes:
    """One cut-out slip per official: name, unit, user name, code, where to log in."""
    from weasyprint import HTML

    with translation.override("vi"):
        html = render_to_string(
            "operations/codes_pdf.html",
            {
                "commune": commune,
                "slips": [
                    {"user": user, "profile": user.profile, "code": code}
                    for user, code in issued
                ],
                "login_url": settings.SITE_URL.rstrip("/")
                + reverse("operations:first-login"),
                "expires": user_expiry(issued),
                "printed_at": timezone.localtime(),
            },
        )
    return HTML(string=html).write_pdf()


def user_expiry(issued):
    from sandbox.operations.models import OfficialAccount

    if not issued:
        return None
    account = OfficialAccount.objects.filter(user=issued[0][0]).first()
    return account.code_expires_at if account else None
