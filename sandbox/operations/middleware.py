"""An official who entered with a first-login code must choose a password before anything."""

from django.shortcuts import redirect
from django.urls import reverse

SESSION_KEY = "operations_must_change_password"


class PasswordChangeRequiredMiddleware:
    """Sends a code-logged-in official to the password page until they set one.

    The flag lives in the session (set at code login), so ordinary requests cost no query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.session.get(SESSION_KEY) and request.user.is_authenticated:
            allowed = {
                reverse("operations:first-password"),
                reverse("logout"),
                reverse("set_language"),
            }
            if request.path not in allowed and not request.path.startswith("/static/"):
                return redirect("operations:first-password")
        return self.get_response(request)
