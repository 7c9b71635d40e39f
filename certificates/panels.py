"""The dashboard panel certificates fills: a learner's latest certificates."""

from django.urls import NoReverseMatch, reverse

from certificates.models import Certificate

SHOWN = 5


def certificates_panel(user, profile, panel):
    try:
        reverse("certificates:mine")
    except NoReverseMatch:
        return panel  # the app's pages are not mounted (yet): the core's empty panel
    panel.template = "certificates/includes/panel.html"
    panel.context = {
        "certificates": list(
            Certificate.objects.for_recipient(user)
            .valid()
            .only("serial", "title", "issued_at")[:SHOWN]
        )
    }
    return panel
