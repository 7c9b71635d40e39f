"""The mock portal's part of the trainee's dashboard."""

from django.urls import reverse

from fake_portal.views.common import user_sandboxes
from sandbox.models import Sandbox


def practice_panel(user, profile, panel):
    sandboxes = (
        user_sandboxes(user)
        .filter(status=Sandbox.Status.OPEN)
        .select_related("commune")[:5]
    )
    panel.template = "fake_portal/includes/practice_panel.html"
    panel.context = {
        "sandboxes": sandboxes,
        "signature_url": reverse("signatures:token"),
        "practice_url": reverse("portal:practice"),
    }
    return panel
