"""The dashboard panel certificates fills: a learner's latest certificates."""

from certificates.models import Certificate

SHOWN = 5


def certificates_panel(user, profile, panel):
    panel.template = "certificates/includes/panel.html"
    panel.context = {
        "certificates": list(
            Certificate.objects.for_recipient(user)
            .valid()
            .only("serial", "title", "issued_at")[:SHOWN]
        )
    }
    return panel
