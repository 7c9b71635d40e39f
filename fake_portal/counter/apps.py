from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CounterConfig(AppConfig):
    name = "fake_portal.counter"
    label = "counter"
    verbose_name = _("Quầy tiếp nhận, số hóa và bưu chính (mô phỏng)")

    def ready(self):
        # Registers the scheduled kinds (walk-ins, postal deliveries) with the simulation.
        from fake_portal.counter import simulation  # noqa: F401
        from fake_portal.counter.events import EVENT_LABELS
        from fake_portal.workflow import register_event_labels

        # Dossier timelines everywhere (back office, citizen, scenario results) name them.
        register_event_labels(EVENT_LABELS)
        from fake_portal import dispatch
        from fake_portal.counter.actions.decisions import back_office_checks

        if back_office_checks not in dispatch.intake_checks:
            dispatch.intake_checks.append(back_office_checks)
