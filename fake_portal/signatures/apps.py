from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignaturesConfig(AppConfig):
    name = "fake_portal.signatures"
    label = "signatures"
    verbose_name = _("Chữ ký số mô phỏng")

    def ready(self):
        from fake_portal.signatures.actions import issue_certificate_for
        from sandbox.actions import official_created_hooks

        # Every official gets a training certificate and token the moment their account
        # exists (inside create_official's transaction).
        if issue_certificate_for not in official_created_hooks:
            official_created_hooks.append(issue_certificate_for)
