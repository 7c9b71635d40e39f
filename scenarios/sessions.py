"""Trainer-led sessions: who may run one, the trainees it gathers, and its write path.

A session is a class on one scenario version: one attempt (own sandbox) per trainee,
started by the trainer, whose clocks the trainer moves, pauses and stops together. The
attempts change only through the attempt actions, so each sandbox logs every change.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fake_portal import simulation
from sandbox.collation import vietnamese
from sandbox.models import Role
from scenarios import actions
from scenarios.actions import AttemptError
from scenarios.models import Attempt, ScenarioVersion, Session

AUTHOR = "sandbox.author_scenarios"
# The roles that hold AUTHOR (as in courses' enrolment and certificates): trainers,
# coordinators and administrators, each for the province of their profile.
STAFF_ROLES = {Role.TRAINER, Role.COORDINATOR, Role.ADMINISTRATOR}
# A class, not a drill: every trainee's sandbox is opened in the request that starts it.
MAX_TRAINEES = 60


def session_province(user):
    """The province whose trainees `user` may gather in a session; None if they may not."""
    profile = getattr(user, "profile", None) if user and user.is_authenticated else None
    if profile is None or profile.role not in STAFF_ROLES or not user.has_perm(AUTHOR):
        return None
    return profile.province


def may_run_sessions(user) -> bool:
    return session_province(user) is not None


def trainees_in(province, *, communes=(), cohorts=()):
    """The active trainees of `province` in any of `communes` or `cohorts`, by name."""
    wanted = Q(profile__commune__in=list(communes))
    for cohort in cohorts:
        wanted |= Q(pk__in=cohort.members().values("pk"))
    return (
        get_user_model()
        .objects.filter(
            wanted,
            is_active=True,
            profile__role=Role.TRAINEE,
            profile__province=province,
        )
        .select_related("profile__commune")
        .order_by(vietnamese("profile__full_name"), "pk")
    )


def _name(user) -> str:
    profile = getattr(user, "profile", None)
    return profile.full_name if profile else user.get_username()


def _check_trainees(trainees: list, province) -> None:
    if not trainees:
        raise AttemptError(_("Buổi học cần ít nhất một học viên."))
    if len(trainees) > MAX_TRAINEES:
        raise AttemptError(
            _("Một buổi học có tối đa %(max)s học viên; đã chọn %(count)s.")
            % {"max": MAX_TRAINEES, "count": len(trainees)}
        )
    outside = [
        _name(t)
        for t in trainees
        if getattr(t, "profile", None) is None
        or t.profile.role != Role.TRAINEE
        or t.profile.province_id != province.pk
    ]
    if outside:
        raise AttemptError(
            _("Không phải học viên thuộc tỉnh của anh/chị: %(names)s.")
            % {"names": ", ".join(outside)}
        )


def _create(version, *, actor, province, title, token) -> tuple[Session, bool]:
    """The new session, or the one the same form (same `token`) already made."""
    fields = {"version": version, "trainer": actor, "province": province}
    if not token:
        return Session.objects.create(title=title, **fields), True
    try:
        with transaction.atomic():
            return Session.objects.create(title=title, token=token, **fields), True
    except IntegrityError:
        # A double submit that raced this one: the unique token waited for it to commit.
        return Session.objects.get(trainer=actor, token=token), False


@transaction.atomic
def start_session(
    version: ScenarioVersion,
    *,
    trainees,
    actor,
    title: str,
    token: str = "",
    world=None,
) -> Session:
    """Open a session on `version` with one attempt per trainee, started by `actor`.

    All or nothing: a refusal or a trainee whose sandbox cannot open leaves no row. A
    repeated `token` (a double click, a resent page) returns the session it made.
    """
    province = session_province(actor)
    if province is None:
        raise AttemptError(_("Chỉ giảng viên và điều phối viên được mở buổi học."))
    earlier = token and Session.objects.filter(trainer=actor, token=token).first()
    if earlier:
        return earlier
    if not actions.allows(version, Attempt.Mode.SESSION):
        raise AttemptError(
            _("Kịch bản này không dùng cho hình thức “%(mode)s”.")
            % {"mode": Attempt.Mode.SESSION.label}
        )
    trainees = list(trainees)
    _check_trainees(trainees, province)
    session, created = _create(
        version, actor=actor, province=province, title=title.strip(), token=token
    )
    if not created:
        return session
    for trainee in trainees:
        try:
            actions.start_attempt(
                version,
                user=trainee,
                mode=Attempt.Mode.SESSION,
                actor=actor,
                world=world,
                session=session,
            )
        except AttemptError as error:
            raise AttemptError(
                _("Không mở được sa bàn cho %(name)s: %(error)s")
                % {"name": _name(trainee), "error": error}
            ) from error
    return session


def _locked(session: Session, actor) -> Session:
    locked = Session.objects.select_for_update().get(pk=session.pk)
    if actor is None or locked.trainer_id != actor.pk:
        raise AttemptError(_("Chỉ giảng viên của buổi học được điều khiển buổi học."))
    return locked


def _running(session: Session) -> list[Attempt]:
    return list(
        session.attempts.running().select_related("sandbox", "version").order_by("pk")
    )


def _require_running(session: Session) -> None:
    if not session.is_running:
        raise AttemptError(_("Buổi học đã kết thúc."))


@transaction.atomic
def advance_session_clock(
    session: Session, delta: timedelta | None, *, actor
) -> list[Attempt]:
    """Skip every running attempt's clock forward by `delta` (None: to each sandbox's
    next working morning), doing the work that fell due; returns the attempts moved."""
    locked = _locked(session, actor)
    _require_running(locked)
    attempts = _running(locked)
    for attempt in attempts:
        step = delta or actions.until_next_morning(attempt.sandbox.now())
        actions.advance_attempt_clock(attempt, step, actor=actor)
        # The dossiers due by the new time arrive now, so the board shows them at once.
        simulation.tick(attempt.sandbox)
    return attempts


@transaction.atomic
def set_session_paused(session: Session, paused: bool, *, actor) -> list[Attempt]:
    """Pause (or resume) the clock of every running attempt; returns those changed."""
    locked = _locked(session, actor)
    _require_running(locked)
    changed = [a for a in _running(locked) if a.sandbox.paused != paused]
    for attempt in changed:
        actions.toggle_attempt_clock(attempt, actor=actor)
    return changed


@transaction.atomic
def end_session(session: Session, *, actor) -> Session:
    """Submit every attempt still running (each is scored), then end the session.

    Ending an ended session changes nothing.
    """
    locked = _locked(session, actor)
    if not locked.is_running:
        return locked
    for attempt in _running(locked):
        # As on the trainee's own submit: the work due on the sandbox clock is done
        # first, and an attempt whose time has run out ends as timed out.
        simulation.tick(attempt.sandbox)
        attempt.sandbox.refresh_from_db()
        timed_out = attempt.sandbox.now() >= attempt.ends_at
        actions.finish_attempt(attempt, actor=actor, timed_out=timed_out)
    locked.status, locked.ended_at, locked.ended_by = (
        Session.Status.ENDED,
        timezone.now(),
        actor,
    )
    locked.save(update_fields=["status", "ended_at", "ended_by"])
    return locked
