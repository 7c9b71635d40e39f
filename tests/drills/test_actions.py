from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from fake_portal import actions as portal
from fake_portal.models import Dossier, ScheduledAction
from fake_portal.signatures.models import SignatureFault
from sandbox.models import Sandbox, SandboxEvent
from scenarios.drills import actions
from scenarios.drills.models import Drill, DrillEvent
from tests.conftest import make_official
from tests.drills.conftest import open_and_start

pytestmark = pytest.mark.django_db


def sandboxes(drill):
    return list(Sandbox.objects.filter(drill_team__drill=drill).order_by("pk"))


def test_scheduling_writes_the_drill_and_its_event(drill, coordinator, version):
    assert drill.status == Drill.Status.SCHEDULED
    assert list(drill.versions.all()) == [version]
    assert DrillEvent.objects.filter(drill=drill, action="drill.scheduled").exists()


def test_only_a_coordinator_of_the_province_schedules(
    province, world, version, trainer
):
    with pytest.raises(PermissionDenied):
        actions.schedule_drill(
            province=province,
            title="x",
            versions=[version],
            world=world,
            start_at=timezone.now(),
            actor=trainer,
        )


def test_a_coordinator_of_another_province_cannot_steer(drill, teams):
    from sandbox.models import Province
    from tests.conftest import ensure_units

    ensure_units()
    foreign = make_official(
        "dieuphoi_hn", "coordinator", province=Province.objects.get(pk=1)
    )
    with pytest.raises(PermissionDenied):
        actions.open_lobby(drill, actor=foreign)
    with pytest.raises(PermissionDenied):
        actions.announce(drill, "Xin chào", actor=foreign)


def test_only_officials_of_the_commune_join_its_team(
    drill, teams, coordinator, other_officer
):
    home, _other = teams
    with pytest.raises(actions.DrillError):
        actions.assign_participant(
            home, other_officer, ["specialist"], actor=coordinator
        )
    with pytest.raises(actions.DrillError):
        actions.assign_participant(home, coordinator, ["leader"], actor=coordinator)


def test_a_commune_of_another_province_cannot_take_part(drill, coordinator):
    from sandbox.models import Commune

    with pytest.raises(actions.DrillError):
        actions.add_team(drill, Commune.objects.get(pk=70), actor=coordinator)


def test_opening_the_lobby_prepares_paused_team_sandboxes(
    drill, teams, coordinator, commune_officer
):
    drill = open_and_start(drill, coordinator, start=False)
    boxes = sandboxes(drill)
    assert len(boxes) == 2
    assert all(
        b.paused and b.kind == Sandbox.Kind.DRILL_TEAM and b.speed == 60 for b in boxes
    )
    home = teams[0]
    home.refresh_from_db()
    assert (
        home.sandbox.has_member(commune_officer)
        or home.sandbox.seats.filter(user=commune_officer).exists()
    )


def test_start_runs_every_clock_together(running):
    boxes = sandboxes(running)
    assert all(not b.paused for b in boxes)
    assert max(b.now() for b in boxes) - min(b.now() for b in boxes) < timedelta(
        minutes=2
    )


def _count(box, action):
    return SandboxEvent.objects.filter(sandbox=box, action=action).count()


def test_pause_and_resume_move_every_sandbox_clock_of_the_drill(running, coordinator):
    before = {b.pk: _count(b, "sandbox.clock_paused") for b in sandboxes(running)}
    drill = actions.pause_drill(running, actor=coordinator)
    boxes = sandboxes(drill)
    assert drill.status == Drill.Status.PAUSED
    assert all(b.paused for b in boxes)
    frozen = [b.now() for b in boxes]
    assert [b.now() for b in boxes] == frozen  # time stands still everywhere
    for box in boxes:
        assert _count(box, "sandbox.clock_paused") == before[box.pk] + 1
    resumed = {b.pk: _count(b, "sandbox.clock_resumed") for b in boxes}
    drill = actions.resume_drill(drill, actor=coordinator)
    boxes = sandboxes(drill)
    assert drill.status == Drill.Status.RUNNING and not any(b.paused for b in boxes)
    for box in boxes:
        assert _count(box, "sandbox.clock_resumed") == resumed[box.pk] + 1


def test_a_refused_pause_changes_no_clock(drill, teams, coordinator):
    drill = open_and_start(drill, coordinator, start=False)
    with pytest.raises(actions.DrillError):
        actions.pause_drill(drill, actor=coordinator)  # the lobby cannot be paused
    assert all(b.paused for b in sandboxes(drill))  # still as prepared, untouched
    assert not SandboxEvent.objects.filter(action="sandbox.clock_resumed").exists()


def test_admission_comes_in_waves(running, teams, commune_officer, specialist, leader):
    home = teams[0]
    people = list(home.participants.order_by("pk"))
    for participant in people:
        actions.enter_lobby(participant)
    tickets = sorted(p.ticket for p in people)
    assert tickets == [1, 2, 3]
    third = next(p for p in people if p.ticket == 3)
    third.drill = running
    with pytest.raises(actions.NotAdmittedYet) as waiting:
        actions.admit(third, now=running.started_at)
    assert 0 < waiting.value.seconds <= 1  # wave 1 of size 2 at 2 per second
    later = running.started_at + timedelta(seconds=1)
    assert actions.admit(third, now=later).admitted_at == later


def test_entering_the_lobby_twice_keeps_the_ticket(running, teams):
    participant = teams[0].participants.first()
    first = actions.enter_lobby(participant).ticket
    assert actions.enter_lobby(participant).ticket == first


def test_an_inject_reaches_only_the_chosen_communes(running, teams, coordinator):
    home, other = teams
    actions.fire_inject(
        running,
        "token_failure",
        teams=[other.pk],
        params={"fault": "token_missing"},
        message="USB Token không nhận",
        actor=coordinator,
    )
    home.refresh_from_db(), other.refresh_from_db()
    assert SignatureFault.objects.filter(sandbox=other.sandbox).exists()
    assert not SignatureFault.objects.filter(sandbox=home.sandbox).exists()
    assert SandboxEvent.objects.filter(
        sandbox=other.sandbox, action="scenario.inject_fired"
    ).exists()
    assert not SandboxEvent.objects.filter(
        sandbox=home.sandbox, action="scenario.inject_fired"
    ).exists()


def test_injects_need_a_running_drill(drill, teams, coordinator):
    with pytest.raises(actions.DrillError):
        actions.fire_inject(drill, "notice", actor=coordinator)


def test_a_surge_schedules_dossiers_on_a_rising_then_falling_curve(
    running, teams, coordinator
):
    actions.unleash_surge(
        running, procedure="1.001193", count=40, minutes=120, actor=coordinator
    )
    home = teams[0]
    home.refresh_from_db()
    jobs = list(
        ScheduledAction.objects.filter(
            sandbox=home.sandbox, kind="drill_surge"
        ).order_by("run_at")
    )
    assert len(jobs) == 40
    start = home.sandbox.now()
    spans = [(j.run_at - start).total_seconds() for j in jobs]
    assert all(-5 <= s <= 120 * 60 + 5 for s in spans)
    first_half = sum(1 for s in spans if s < 60 * 60)
    assert first_half > 40 - first_half  # front-loaded: the peak comes early


def test_surge_dossiers_arrive_when_the_clock_reaches_them(running, teams, coordinator):
    from fake_portal.simulation import tick

    actions.unleash_surge(
        running,
        procedure="2.000815",
        count=2,
        minutes=1,
        teams=[teams[0].pk],
        actor=coordinator,
    )
    home = teams[0]
    home.refresh_from_db()
    later = timezone.now() + timedelta(minutes=5)
    for job in ScheduledAction.objects.filter(sandbox=home.sandbox, kind="drill_surge"):
        job.run_at = home.sandbox.now() - timedelta(
            seconds=1
        )  # due now (bench of the clock)
        job.save(update_fields=["run_at"])
    assert later
    assert tick(home.sandbox) >= 2
    assert (
        Dossier.objects.filter(sandbox=home.sandbox, procedure_code="2.000815").count()
        == 2
    )


def test_ending_scores_every_team_and_each_member(
    running, teams, coordinator, commune_officer, citizens
):
    home = teams[0]
    home.refresh_from_db()
    dossier = portal.file_dossier(
        sandbox=home.sandbox,
        procedure_code="1.001193",
        applicant=citizens[0],
        channel=2,
        form_data={},
        actor_name="Công dân",
    )
    portal.receive_dossier(dossier, actor=commune_officer)
    drill = actions.end_drill(running, actor=coordinator)
    assert drill.status == Drill.Status.ENDED
    home.refresh_from_db()
    result = home.result
    assert result["rule"] == "position-weighted" and result["max"] == 10
    members = {p.user_id: result["members"][str(p.pk)] for p in home.participants.all()}
    assert all(m["max"] > 0 for m in members.values())
    for box in sandboxes(drill):
        assert box.status == Sandbox.Status.CLOSED


def test_a_drill_ends_once(running, coordinator):
    actions.end_drill(running, actor=coordinator)
    with pytest.raises(actions.DrillError):
        actions.end_drill(running, actor=coordinator)


def test_the_tick_command_runs_due_drill_work(running, teams, coordinator):
    from django.core.management import call_command

    actions.fire_inject(
        running,
        "new_dossier",
        params={"procedure": "2.000815", "count": 1, "minutes": 0},
        teams=[teams[0].pk],
        actor=coordinator,
    )
    home = teams[0]
    home.refresh_from_db()
    call_command("tick_drills", verbosity=0)
    assert (
        Dossier.objects.filter(sandbox=home.sandbox, procedure_code="2.000815").count()
        == 1
    )


def test_a_ticker_loop_says_it_runs_and_scores_the_teams(running, teams):
    from django.core.cache import cache
    from django.core.management import call_command

    from scenarios.drills.dashboard import TICKER_KEY, scores_key

    cache.delete_many([TICKER_KEY, scores_key(running.pk)])
    call_command("tick_drills", every=0.01, duration=0.05, verbosity=0)
    assert cache.get(TICKER_KEY)
    assert set(cache.get(scores_key(running.pk))) == {t.pk for t in teams}


def test_a_cohort_joins_the_teams_of_its_members_communes(
    drill, coordinator, commune_officer, specialist, other_officer, trainer
):
    from sandbox.operations import actions as operations
    from sandbox.operations.models import Cohort

    cohort = operations.save_cohort(
        Cohort(province=drill.province, name="Đợt diễn tập 1", kind="hand_picked"),
        actor=coordinator,
        add_members=[commune_officer, specialist, other_officer, trainer],
    )
    assert actions.add_cohort(drill, cohort, actor=coordinator) == 3  # not the trainer
    seats = {
        p.user_id: (p.team.commune_id, p.positions) for p in drill.participants.all()
    }
    assert seats[commune_officer.pk] == (
        commune_officer.profile.commune_id,
        ["receiving_officer"],
    )
    assert seats[other_officer.pk][0] == other_officer.profile.commune_id
    assert trainer.pk not in seats and drill.teams.count() == 2
    assert actions.add_cohort(drill, cohort, actor=coordinator) == 0  # once only
