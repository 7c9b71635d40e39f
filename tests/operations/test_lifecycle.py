"""Sandbox lifecycle: idle practice sandboxes purged, never one whose events are read."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from sandbox import actions as core
from sandbox.models import Sandbox, SandboxEvent
from sandbox.operations import lifecycle
from sandbox.operations.models import OperationEvent

pytestmark = pytest.mark.django_db


def _open(world, commune, kind="practice", owner=None, age_days=40):
    sandbox = core.open_sandbox(world=world, commune=commune, kind=kind, owner=owner)
    core.pause_clock(sandbox, actor=owner)
    then = timezone.now() - timedelta(days=age_days)
    # Age the sandbox and its log as if it had been opened `age_days` ago.
    Sandbox.objects.filter(pk=sandbox.pk).update(created_at=then)
    SandboxEvent.objects.filter(sandbox=sandbox).update(created_at=then)
    return sandbox


@pytest.fixture
def old_practice(world, home_commune, commune_officer):
    return _open(world, home_commune, owner=commune_officer)


def _purge(*args):
    out = io.StringIO()
    call_command("purge_sandboxes", "--idle-days", "30", *args, stdout=out)
    return out.getvalue()


def test_dry_run_lists_and_deletes_nothing(old_practice):
    output = _purge("--dry-run")
    assert f"sa bàn #{old_practice.pk}: 2 dòng" in output and "Sẽ xóa 1" in output
    assert Sandbox.objects.filter(pk=old_practice.pk).exists()
    assert SandboxEvent.objects.filter(sandbox=old_practice).count() == 2


def test_idle_practice_sandbox_is_purged_with_its_rows(old_practice):
    assert "Đã xóa 1" in _purge()
    assert not Sandbox.objects.filter(pk=old_practice.pk).exists()
    assert not SandboxEvent.objects.filter(sandbox_id=old_practice.pk).exists()
    event = OperationEvent.objects.get(action="sandbox.purged")
    assert event.data["sandbox"] == old_practice.pk
    assert event.data["rows"] == {"sandbox.SandboxEvent": 2}


def test_recent_activity_keeps_a_sandbox(old_practice, commune_officer):
    core.resume_clock(old_practice, actor=commune_officer)  # a fresh event today
    assert "Đã xóa 0" in _purge()
    assert Sandbox.objects.filter(pk=old_practice.pk).exists()


def test_only_practice_sandboxes_are_purged(world, home_commune, commune_officer):
    kept = [
        _open(world, home_commune, kind=kind, owner=commune_officer)
        for kind in ("attempt", "session", "drill_team")
    ]
    _purge()
    assert Sandbox.objects.filter(pk__in=[s.pk for s in kept]).count() == 3


def test_purge_never_removes_an_event_that_a_score_reads(
    old_practice, world, home_commune
):
    # A scored attempt of the scenarios app keeps its sandbox through the keeper registry.
    other = _open(world, home_commune)
    scored_events = list(SandboxEvent.objects.filter(sandbox=old_practice))

    def scored_sandboxes():
        return [old_practice.pk]

    lifecycle.register_sandbox_keeper(scored_sandboxes)
    try:
        output = _purge()
    finally:
        lifecycle._keepers.remove(scored_sandboxes)
    assert "Đã xóa 1" in output
    assert not Sandbox.objects.filter(pk=other.pk).exists()
    assert list(SandboxEvent.objects.filter(sandbox=old_practice)) == scored_events


def test_readers_outside_the_working_apps_pin_sandboxes_without_registering():
    labels = {m._meta.label for m, _f in lifecycle.sandbox_links()}
    assert "sandbox.SandboxEvent" in labels
    assert "fake_portal.Dossier" in labels  # working rows, deleted with the sandbox
    readers = {m._meta.app_label for m, _f in lifecycle._reader_links()}
    assert readers.isdisjoint(lifecycle.WORKING_APPS)


def test_archive_keeps_the_event_log(world, home_commune, commune_officer):
    sandbox = _open(world, home_commune, kind="attempt", owner=commune_officer)
    core.close_sandbox(sandbox, actor=commune_officer)
    Sandbox.objects.filter(pk=sandbox.pk).update(
        closed_at=timezone.now() - timedelta(days=100)
    )
    out = io.StringIO()
    call_command("archive_sandboxes", "--closed-days", "90", "--dry-run", stdout=out)
    assert "Sẽ lưu trữ 1" in out.getvalue()
    assert Sandbox.objects.get(pk=sandbox.pk).status == "closed"
    call_command("archive_sandboxes", "--closed-days", "90", stdout=out)
    sandbox.refresh_from_db()
    assert sandbox.status == "archived"
    actions = list(sandbox.events.values_list("action", flat=True))
    assert actions[0] == "sandbox.opened" and actions[-1] == "sandbox.archived"


def test_storage_report(old_practice, world):
    out = io.StringIO()
    call_command("storage_report", "--json", stdout=out)
    report = json.loads(out.getvalue())
    (group,) = [g for g in report["groups"] if g["world"] == world.pk]
    assert group["kind"] == "practice" and group["sandboxes"] == 1
    assert group["rows"]["sandbox.SandboxEvent"] == 2
    text = io.StringIO()
    call_command("storage_report", stdout=text)
    assert "practice" in text.getvalue() and "MEDIA_ROOT" in text.getvalue()
