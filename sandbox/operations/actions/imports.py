"""Bulk onboarding: check a file (preview), then write it in one transaction (commit)."""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sandbox.models import Commune, Province
from sandbox.operations import permissions, progress
from sandbox.operations.actions.accounts import update_official
from sandbox.operations.actions.officials import OfficialSpec, create_officials
from sandbox.operations.events import record
from sandbox.operations.models import ImportRecord, OfficialAccount, OfficialImport
from sandbox.operations.onboarding.problems import FileProblem
from sandbox.operations.onboarding.reading import read_table
from sandbox.operations.onboarding.validation import (
    CREATED,
    REJECTED,
    UNCHANGED,
    UPDATED,
    validate_rows,
)

log = logging.getLogger(__name__)
Status = OfficialImport.Status


class ImportStale(Exception):
    """Rows that passed the preview are rejected now: the data changed in between."""

    def __init__(self, message, results=None):
        super().__init__(message)
        self.results = results


def max_rows() -> int:
    return int(getattr(settings, "OPERATIONS_IMPORT_MAX_ROWS", 20_000))


def max_bytes() -> int:
    return int(getattr(settings, "OPERATIONS_IMPORT_MAX_BYTES", 10 * 1024 * 1024))


def _counts(results) -> dict:
    counts = {CREATED: 0, UPDATED: 0, UNCHANGED: 0, REJECTED: 0}
    for row in results:
        counts[row.outcome] += 1
    return counts


def _apply_counts(imp: OfficialImport, results) -> None:
    counts = _counts(results)
    imp.total = len(results)
    imp.created_count, imp.updated_count = counts[CREATED], counts[UPDATED]
    imp.unchanged_count, imp.rejected_count = counts[UNCHANGED], counts[REJECTED]
    imp.rows = [row.as_json() for row in results]


def _transition(imp: OfficialImport, target: str) -> None:
    if target not in OfficialImport.TRANSITIONS.get(imp.status, set()):
        raise ValueError(f"import {imp.pk}: {imp.status} → {target} is not allowed")
    imp.status = target


def check_file(data: bytes, file_name: str, province: Province, *, actor):
    """Read and check a file without writing anything: (table, row results)."""
    if len(data) > max_bytes():
        raise FileProblem(
            _("Tệp “%(name)s” lớn hơn %(mb)s MB; xin chia thành nhiều tệp.")
            % {"name": file_name, "mb": max_bytes() // (1024 * 1024)}
        )
    table = read_table(data, file_name, max_rows=max_rows())
    results = validate_rows(table.rows, province, permissions.grantable_roles(actor))
    if not results:
        raise FileProblem(
            _("Tệp “%(name)s” chỉ có dòng ví dụ của tệp mẫu, chưa có cán bộ nào.")
            % {"name": file_name}
        )
    return table, results


@transaction.atomic
def preview_import(
    *,
    province: Province,
    data: bytes,
    file_name: str,
    actor,
    source: str = OfficialImport.Source.WEB,
) -> OfficialImport:
    """Check an uploaded file and keep every row's outcome; nothing else is written."""
    permissions.require(permissions.may_import_into(actor, province))
    table, results = check_file(data, file_name, province, actor=actor)
    imp = OfficialImport(
        province=province,
        created_by=actor,
        source=source,
        file_name=file_name[:255],
        file_format=table.file_format,
        encoding=table.encoding,
        layout=table.layout,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )
    _apply_counts(imp, results)
    imp.save()
    record(
        "import.previewed",
        actor=actor,
        official_import=imp.pk,
        rows=imp.total,
        rejected=imp.rejected_count,
    )
    return imp


@transaction.atomic
def discard_import(imp: OfficialImport, *, actor) -> OfficialImport:
    """Drop a preview the coordinator does not want to commit."""
    locked = OfficialImport.objects.select_for_update().get(pk=imp.pk)
    if locked.status == Status.DISCARDED:
        return locked
    permissions.require(permissions.may_import_into(actor, locked.province))
    _transition(locked, Status.DISCARDED)
    locked.save(update_fields=["status"])
    record("import.discarded", actor=actor, official_import=locked.pk)
    return locked


@transaction.atomic
def queue_import(
    imp: OfficialImport, *, actor, send_activation: bool = True, enqueue: bool = True
) -> OfficialImport:
    """Ask the worker to commit a previewed file; a second click changes nothing.

    With enqueue=False the caller runs `run_import` itself (the command line).
    """
    from sandbox.operations.tasks import run_import_task

    locked = OfficialImport.objects.select_for_update().get(pk=imp.pk)
    if locked.status != Status.PREVIEWED:
        return locked
    permissions.require(permissions.may_import_into(actor, locked.province))
    if not locked.can_commit:
        raise ImportStale(
            _("Tệp còn %(n)s dòng bị từ chối: sửa tệp rồi tải lên lại.")
            % {"n": locked.rejected_count}
        )
    _transition(locked, Status.QUEUED)
    locked.send_activation = send_activation
    locked.save(update_fields=["status", "send_activation"])
    record("import.queued", actor=actor, official_import=locked.pk)
    if enqueue:
        # In the same transaction: the queued status and its job commit together.
        run_import_task.enqueue(locked.pk)
    return locked


def run_import(import_id: int) -> OfficialImport:
    """The worker's side: commit the file, or record why nothing was written."""
    imp = _start(import_id)
    if imp is None:
        return OfficialImport.objects.get(pk=import_id)
    try:
        imp = commit_import(imp, actor=imp.created_by, on_progress=_publisher(imp))
    except ImportStale as exc:
        _fail(imp, str(exc), exc.results)
    except Exception:
        log.exception("import %s failed", import_id)
        _fail(imp, _("Lỗi hệ thống khi nhập; không có thay đổi nào. Xin thử lại sau."))
    finally:
        progress.clear(import_id)
    imp.refresh_from_db()
    return imp


@transaction.atomic
def _start(import_id: int) -> OfficialImport | None:
    locked = OfficialImport.objects.select_for_update().get(pk=import_id)
    if locked.status != Status.QUEUED:
        return None  # run twice (a retried job): the first run did the work
    _transition(locked, Status.RUNNING)
    locked.started_at, locked.progress = timezone.now(), 0
    locked.save(update_fields=["status", "started_at", "progress"])
    return locked


@transaction.atomic
def _fail(imp: OfficialImport, message: str, results=None) -> None:
    locked = OfficialImport.objects.select_for_update().get(pk=imp.pk)
    _transition(locked, Status.FAILED)
    locked.error, locked.finished_at = message, timezone.now()
    if results is not None:
        _apply_counts(locked, results)  # show the coordinator what is wrong now
    locked.save()
    record("import.failed", actor=locked.created_by, official_import=locked.pk)


def _publisher(imp: OfficialImport):
    def publish(done: int) -> None:
        progress.publish(imp.pk, done, imp.total)

    return publish


@transaction.atomic
def commit_import(
    imp: OfficialImport, *, actor, on_progress=None, followup: bool = True
) -> OfficialImport:
    """Write every row of a checked file in one transaction: all of it, or nothing.

    New accounts are created in bulk; the account hooks of other apps (certificates…) and
    the activation e-mails follow in a job enqueued in this same transaction.
    """
    rows = [(r["row"], r["cells"]) for r in imp.rows]
    results = validate_rows(
        rows, imp.province, permissions.grantable_roles(imp.created_by)
    )
    rejected = sum(r.outcome == REJECTED for r in results)
    if rejected:
        raise ImportStale(
            _(
                "Dữ liệu đã thay đổi từ lúc kiểm tra: nay có %(n)s dòng bị từ chối. "
                "Không có thay đổi nào; xin xem lại các dòng và tải tệp lên lại."
            )
            % {"n": rejected},
            results,
        )
    report = on_progress or (lambda done: None)
    communes = Commune.objects.in_province(imp.province).in_bulk()
    created = [r for r in results if r.outcome == CREATED]
    _create(created, imp, communes, actor, report)
    _update([r for r in results if r.outcome == UPDATED], communes, actor)
    report(len(results))
    ImportRecord.objects.bulk_create(
        [
            ImportRecord(
                official_import=imp, user_id=r.user_id, row=r.row, outcome=r.outcome
            )
            for r in results
        ],
        batch_size=1000,
    )
    imp = _finish(imp, results, actor)
    if followup and (created or imp.send_activation):
        from sandbox.operations.tasks import finish_import_task

        # In the same transaction: the worker sees the job only once the rows exist.
        finish_import_task.enqueue(imp.pk)
    return imp


def _spec(row, communes) -> OfficialSpec:
    value = row.value
    return OfficialSpec(
        username=row.username,
        full_name=value["full_name"],
        role=value["role"],
        commune=communes.get(value["commune"]) if value["commune"] else None,
        position=value["position"],
        email=value["email"],
        phone=value["phone"],
    )


def _create(rows, imp, communes, actor, report) -> None:
    step = 1000
    for start in range(0, len(rows), step):
        chunk = rows[start : start + step]
        users = create_officials(
            [_spec(r, communes) for r in chunk], province=imp.province, actor=actor
        )
        for row, user in zip(chunk, users, strict=True):
            row.user_id = user.pk
        OfficialAccount.objects.bulk_create(
            [OfficialAccount(user=u, source_import=imp) for u in users]
        )
        report(start + len(chunk))


def _update(rows, communes, actor) -> None:
    users = (
        get_user_model()
        .objects.select_related("profile")
        .in_bulk([r.user_id for r in rows])
    )
    for row in rows:
        value = row.value
        update_official(
            users[row.user_id].profile,
            actor=actor,
            full_name=value["full_name"],
            commune=communes.get(value["commune"]) if value["commune"] else None,
            position=value["position"],
            role=value["role"],
            email=value["email"] or None,
            phone=value["phone"] or None,
        )


def _finish(imp, results, actor) -> OfficialImport:
    _apply_counts(imp, results)
    imp.status, imp.progress = Status.DONE, imp.total
    imp.finished_at = timezone.now()
    imp.save(
        update_fields=[
            "rows",
            "total",
            "created_count",
            "updated_count",
            "unchanged_count",
            "rejected_count",
            "status",
            "progress",
            "finished_at",
        ]
    )
    record(
        "import.committed",
        actor=actor,
        official_import=imp.pk,
        created=imp.created_count,
        updated=imp.updated_count,
        unchanged=imp.unchanged_count,
    )
    return imp
