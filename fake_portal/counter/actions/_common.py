"""What every counter action shares: who may act, and how a step is written to the log."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from fake_portal.actions._core import positions_of
from fake_portal.errors import InvalidInput, NotPermitted
from sandbox.models import Position, Sandbox, SandboxEvent


def require_receiving_officer(actor, sandbox: Sandbox) -> None:
    """Counter work (intake, digitisation, post) is the receiving officer's."""
    if Position.RECEIVING_OFFICER not in positions_of(actor, sandbox):
        raise NotPermitted(
            _(
                "Chỉ cán bộ tiếp nhận (Bộ phận Một cửa) mới làm việc tại quầy của sa bàn này."
            )
        )


def require_open(sandbox: Sandbox) -> None:
    if sandbox.status != Sandbox.Status.OPEN:
        raise InvalidInput(_("Sa bàn đã đóng; không thể thực hiện thao tác."))


def log(sandbox: Sandbox, action: str, *, actor=None, **data) -> SandboxEvent:
    """A counter or postal step not tied to a dossier (a walk-in arrives, a ticket is called)."""
    return SandboxEvent.objects.create(
        sandbox=sandbox, actor=actor, action=action, data=data, sim_time=sandbox.now()
    )


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def officer_name(user) -> str:
    profile = getattr(user, "profile", None)
    return profile.full_name if profile else str(user or "")
