"""The one write path of province operations. Every action writes an OperationEvent.

Callers use the module: `actions.queue_import(imp, actor=coordinator)`.
"""

from sandbox.operations.actions.accounts import (
    activate_account,
    complete_first_login,
    deactivate_official,
    erase_official,
    issue_first_login_codes,
    reactivate_official,
    reset_password,
    update_official,
    use_first_login_code,
)
from sandbox.operations.actions.cohorts import delete_cohort, save_cohort
from sandbox.operations.actions.followup import (
    finish_import,
    recover_stalled_imports,
    send_activation_links,
)
from sandbox.operations.actions.imports import (
    ImportStale,
    commit_import,
    discard_import,
    preview_import,
    queue_import,
    run_import,
)
from sandbox.operations.actions.officials import create_officials, run_account_hooks
from sandbox.operations.actions.sandboxes import archive_sandbox, purge_sandbox
from sandbox.operations.events import record

__all__ = [
    "ImportStale",
    "activate_account",
    "archive_sandbox",
    "commit_import",
    "create_officials",
    "complete_first_login",
    "deactivate_official",
    "delete_cohort",
    "discard_import",
    "erase_official",
    "finish_import",
    "issue_first_login_codes",
    "preview_import",
    "purge_sandbox",
    "queue_import",
    "reactivate_official",
    "reset_password",
    "recover_stalled_imports",
    "record",
    "run_account_hooks",
    "run_import",
    "save_cohort",
    "send_activation_links",
    "update_official",
    "use_first_login_code",
]
