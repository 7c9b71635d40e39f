"""The one transition table of a dossier: which action moves which status, and who may do it.

Positions are the officials' (receiving officer, specialist, leader); CITIZEN is the applicant
acting on the mock national portal; AGENCY is a simulated agency or unit answering a transfer;
SYSTEM is the portal itself (payment gateway, timers).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from fake_portal.models.dossiers import Stage, Status
from sandbox.models import Position

RECEIVING = Position.RECEIVING_OFFICER
SPECIALIST = Position.SPECIALIST
LEADER = Position.LEADER
CITIZEN = "citizen"
AGENCY = "agency"
SYSTEM = "system"

_OPEN_BEFORE_RESULT = frozenset(
    {
        Status.FILED,
        Status.RECEIVED,
        Status.PROCESSING,
        Status.SUPPLEMENT_REQUESTED,
        Status.PAYMENT_REQUESTED,
    }
)
_RUNNING = frozenset(
    {
        Status.RECEIVED,
        Status.PROCESSING,
        Status.SUPPLEMENT_REQUESTED,
        Status.PAYMENT_REQUESTED,
    }
)


@dataclass(frozen=True)
class Move:
    label: str
    sources: frozenset
    target: (
        Status | None
    )  # None: the status does not change (or the action computes it)
    actors: frozenset
    stages: frozenset | None = None  # the stage the dossier must be in, when it matters
    stage_after: str | None = None  # the stage afterwards (None: unchanged)


TRANSITIONS: dict[str, Move] = {
    "receive": Move(
        _("Tiếp nhận"),
        frozenset({Status.FILED}),
        Status.RECEIVED,
        frozenset({RECEIVING}),
    ),
    "refuse": Move(
        _("Từ chối tiếp nhận"),
        frozenset({Status.FILED}),
        Status.REFUSED,
        frozenset({RECEIVING}),
    ),
    "request_supplement": Move(
        _("Yêu cầu bổ sung, hoàn thiện"),
        frozenset({Status.FILED, Status.RECEIVED, Status.PROCESSING}),
        Status.SUPPLEMENT_REQUESTED,
        frozenset({RECEIVING, SPECIALIST}),
    ),
    "supply": Move(
        _("Bổ sung hồ sơ"),
        frozenset({Status.SUPPLEMENT_REQUESTED}),
        None,
        frozenset({CITIZEN}),
    ),
    "assign": Move(
        _("Chuyển chuyên viên xử lý"),
        frozenset({Status.RECEIVED}),
        Status.PROCESSING,
        frozenset({RECEIVING, LEADER}),
        stage_after=Stage.ASSIGNED,
    ),
    "appraise": Move(
        _("Thẩm định, trình lãnh đạo"),
        frozenset({Status.PROCESSING}),
        Status.PROCESSING,
        frozenset({SPECIALIST}),
        stages=frozenset({Stage.ASSIGNED, Stage.APPRAISED}),
        stage_after=Stage.AWAITING_APPROVAL,
    ),
    "transfer": Move(
        _("Chuyển liên thông"),
        frozenset({Status.RECEIVED, Status.PROCESSING}),
        Status.PROCESSING,
        frozenset({RECEIVING, SPECIALIST}),
        stage_after=Stage.TRANSFERRED,
    ),
    "return_transfer": Move(
        _("Cơ quan liên thông trả lại"),
        frozenset({Status.PROCESSING}),
        None,
        frozenset({AGENCY}),
        stages=frozenset({Stage.TRANSFERRED}),
    ),
    "send_back": Move(
        _("Trả lại chuyên viên"),
        frozenset({Status.PROCESSING}),
        Status.PROCESSING,
        frozenset({LEADER}),
        stages=frozenset({Stage.AWAITING_APPROVAL}),
        stage_after=Stage.ASSIGNED,
    ),
    "approve": Move(
        _("Phê duyệt và ký số kết quả"),
        frozenset({Status.PROCESSING}),
        Status.DONE,
        frozenset({LEADER}),
        stages=frozenset({Stage.AWAITING_APPROVAL}),
        stage_after=Stage.SIGNED,
    ),
    "request_payment": Move(
        _("Yêu cầu nộp phí, lệ phí"),
        frozenset({Status.RECEIVED, Status.PROCESSING}),
        Status.PAYMENT_REQUESTED,
        frozenset({RECEIVING, SPECIALIST}),
    ),
    # The receiving officer records a fee paid in cash at the one-stop-shop (with a receipt).
    "record_payment": Move(
        _("Ghi nhận đã nộp phí"),
        frozenset({Status.FILED, Status.PAYMENT_REQUESTED}),
        None,
        frozenset({SYSTEM, CITIZEN, RECEIVING}),
    ),
    "return_result": Move(
        _("Trả kết quả"),
        frozenset({Status.DONE}),
        Status.RETURNED,
        frozenset({RECEIVING}),
    ),
    "withdraw": Move(
        _("Rút hồ sơ"), _OPEN_BEFORE_RESULT, Status.WITHDRAWN, frozenset({CITIZEN})
    ),
    "stop": Move(
        _("Dừng giải quyết hồ sơ"), _RUNNING, Status.STOPPED, frozenset({LEADER})
    ),
    "apologise": Move(
        _("Xin lỗi và hẹn lại ngày trả"), _RUNNING, None, frozenset({RECEIVING, LEADER})
    ),
    "rate": Move(
        _("Đánh giá mức độ hài lòng"),
        frozenset({Status.RETURNED}),
        None,
        frozenset({CITIZEN}),
    ),
}

OFFICIAL_POSITIONS = frozenset({RECEIVING, SPECIALIST, LEADER})


def allowed(action: str, status: int, stage: str) -> bool:
    """Whether `action` may be applied to a dossier in (status, stage)."""
    move = TRANSITIONS[action]
    if status not in move.sources:
        return False
    return move.stages is None or stage in move.stages


def available_actions(status: int, stage: str, positions: set[str]) -> list[str]:
    """The official actions a holder of `positions` can take now, in table order."""
    return [
        name
        for name, move in TRANSITIONS.items()
        if move.actors & positions and allowed(name, status, stage)
    ]


def _event_labels():
    from fake_portal.actions._core import _PAST

    labels = {
        f"dossier.{past}": TRANSITIONS[action].label for action, past in _PAST.items()
    }
    labels.update(
        {
            "dossier.filed": _("Nộp hồ sơ"),
            "dossier.signing_failed": _("Ký số không thành công"),
        }
    )
    return labels


# Labels of the events other apps write on dossiers (the counter's), registered from their
# AppConfig.ready() so that every timeline names them.
_registered_labels = {}


def register_event_labels(labels: dict) -> None:
    _registered_labels.update(labels)


class _LazyLabels(dict):
    def __missing__(self, key):
        if not self:
            self.update(_event_labels())
            if key in self:
                return self[key]
        return _registered_labels.get(key, key)


EVENT_LABELS = _LazyLabels()
