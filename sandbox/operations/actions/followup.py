"""After an import: other apps prepare the new accounts, activation e-mails go out, and the
scheduler recovers imports that a dead worker left behind."""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sandbox.operations.actions.imports import Status, _fail
from sandbox.operations.actions.officials import run_account_hooks
from sandbox.operations.events import record
from sandbox.operations.models import ImportRecord, OfficialImport
from sandbox.operations.onboarding.access import activation_days, make_activation_token

log = logging.getLogger(__name__)

STALLED_AFTER = timedelta(hours=1)
FOLLOWUP_RETRY_AFTER = timedelta(minutes=10)


def recover_stalled_imports(now=None) -> dict:
    """Run by the scheduler: an import left running by a dead worker wrote nothing (its
    transaction died with it) and is marked failed; a failed follow-up is enqueued again."""
    from sandbox.operations.tasks import finish_import_task

    now = now or timezone.now()
    stalled = OfficialImport.objects.filter(
        status=Status.RUNNING, started_at__lt=now - STALLED_AFTER
    )
    failed = 0
    for imp in stalled:
        _fail(
            imp,
            _(
                "Tiến trình nhập bị dừng giữa chừng; không có thay đổi nào. Xin nhập lại."
            ),
        )
        failed += 1
    pending = OfficialImport.objects.filter(
        status=Status.DONE,
        accounts_ready_at__isnull=True,
        finished_at__lt=now - FOLLOWUP_RETRY_AFTER,
    ).values_list("pk", flat=True)
    for pk in pending:
        finish_import_task.enqueue(pk)
    return {"failed": failed, "followups": len(pending)}


# --- activation e-mails ---------------------------------------------------------------------


def activation_url(user) -> str:
    path = reverse("operations:activate", args=[make_activation_token(user)])
    return settings.SITE_URL.rstrip("/") + path


def _activation_message(user, province):
    with translation.override("vi"):
        context = {
            "user": user,
            "profile": user.profile,
            "province": province,
            "url": activation_url(user),
            "days": activation_days(),
        }
        subject = _("[Sa Bàn – môi trường đào tạo] Kích hoạt tài khoản của anh/chị")
        body = render_to_string("operations/email/activation.txt", context)
    sender = getattr(settings, "DEFAULT_FROM_EMAIL", "saban@localhost")
    return subject, body, sender, [user.email]


def finish_import(import_id: int) -> OfficialImport:
    """The follow-up of a committed import: other apps' account hooks, then the e-mails."""
    imp = OfficialImport.objects.select_related("province").get(pk=import_id)
    if imp.accounts_ready_at:
        return imp
    users = [
        r.user
        for r in imp.records.filter(outcome=ImportRecord.Outcome.CREATED)
        .select_related("user__profile__commune", "user__profile__province")
        .order_by("row")
    ]
    run_account_hooks(users, actor=imp.created_by)
    if imp.send_activation:
        send_activation_links(imp)
    OfficialImport.objects.filter(pk=imp.pk).update(accounts_ready_at=timezone.now())
    imp.refresh_from_db()
    return imp


def send_activation_links(imp: OfficialImport) -> int:
    """E-mail a one-time activation link to every new official of `imp` who has an e-mail."""
    users = [
        r.user
        for r in imp.records.filter(outcome=ImportRecord.Outcome.CREATED)
        .exclude(user__email="")
        .select_related("user__profile")
        if not r.user.has_usable_password() and r.user.is_active
    ]
    messages = [_activation_message(u, imp.province) for u in users]
    sent, error = 0, ""
    try:
        sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    except (smtplib.SMTPException, OSError) as exc:
        # The accounts exist either way: the coordinator prints first-login codes instead.
        log.warning("activation e-mails of import %s not sent: %s", imp.pk, exc)
        error = _(
            "Không gửi được thư kích hoạt (%(error)s). Xin in phiếu mã đăng nhập lần "
            "đầu theo xã, phường."
        ) % {"error": type(exc).__name__}
    OfficialImport.objects.filter(pk=imp.pk).update(
        activation_sent=sent, activation_error=error
    )
    with transaction.atomic():
        record("import.activation_sent", actor=None, official_import=imp.pk, sent=sent)
    return sent
