"""Cohorts: created, changed and deleted by the coordinators of their province."""

from django.db import transaction

from sandbox.operations import permissions
from sandbox.operations.events import record
from sandbox.operations.models import Cohort


def _may_edit(actor, province) -> bool:
    return permissions.may_import_into(actor, province)


@transaction.atomic
def save_cohort(cohort: Cohort, *, actor, add_members=(), remove_members=()) -> Cohort:
    """Create or change a cohort; hand-picked members must be officials of its province."""
    permissions.require(_may_edit(actor, cohort.province))
    created = cohort.pk is None
    if created:
        cohort.created_by = actor
    cohort.full_clean()
    cohort.save()
    if cohort.kind == Cohort.Kind.HAND_PICKED:
        addable = [
            u
            for u in add_members
            if getattr(u, "profile", None)
            and u.profile.province_id == cohort.province_id
        ]
        cohort.members_picked.add(*addable)
        cohort.members_picked.remove(*remove_members)
    elif cohort.members_picked.exists():
        cohort.members_picked.clear()  # a rule decides membership now
    record(
        "cohort.created" if created else "cohort.changed",
        actor=actor,
        cohort=cohort.pk,
        kind=cohort.kind,
        added=len(add_members),
        removed=len(remove_members),
    )
    return cohort


@transaction.atomic
def delete_cohort(cohort: Cohort, *, actor) -> None:
    """Delete a cohort (its members' accounts are untouched)."""
    permissions.require(_may_edit(actor, cohort.province))
    pk, name = cohort.pk, cohort.name
    cohort.delete()
    record("cohort.deleted", actor=actor, cohort=pk, name=name)
