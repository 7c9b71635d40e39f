"""Creating many officials at once: the bulk twin of `sandbox.actions.create_official`.

Per row, `create_official` costs about ten queries plus the account hooks of other apps
(the signature app issues a certificate and a token: a key pair, a signature and a slow PIN
hash). Onboarding a province (10,000 officials) that way takes many minutes, so imports
create the same rows with bulk inserts inside their one transaction, and run the hooks
right after, in a follow-up job, in small transactions (the hooks are idempotent:
`issue_certificate_for` skips an official who already holds a certificate).

A test keeps this twin identical to `create_official` row for row.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from sandbox import actions as core
from sandbox import auth
from sandbox.models import Commune, Position, Profile, Province, Role
from sandbox.roles import group_for

BATCH = 500


@dataclass
class OfficialSpec:
    username: str
    full_name: str
    role: str
    commune: Commune | None = None
    position: str = Position.OTHER
    email: str = ""
    phone: str = ""


def _user(spec: OfficialSpec, user_model):
    admin = spec.role == Role.ADMINISTRATOR
    user = user_model(username=spec.username, email=spec.email, is_staff=admin)
    user.is_superuser = admin
    user.password = make_password(None)  # unusable until activation
    return user


def _profile(spec: OfficialSpec, user, province: Province) -> Profile:
    profile = Profile(
        user=user,
        full_name=spec.full_name,
        role=spec.role,
        position=spec.position,
        province=province,
        commune=spec.commune,
        phone=spec.phone,
    )
    # The same checks as create_official, minus one existence query per foreign key: the
    # units come from the database already.
    profile.full_clean(
        exclude=["user", "province", "commune"],
        validate_unique=False,
        validate_constraints=False,
    )
    return profile


@transaction.atomic
def create_officials(specs: list[OfficialSpec], *, province: Province, actor) -> list:
    """Create users, profiles and role groups for `specs` in bulk (hooks not run here)."""
    User = get_user_model()
    users = [_user(spec, User) for spec in specs]
    User.objects.bulk_create(users, batch_size=BATCH)
    Profile.objects.bulk_create(
        [_profile(s, u, province) for s, u in zip(specs, users, strict=True)],
        batch_size=BATCH,
    )
    groups = {role: group_for(role) for role in {s.role for s in specs}}
    Membership = User.groups.through
    Membership.objects.bulk_create(
        [
            Membership(user_id=u.pk, group_id=groups[s.role].pk)
            for s, u in zip(specs, users, strict=True)
        ],
        batch_size=BATCH,
    )
    auth.forget([u.pk for u in users])  # bulk_create sends no signals
    return users


def run_account_hooks(users, *, actor, batch: int = 100) -> int:
    """What create_official does last: other apps' hooks, one small transaction a batch."""
    done = 0
    for start in range(0, len(users), batch):
        with transaction.atomic():
            for user in users[start : start + batch]:
                for hook in core.official_created_hooks:
                    hook(user, actor=actor)
                done += 1
    return done
