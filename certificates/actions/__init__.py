"""The one write path of certificates: issue, revoke, re-issue, bulk issue.

A package: _common (error, permission, event), keys (the platform key), issue, revocation,
bulk. certificates is called by courses and scenarios and imports neither: they describe what a
learner achieved as plain facts (see `rules.achievement_from_facts`) and call
`maybe_issue_for`, which applies the trainers' issuing rules, or `issue_certificate`.
Every change writes a CertificateEvent in the same transaction.
"""

from certificates.actions._common import CertificateError
from certificates.actions.bulk import BULK_CHUNK, process_bulk_chunk, start_bulk_issue
from certificates.actions.issue import (
    as_achievement,
    issue_certificate,
    matching_rules,
    maybe_issue_for,
    prepare,
    recipient_name_of,
    record_issue,
)
from certificates.actions.keys import current_signer, platform_key, signing_key_for
from certificates.actions.revocation import (
    REISSUE_REASON,
    reissue_certificate,
    revoke_certificate,
)

__all__ = [
    "BULK_CHUNK",
    "REISSUE_REASON",
    "CertificateError",
    "as_achievement",
    "current_signer",
    "issue_certificate",
    "matching_rules",
    "maybe_issue_for",
    "platform_key",
    "prepare",
    "process_bulk_chunk",
    "recipient_name_of",
    "record_issue",
    "reissue_certificate",
    "revoke_certificate",
    "signing_key_for",
    "start_bulk_issue",
]
