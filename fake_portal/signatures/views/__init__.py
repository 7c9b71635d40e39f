from fake_portal.signatures.views.admin import admin_page, issue, revoke, unlock
from fake_portal.signatures.views.check import (
    certificate_revocation_list,
    root_certificate,
    verify_page,
)
from fake_portal.signatures.views.remote import (
    approve,
    confirm_page,
    reject,
    request_download,
    request_status,
)
from fake_portal.signatures.views.token import change_pin, plug, practice, token_page

__all__ = [
    "admin_page",
    "approve",
    "certificate_revocation_list",
    "change_pin",
    "confirm_page",
    "issue",
    "plug",
    "practice",
    "reject",
    "request_download",
    "request_status",
    "revoke",
    "root_certificate",
    "token_page",
    "unlock",
    "verify_page",
]
