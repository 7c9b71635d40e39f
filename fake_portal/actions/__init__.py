"""The one write path of the mock portal. Views, commands and simulated actors call these."""

from fake_portal.actions._core import in_vietnamese
from fake_portal.actions.closing import (
    apologise,
    rate_service,
    record_payment,
    request_payment,
    return_result,
    stop_processing,
    withdraw_dossier,
)
from fake_portal.actions.documents import attach_document
from fake_portal.actions.processing import (
    appraise_dossier,
    approve_dossier,
    assign_dossier,
    check_approval,
    has_signed_result,
    return_transfer,
    send_back,
    transfer_dossier,
)
from fake_portal.actions.reception import (
    file_dossier,
    receive_dossier,
    refuse_dossier,
    request_supplement,
    supply_supplement,
)
from fake_portal.actions.sandboxes import open_practice_sandbox, take_seats

__all__ = [
    "apologise",
    "appraise_dossier",
    "approve_dossier",
    "assign_dossier",
    "attach_document",
    "check_approval",
    "file_dossier",
    "has_signed_result",
    "in_vietnamese",
    "open_practice_sandbox",
    "rate_service",
    "receive_dossier",
    "record_payment",
    "refuse_dossier",
    "request_payment",
    "request_supplement",
    "return_result",
    "return_transfer",
    "send_back",
    "stop_processing",
    "supply_supplement",
    "take_seats",
    "transfer_dossier",
    "withdraw_dossier",
]
