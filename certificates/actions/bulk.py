"""Bulk issuing: a cohort or a drill's participants, in chunks run by background tasks."""

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates import permissions
from certificates.actions._common import CertificateError, event, require
from certificates.actions.issue import as_achievement, issue_certificate
from certificates.models import BulkIssue, Certificate, IssuingRule
from certificates.rules import FactsError, refusal

logger = logging.getLogger(__name__)

BULK_CHUNK = 25


def _reference(rule: IssuingRule, facts: dict) -> str:
    return rule.reference or str(facts.get("reference") or "").strip()


@transaction.atomic
def start_bulk_issue(
    *, rule: IssuingRule, user_ids, achievement: dict, scores=None, actor
) -> BulkIssue:
    """Queue issuing under `rule` for every user in `user_ids` (a cohort or a drill).

    Background tasks do the work in chunks; the BulkIssue row holds the progress.
    """
    require(permissions.is_staff(actor))
    facts = {k: v for k, v in dict(achievement).items() if k != "kind"}
    try:
        as_achievement(facts, rule.kind, _reference(rule, facts))
    except FactsError as error:
        message = _("Thông tin thành tích chưa đủ: %(e)s") % {"e": error}
        raise CertificateError(message) from error
    ids = list(dict.fromkeys(int(pk) for pk in user_ids))
    bulk = BulkIssue.objects.create(
        rule=rule,
        achievement=facts,
        scores={str(k): v for k, v in (scores or {}).items()},
        user_ids=ids,
        total=len(ids),
        created_by=actor,
    )
    event("bulk_issue.started", actor=actor, bulk_issue=bulk, total=len(ids))
    if not ids:
        _finish(bulk)
    else:
        transaction.on_commit(lambda: _enqueue_chunks(bulk.pk, ids), robust=True)
    return bulk


def _enqueue_chunks(bulk_id: int, ids: list[int]):
    from certificates.tasks import issue_bulk_chunk

    for start in range(0, len(ids), BULK_CHUNK):
        issue_bulk_chunk.enqueue(bulk_id, ids[start : start + BULK_CHUNK])


def _set_running(bulk_id: int) -> BulkIssue:
    with transaction.atomic():
        bulk = BulkIssue.objects.select_for_update().get(pk=bulk_id)
        if bulk.status == BulkIssue.Status.QUEUED:
            bulk.status, bulk.started_at = BulkIssue.Status.RUNNING, timezone.now()
            bulk.save(update_fields=["status", "started_at"])
    return bulk


def _count(bulk_id: int, field: str):
    BulkIssue.objects.filter(pk=bulk_id).update(**{field: F(field) + 1})


def _fail(bulk_id: int, user_id: int, message: str):
    with transaction.atomic():
        bulk = BulkIssue.objects.select_for_update().get(pk=bulk_id)
        bulk.failed += 1
        if len(bulk.errors) < BulkIssue.MAX_ERRORS_KEPT:
            bulk.errors.append({"user": user_id, "message": message})
        bulk.save(update_fields=["failed", "errors"])


def _issue_one(bulk: BulkIssue, user, *, actor) -> str:
    """ "issued" or "skipped" for one member of a bulk job."""
    if not permissions.may_manage_user(actor, user):
        raise CertificateError(_("Cán bộ không thuộc phạm vi quản lý của người tạo."))
    facts = dict(bulk.achievement)
    facts["score"] = bulk.scores.get(str(user.pk), facts.get("score"))
    achievement = as_achievement(facts, bulk.rule.kind, _reference(bulk.rule, facts))
    if refusal(bulk.rule.spec, achievement) is not None:
        return "skipped"
    held = Certificate.objects.held(
        user, achievement.kind, achievement.reference, bulk.rule.template
    )
    if held.exists():
        return "skipped"
    issue_certificate(
        template=bulk.rule.template,
        recipient=user,
        achievement=achievement,
        actor=actor,
        rule=bulk.rule,
        bulk_issue=bulk,
    )
    return "issued"


def process_bulk_chunk(bulk_id: int, user_ids: list[int]) -> dict:
    """Issue one chunk of a bulk job, counting each outcome as it happens."""
    bulk = _set_running(bulk_id)
    users = get_user_model().objects.select_related("profile").in_bulk(user_ids)
    outcome = {"issued": 0, "skipped": 0, "failed": 0}
    for user_id in user_ids:
        user = users.get(user_id)
        try:
            if user is None:
                raise CertificateError(_("Không tìm thấy tài khoản."))
            result = _issue_one(bulk, user, actor=bulk.created_by)
        except (CertificateError, FactsError, PermissionDenied) as error:
            _fail(bulk_id, user_id, str(error))
            outcome["failed"] += 1
            continue
        except Exception:  # one broken certificate must not stop the whole cohort
            logger.exception("bulk issue %s: user %s failed", bulk_id, user_id)
            _fail(bulk_id, user_id, _("Lỗi hệ thống khi cấp chứng chỉ."))
            outcome["failed"] += 1
            continue
        _count(bulk_id, result)
        outcome[result] += 1
    _finish_if_done(bulk_id)
    return outcome


def _finish(bulk: BulkIssue):
    bulk.status, bulk.finished_at = BulkIssue.Status.FINISHED, timezone.now()
    bulk.save(update_fields=["status", "finished_at"])
    event(
        "bulk_issue.finished",
        actor=bulk.created_by,
        bulk_issue=bulk,
        issued=bulk.issued,
        skipped=bulk.skipped,
        failed=bulk.failed,
    )


@transaction.atomic
def _finish_if_done(bulk_id: int):
    bulk = BulkIssue.objects.select_for_update().get(pk=bulk_id)
    if bulk.status != BulkIssue.Status.FINISHED and bulk.processed >= bulk.total:
        _finish(bulk)
