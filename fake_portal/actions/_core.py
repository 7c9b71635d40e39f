"""The machinery every dossier action shares: lock, check, write, record, notify."""

import copy

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from fake_portal.broadcast import notify_sandbox
from fake_portal.errors import IllegalTransition, NotPermitted, StaleDossier
from fake_portal.models import Dossier, DossierEvent, Seat
from fake_portal.workflow import AGENCY, CITIZEN, SYSTEM, TRANSITIONS, allowed
from sandbox.queries import CompiledInsert, CompiledUpdate

# The two writes of every action, compiled once (sandbox/queries.py): its event, and its
# dossier's changed fields if nobody acted since the version read.
INSERT_EVENT = CompiledInsert(DossierEvent)
UPDATE_DOSSIER = CompiledUpdate(
    lambda pk, version: Dossier.objects.filter(pk=pk, version=version),
    pk=int,
    version=int,
)


def positions_of(user, sandbox) -> set[str]:
    """The positions `user` holds in `sandbox` (as read for this request, if it was)."""
    if user is None:
        return set()
    known = getattr(sandbox, "_positions", {}).get(user.pk)
    if known is not None:
        return set(known)
    return set(
        Seat.objects.for_sandbox(sandbox)
        .filter(user=user)
        .values_list("position", flat=True)
    )


def remember_positions(sandbox, user, positions) -> None:
    """Keep the positions just read with `sandbox` on it, for the rest of the request."""
    sandbox.__dict__.setdefault("_positions", {})[user.pk] = frozenset(positions)


def _check_actor(move, dossier, actor, as_role):
    if as_role in (CITIZEN, AGENCY, SYSTEM):
        if as_role not in move.actors:
            raise NotPermitted()
        return
    if not move.actors & positions_of(actor, dossier.sandbox):
        raise NotPermitted()


def lock(dossier: Dossier, version: int | None) -> Dossier:
    """The dossier's row, locked; StaleDossier if someone acted since `version` was read."""
    locked = (
        Dossier.objects.select_for_update().select_related("sandbox").get(pk=dossier.pk)
    )
    if version is not None and locked.version != int(version):
        raise StaleDossier()
    return locked


def current(dossier: Dossier, version: int | None) -> Dossier:
    """The dossier to act on: as the official saw it at `version`, or locked without one.

    When the caller's instance is at `version`, it is used as read (a copy) and
    `transition`'s conditional UPDATE re-checks the version, so a concurrent change still
    raises StaleDossier, at one query instead of a locking re-read plus a full-row save.
    """
    if version is not None and dossier.version == int(version):
        return copy.copy(dossier)
    return lock(dossier, version)


def check_move(
    dossier: Dossier,
    action: str,
    *,
    actor=None,
    as_role: str | None = None,
    version: int | None = None,
) -> None:
    """Raise what `transition` would raise for this move, writing nothing.

    Lets an action with side effects outside the dossier (signing with a PIN) refuse an
    illegal or stale move before those effects happen; `transition` re-checks under lock.
    """
    if version is not None and dossier.version != int(version):
        raise StaleDossier()
    move = TRANSITIONS[action]
    if not allowed(action, dossier.status, dossier.stage):
        raise IllegalTransition(
            _("Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(status)s”.")
            % {"action": move.label, "status": dossier.get_status_display()}
        )
    _check_actor(move, dossier, actor, as_role)


def in_vietnamese(text) -> str:
    """`text` as the event log keeps it: in Vietnamese, the record's language, whatever
    the language of the request that wrote it (a lazy translation is read in Vietnamese)."""
    if isinstance(text, str):
        return text
    with translation.override("vi"):
        return str(text)


def record(dossier, action, *, actor=None, actor_name="", from_status=None, data=None):
    """Append an event in the current transaction; notify listeners once it commits.
    A lazily translated `actor_name` (a simulated actor) is written in Vietnamese."""
    event = INSERT_EVENT.save(
        DossierEvent(
            sandbox=dossier.sandbox,
            dossier=dossier,
            actor=actor,
            actor_name=in_vietnamese(actor_name),
            action=action,
            from_status=from_status,
            to_status=dossier.status,
            data=data or {},
            sim_time=dossier.sandbox.now(),
        )
    )
    payload = {
        "event": action,
        "dossier": dossier.code,
        "status": dossier.status,
        "id": event.pk,
    }
    sandbox_id = dossier.sandbox_id
    transaction.on_commit(lambda: notify_sandbox(sandbox_id, payload))
    return event


def transition(
    dossier: Dossier,
    action: str,
    *,
    actor=None,
    actor_name: str = "",
    as_role: str | None = None,
    version: int | None = None,
    data: dict | None = None,
    target=None,
    guard=None,
    **changes,
) -> Dossier:
    """Apply `action` to `dossier` under lock, through the transition table; one event.

    `guard(locked)` runs once the move is known to be legal and may raise a WorkflowError.
    """
    move = TRANSITIONS[action]
    locked = current(dossier, version)
    # `current` has checked the version (or `_save` will, for the copy it returned).
    check_move(locked, action, actor=actor, as_role=as_role)
    if guard is not None:
        guard(locked)
    before = locked.status
    new_status = target if target is not None else move.target
    if new_status is not None:
        locked.status = new_status
    if move.stage_after is not None:
        locked.stage = move.stage_after
    for field, value in changes.items():
        setattr(locked, field, value)
    _save(locked, changes)
    record(
        locked,
        f"dossier.{_PAST[action]}",
        actor=actor,
        actor_name=actor_name,
        from_status=before,
        data=data,
    )
    return locked


def _save(locked: Dossier, changes: dict) -> None:
    """Write the changed fields if nobody acted since the version read; else StaleDossier."""
    fields = dict.fromkeys(("status", "stage", *changes))  # ordered: one compiled form
    updated = UPDATE_DOSSIER.update(
        {"version": locked.version + 1, **{f: getattr(locked, f) for f in fields}},
        pk=locked.pk,
        version=locked.version,
    )
    if not updated:
        raise StaleDossier()
    locked.version += 1


# Event names are `dossier.<past participle>` (STYLE.md: noun.past_verb).
_PAST = {
    "receive": "received",
    "refuse": "refused",
    "request_supplement": "supplement_requested",
    "supply": "supplemented",
    "assign": "assigned",
    "appraise": "appraised",
    "transfer": "transferred",
    "return_transfer": "transfer_returned",
    "send_back": "sent_back",
    "approve": "approved",
    "request_payment": "payment_requested",
    "record_payment": "payment_recorded",
    "return_result": "result_returned",
    "withdraw": "withdrawn",
    "stop": "stopped",
    "apologise": "apologised",
    "rate": "rated",
}
