"""The core's own entries in the registries (personal data, backup checks)."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from sandbox.models import Profile, SandboxEvent
from sandbox.operations import integrity, personal_data
from sandbox.operations.models import (
    ImportRecord,
    OfficialAccount,
    OperationEvent,
    StaffView,
)


def _account(user):
    return {
        "username": user.get_username(),
        "email": user.email,
        "is_active": user.is_active,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "groups": list(user.groups.values_list("name", flat=True)),
    }


def _profile(user):
    profile = Profile.objects.filter(user=user).select_related("province", "commune")
    profile = profile.first()
    if profile is None:
        return None
    return {
        "full_name": profile.full_name,
        "role": profile.role,
        "position": profile.position,
        "province": {"code": profile.province_id, "name": profile.province.name},
        "commune": (
            {"code": profile.commune_id, "name": profile.commune.name}
            if profile.commune_id
            else None
        ),
        "phone": profile.phone,
    }


def _onboarding(user):
    account = OfficialAccount.objects.filter(user=user).first()
    if account is None:
        return None
    return {
        "activated_at": account.activated_at,
        "first_login_code_issued_at": account.code_issued_at,
        "first_login_code_expires_at": account.code_expires_at,
        "deactivated_at": account.deactivated_at,
    }


def _login_history(user):
    from axes.models import AccessFailureLog, AccessLog

    logins = AccessLog.objects.filter(username=user.get_username()).order_by(
        "attempt_time"
    )
    failures = AccessFailureLog.objects.filter(username=user.get_username())
    return {
        "logins": [
            {
                "at": log.attempt_time,
                "logout_at": log.logout_time,
                "ip_address": log.ip_address,
                "user_agent": log.user_agent,
            }
            for log in logins
        ],
        "failed_logins": [
            {"at": f.attempt_time, "ip_address": f.ip_address}
            for f in failures.order_by("attempt_time")
        ],
    }


def _imports(user):
    # The row as it was imported is the official's own data; the file's other rows and
    # the coordinator's identity are not, so neither is exported.
    records = ImportRecord.objects.filter(user=user).select_related("official_import")
    exported = []
    for record in records.order_by("official_import__created_at"):
        imp = record.official_import
        row = next((r for r in imp.rows if r.get("row") == record.row), {})
        exported.append(
            {
                "imported_at": imp.finished_at or imp.created_at,
                "file_name": imp.file_name,
                "row": record.row,
                "outcome": record.outcome,
                "as_imported": row.get("cells", {}),
            }
        )
    return exported


def _cohorts(user):
    from sandbox.operations.models import Cohort

    profile = getattr(user, "profile", None)
    if profile is None:
        return []
    cohorts = Cohort.objects.in_province(profile.province_id).containing(user)
    return [{"name": c.name, "kind": c.kind} for c in cohorts]


def _views_of_me(user):
    # When and what staff looked at; who looked is the staff member's own data. `what` in
    # the reader's language, `what_code` as stored.
    return [
        {"viewed_at": v.viewed_at, "what": v.get_what_display(), "what_code": v.what}
        for v in StaffView.objects.of_subject(user).order_by("viewed_at")
    ]


def _account_events(user):
    return [
        {"at": e.created_at, "action": e.action}
        for e in OperationEvent.objects.about(user).order_by("created_at")
    ]


def _sandbox_events(user):
    return [
        {
            "sandbox": e.sandbox_id,
            "action": e.action,
            "sim_time": e.sim_time,
            "at": e.created_at,
        }
        for e in SandboxEvent.objects.filter(actor=user).order_by("created_at")
    ]


def _officials(using):
    return Profile.objects.using(using).count()


def _users(using):
    return get_user_model().objects.using(using).count()


def _sandbox_event_count(using):
    return SandboxEvent.objects.using(using).count()


def register_all():
    for name, fn, label in (
        ("account", _account, _("Tài khoản")),
        ("profile", _profile, _("Hồ sơ cán bộ")),
        ("onboarding", _onboarding, _("Kích hoạt tài khoản")),
        ("login_history", _login_history, _("Lịch sử đăng nhập")),
        ("imports", _imports, _("Các lần nhập danh sách")),
        ("cohorts", _cohorts, _("Nhóm học viên")),
        ("sandbox_events", _sandbox_events, _("Hoạt động trên sa bàn")),
        ("account_events", _account_events, _("Thay đổi tài khoản")),
        ("staff_views_of_me", _views_of_me, _("Lượt xem dữ liệu của tôi")),
    ):
        personal_data.register(name, fn, label=label)
    integrity.register_count("officials", _officials)
    integrity.register_count("users", _users)
    integrity.register_count("sandbox_events", _sandbox_event_count)
