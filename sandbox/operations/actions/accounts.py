"""Officials' accounts after onboarding: profile updates, first access, deactivation, erasure."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from sandbox import actions as core
from sandbox.models import Commune, Profile
from sandbox.operations import permissions
from sandbox.operations.events import record
from sandbox.operations.models import OfficialAccount, OfficialImport
from sandbox.operations.onboarding import access

ERASED_NAME = "[đã xóa]"


def _account(user) -> OfficialAccount:
    account, _created = OfficialAccount.objects.get_or_create(user=user)
    return account


@transaction.atomic
def update_official(
    profile: Profile,
    *,
    actor,
    full_name: str | None = None,
    commune: Commune | None = None,
    position: str | None = None,
    role: str | None = None,
    email: str | None = None,
    phone: str | None = None,
) -> Profile:
    """Change an official's profile fields (None leaves a field as it is)."""
    changed = []
    for name, value in (
        ("full_name", full_name),
        ("position", position),
        ("phone", phone),
    ):
        if value is not None and getattr(profile, name) != value:
            setattr(profile, name, value)
            changed.append(name)
    if commune is not None and profile.commune_id != commune.pk:
        profile.commune = commune
        changed.append("commune")
    if changed:
        profile.full_clean(exclude=["user"])
        profile.save(update_fields=changed)
    if role is not None and role != profile.role:
        core.change_role(profile, role, actor=actor)
        changed.append("role")
    user = profile.user
    if email is not None and user.email.lower() != email.lower():
        user.email = email
        user.save(update_fields=["email"])
        changed.append("email")
    if changed:
        record("official.updated", actor=actor, subject=user, fields=changed)
    return profile


# --- first access ---------------------------------------------------------------------------


@transaction.atomic
def activate_account(user, password: str) -> None:
    """Set the first password through an activation link (the link then stops working)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    account = _account(user)
    account.activated_at = account.activated_at or timezone.now()
    account.must_change_password = False
    account.code_hash = ""
    account.save(update_fields=["activated_at", "must_change_password", "code_hash"])
    record("account.activated", actor=user, subject=user, via="link")


@transaction.atomic
def issue_first_login_codes(users, *, actor) -> list[tuple]:
    """New first-login codes for `users` who never set a password: [(user, code)]."""
    now = timezone.now()
    expires = now + timedelta(days=access.code_days())
    issued = []
    for user in users:
        permissions.require(permissions.may_manage(actor, user))
        if user.has_usable_password() or not user.is_active:
            continue
        code = access.new_code()
        account = _account(user)
        account.code_hash = access.hash_code(code)
        account.code_issued_at, account.code_expires_at = now, expires
        account.code_failures = 0
        account.save(
            update_fields=[
                "code_hash",
                "code_issued_at",
                "code_expires_at",
                "code_failures",
            ]
        )
        issued.append((user, code))
    if issued:
        record(
            "account.codes_issued",
            actor=actor,
            users=[u.pk for u, _code in issued],
        )
    return issued


@transaction.atomic
def use_first_login_code(username: str, code: str):
    """The account `code` opens (it must then choose a password), or None."""
    User = get_user_model()
    user = User.objects.filter(username=username, is_active=True).first()
    account = (
        OfficialAccount.objects.select_for_update().filter(user=user).first()
        if user
        else None
    )
    if account is None or not account.code_hash or user.has_usable_password():
        return None
    if account.code_expires_at and account.code_expires_at < timezone.now():
        return None
    if not access.code_matches(account.code_hash, code):
        account.code_failures += 1
        fields = ["code_failures"]
        if account.code_failures >= access.MAX_CODE_FAILURES:
            account.code_hash = ""  # too many tries: the coordinator prints a new one
            fields.append("code_hash")
        account.save(update_fields=fields)
        record("account.code_failed", actor=None, subject=user)
        return None
    account.code_hash, account.must_change_password = "", True
    account.save(update_fields=["code_hash", "must_change_password"])
    record("account.code_used", actor=user, subject=user)
    return user


@transaction.atomic
def complete_first_login(user, password: str) -> None:
    """The password chosen after a first-login code; the account is then active as usual."""
    user.set_password(password)
    user.save(update_fields=["password"])
    account = _account(user)
    account.must_change_password = False
    account.activated_at = account.activated_at or timezone.now()
    account.save(update_fields=["must_change_password", "activated_at"])
    record("account.activated", actor=user, subject=user, via="code")


@transaction.atomic
def reset_password(user, *, actor) -> bool:
    """Void a forgotten password and lift a login lock-out: the official then enters once
    with a first-login code, as a newcomer does. False if there was nothing to void."""
    from axes.models import AccessAttempt

    permissions.require(permissions.may_manage(actor, user))
    account = _account(user)
    permissions.require(user.is_active and not account.erased_at)
    AccessAttempt.objects.filter(username=user.get_username()).delete()
    if not user.has_usable_password():
        return False  # already void (a second click): nothing more to record
    user.set_unusable_password()  # also ends the official's open sessions
    user.save(update_fields=["password"])
    account.must_change_password = False
    account.save(update_fields=["must_change_password"])
    record("account.password_reset", actor=actor, subject=user)
    return True


# --- deactivation and erasure ---------------------------------------------------------------


@transaction.atomic
def deactivate_official(user, *, actor):
    """Lock an account: the official can no longer log in; their records stay."""
    permissions.require(permissions.may_manage(actor, user))
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    account = _account(user)
    account.deactivated_at = timezone.now()
    account.save(update_fields=["deactivated_at"])
    record("account.deactivated", actor=actor, subject=user)
    return user


@transaction.atomic
def reactivate_official(user, *, actor):
    """Unlock a deactivated (never an erased) account."""
    permissions.require(permissions.may_manage(actor, user))
    account = _account(user)
    if user.is_active or account.erased_at:
        return user
    user.is_active = True
    user.save(update_fields=["is_active"])
    account.deactivated_at = None
    account.save(update_fields=["deactivated_at"])
    record("account.reactivated", actor=actor, subject=user)
    return user


def _scrub_import_rows(user, email: str, phone: str) -> None:
    """Remove the official's cells from every stored file that held them."""
    match = Q(records__user=user)
    for needle in (email, phone):
        if needle:
            match |= Q(text__icontains=needle)
    ids = set(
        OfficialImport.objects.annotate(text=Cast("rows", TextField()))
        .filter(match)
        .values_list("pk", flat=True)
    )
    for imp in OfficialImport.objects.select_for_update().filter(pk__in=ids):
        for row in imp.rows:
            value = row.get("value", {})
            if row.get("user") == user.pk or (
                (email and value.get("email") == email)
                or (phone and value.get("phone") == phone)
            ):
                row["cells"] = {key: ERASED_NAME for key in row.get("cells", {})}
                row["value"] = {
                    k: (ERASED_NAME if k in {"full_name", "email", "phone"} else v)
                    for k, v in value.items()
                }
                row["username"] = ""
        imp.save(update_fields=["rows"])


def _forget_logins(username: str) -> None:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username=username).delete()


@transaction.atomic
def erase_official(user, *, actor):
    """Anonymise an official: identity gone, records that scores and certificates need kept."""
    from sandbox.operations.personal_data import run_erasers

    permissions.require(permissions.is_administrator(actor))
    permissions.require(actor.pk != user.pk)
    account = _account(user)
    if account.erased_at:
        return user
    profile = getattr(user, "profile", None)
    email, phone = user.email.lower(), profile.phone if profile else ""
    # Other apps first, while the identity they may need to find their rows still exists.
    run_erasers(user, actor=actor)
    _scrub_import_rows(user, email, phone)
    _forget_logins(user.get_username())
    user.username = f"da-xoa-{user.pk}"
    user.email = user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()  # also ends every open session
    user.save()
    if profile:
        profile.full_name, profile.phone = ERASED_NAME, ""
        profile.save(update_fields=["full_name", "phone"])
    user.picked_cohorts.clear()
    now = timezone.now()
    account.erased_at, account.deactivated_at = now, account.deactivated_at or now
    account.code_hash, account.must_change_password = "", False
    account.save()
    record("account.erased", actor=actor, subject=user)
    return user
