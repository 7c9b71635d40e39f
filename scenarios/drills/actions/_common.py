"""What every drill action shares: errors, locking, the transition check, the event row."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from scenarios.drills.models import Drill, DrillEvent
from scenarios.drills.permissions import may_control, may_run_drills


class DrillError(ValueError):
    """The action cannot be done now; the message is for the user, in Vietnamese."""

    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


def require_coordinator(actor, drill_or_province) -> None:
    allowed = (
        may_control(actor, drill_or_province)
        if isinstance(drill_or_province, Drill)
        else may_run_drills(actor, drill_or_province)
    )
    if not allowed:
        raise PermissionDenied(
            _(
                "Chỉ điều phối viên của tỉnh tổ chức buổi diễn tập mới làm được việc này."
            )
        )


def locked(drill: Drill) -> Drill:
    return Drill.objects.select_for_update().get(pk=drill.pk)


def move(drill: Drill, status: str) -> None:
    """Check the transition table; the caller saves."""
    if status not in Drill.TRANSITIONS[drill.status]:
        raise DrillError(
            _("Không thể chuyển buổi diễn tập từ “%(old)s” sang “%(new)s”.")
            % {
                "old": drill.get_status_display(),
                "new": Drill.Status(status).label,
            }
        )
    drill.status = status


def record(drill: Drill, action: str, *, actor, **data) -> DrillEvent:
    return DrillEvent.objects.create(drill=drill, actor=actor, action=action, data=data)


def earlier_submission(drill: Drill, action: str, token: str) -> DrillEvent | None:
    """The event a first submission of the same form (same one-time `token`) wrote: a
    double click or a resent page must not act twice. Call with the drill locked."""
    if not token:
        return None
    return DrillEvent.objects.filter(
        drill=drill, action=action, data__token=token
    ).first()


def token_data(token: str) -> dict:
    return {"token": token} if token else {}


def require_open(drill: Drill) -> None:
    if drill.status == Drill.Status.ENDED:
        raise DrillError(_("Buổi diễn tập đã kết thúc."))
