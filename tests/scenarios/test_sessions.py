"""Trainer-led sessions: starting one (all or nothing), the class clock, ending and
scoring, the board, and who may see or steer what."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fake_portal.deadlines import MORNING, VIETNAM
from sandbox.models import Sandbox, SandboxEvent
from sandbox.operations.models import Cohort
from scenarios import actions, planning, sessions
from scenarios.library import load_library
from scenarios.models import Attempt, Scenario, Session
from tests.conftest import FOREIGN_COMMUNE, make_official
from tests.scenarios.player import Player
from tests.scenarios.scripts import SCRIPTS
from tests.scenarios.test_spec import GOOD

pytestmark = pytest.mark.urls("tests.scenarios.urls")
SLUG = "khai-sinh-truc-tuyen"


@pytest.fixture
def version(db):
    load_library()
    return Scenario.objects.get(slug=SLUG).current


@pytest.fixture
def trainees(trainee, other_officer):
    return [trainee, other_officer]


@pytest.fixture
def session(version, trainees, trainer, scenario_world):
    return sessions.start_session(
        version,
        trainees=trainees,
        actor=trainer,
        title="Lớp tiếp nhận hồ sơ sáng thứ Hai",
        world=scenario_world,
    )


@pytest.fixture
def world_found(monkeypatch, scenario_world):
    """The pages find the shared test world as they would find the province's own."""
    monkeypatch.setattr(planning, "find_world", lambda recipe: scenario_world)


def _rows():
    return (
        Session.objects.count(),
        Attempt.objects.count(),
        Sandbox.objects.filter(kind=Sandbox.Kind.SESSION).count(),
    )


# --- starting -------------------------------------------------------------------------


def test_a_session_opens_one_attempt_per_trainee_started_by_the_trainer(
    session, trainees, trainer, version
):
    attempts = list(session.attempts.select_related("sandbox"))
    assert {a.user for a in attempts} == set(trainees)
    assert session.status == Session.Status.RUNNING and session.trainer == trainer
    assert session.province_id == trainer.profile.province_id
    for attempt in attempts:
        assert attempt.mode == Attempt.Mode.SESSION
        assert attempt.started_by == trainer and attempt.version == version
        assert attempt.sandbox.kind == Sandbox.Kind.SESSION
        assert attempt.sandbox.commune_id == attempt.user.profile.commune_id
        started = SandboxEvent.objects.get(
            sandbox=attempt.sandbox, action="scenario.started"
        )
        assert started.actor == trainer and started.data["session"] == session.pk


def test_a_scenario_whose_file_excludes_sessions_is_refused(
    trainees, trainer, scenario_world
):
    version = actions.save_version(
        GOOD.replace("dossiers:", "modes: [practice]\ndossiers:"),
        actor=trainer,
        publish=True,
    )
    with pytest.raises(actions.AttemptError, match="Buổi học có giảng viên"):
        sessions.start_session(
            version, trainees=trainees, actor=trainer, title="X", world=scenario_world
        )
    assert _rows() == (0, 0, 0)


def test_a_trainee_of_another_province_is_refused_by_name(
    version, trainee, trainer, scenario_world
):
    from sandbox.models import Commune

    foreign = make_official(
        "hanoi", "trainee", "receiving_officer", Commune.objects.get(pk=FOREIGN_COMMUNE)
    )
    with pytest.raises(actions.AttemptError, match="Cán bộ hanoi"):
        sessions.start_session(
            version,
            trainees=[trainee, foreign],
            actor=trainer,
            title="X",
            world=scenario_world,
        )
    assert _rows() == (0, 0, 0)


def test_a_session_without_trainees_is_refused(version, trainer, scenario_world):
    with pytest.raises(actions.AttemptError, match="ít nhất một học viên"):
        sessions.start_session(
            version, trainees=[], actor=trainer, title="X", world=scenario_world
        )
    assert _rows() == (0, 0, 0)


def test_a_trainee_cannot_run_a_session(version, trainees, trainee, scenario_world):
    with pytest.raises(actions.AttemptError, match="Chỉ giảng viên"):
        sessions.start_session(
            version, trainees=trainees, actor=trainee, title="X", world=scenario_world
        )
    assert _rows() == (0, 0, 0)


def test_a_coordinator_may_run_a_session(
    version, trainees, coordinator, scenario_world
):
    made = sessions.start_session(
        version, trainees=trainees, actor=coordinator, title="X", world=scenario_world
    )
    assert made.attempts.count() == 2


def test_a_sandbox_that_cannot_open_leaves_nothing_half_made(
    version, trainees, trainer, scenario_world, monkeypatch
):
    found = iter([scenario_world, None])  # the second trainee's world is missing
    monkeypatch.setattr(planning, "find_world", lambda recipe: next(found))
    with pytest.raises(actions.AttemptError, match="Không mở được sa bàn cho"):
        sessions.start_session(version, trainees=trainees, actor=trainer, title="X")
    assert _rows() == (0, 0, 0)
    assert not SandboxEvent.objects.filter(action="scenario.started").exists()


def test_the_same_form_submitted_twice_opens_one_session(
    version, trainees, trainer, scenario_world
):
    first, second = (
        sessions.start_session(
            version,
            trainees=trainees,
            actor=trainer,
            title="X",
            token="abc123",
            world=scenario_world,
        )
        for _ in range(2)
    )
    assert first == second
    assert _rows() == (1, 2, 2)


# --- the class clock ----------------------------------------------------------------------


def _clocks(session):
    return {
        a.pk: a.sandbox
        for a in session.attempts.select_related("sandbox").order_by("pk")
    }


def test_the_trainer_moves_every_clock_by_an_hour_and_each_sandbox_logs_it(
    session, trainer
):
    before = {pk: s.now() for pk, s in _clocks(session).items()}
    moved = sessions.advance_session_clock(session, timedelta(hours=1), actor=trainer)
    assert len(moved) == 2
    for pk, sandbox in _clocks(session).items():
        assert sandbox.now() - before[pk] >= timedelta(minutes=59)
        event = SandboxEvent.objects.get(
            sandbox=sandbox, action="sandbox.clock_advanced"
        )
        assert event.actor == trainer and event.data["seconds"] == 3600


def test_the_next_working_morning_is_reached_in_every_sandbox(session, trainer):
    sessions.advance_session_clock(session, None, actor=trainer)
    for sandbox in _clocks(session).values():
        local = sandbox.now().astimezone(VIETNAM)
        assert local.weekday() < 5
        assert (local.hour, local.minute) == (MORNING[0].hour, MORNING[0].minute)


def test_pausing_and_resuming_act_on_every_running_clock_once(session, trainer):
    assert len(sessions.set_session_paused(session, True, actor=trainer)) == 2
    assert all(s.paused for s in _clocks(session).values())
    assert sessions.set_session_paused(session, True, actor=trainer) == []
    assert len(sessions.set_session_paused(session, False, actor=trainer)) == 2
    assert not any(s.paused for s in _clocks(session).values())
    assert SandboxEvent.objects.filter(action="sandbox.clock_paused").count() == 2


def test_only_the_trainer_of_the_session_steers_it(session, coordinator):
    with pytest.raises(actions.AttemptError, match="Chỉ giảng viên của buổi học"):
        sessions.advance_session_clock(session, timedelta(hours=1), actor=coordinator)
    with pytest.raises(actions.AttemptError):
        sessions.end_session(session, actor=coordinator)
    session.refresh_from_db()
    assert session.is_running
    assert not SandboxEvent.objects.filter(action="sandbox.clock_advanced").exists()


# --- ending ---------------------------------------------------------------------------


def test_ending_scores_every_attempt_and_a_second_end_changes_nothing(
    session, trainer, trainee, other_officer
):
    careful, _careless = SCRIPTS[SLUG]
    played = session.attempts.get(user=trainee)
    player = Player(played, trainee)
    careful(player)
    ended = sessions.end_session(session, actor=trainer)
    assert ended.status == Session.Status.ENDED and ended.ended_by == trainer
    good, idle = (session.attempts.get(user=u) for u in (trainee, other_officer))
    assert good.status == Attempt.Status.FINISHED and good.passed is True
    assert good.total == good.max_total
    assert idle.status == Attempt.Status.FINISHED and idle.passed is False
    assert idle.score is not None
    assert {a.sandbox.status for a in (good, idle)} == {Sandbox.Status.CLOSED}
    finished = SandboxEvent.objects.filter(action="scenario.finished")
    assert set(finished.values_list("actor", flat=True)) == {trainer.pk}

    events, ended_at = SandboxEvent.objects.count(), ended.ended_at
    again = sessions.end_session(session, actor=trainer)
    assert again.ended_at == ended_at and SandboxEvent.objects.count() == events
    with pytest.raises(actions.AttemptError, match="Buổi học đã kết thúc"):
        sessions.advance_session_clock(session, timedelta(hours=1), actor=trainer)


def test_an_attempt_submitted_early_stays_as_the_trainee_left_it(
    session, trainer, trainee
):
    mine = session.attempts.get(user=trainee)
    actions.finish_attempt(mine, actor=trainee)
    sessions.end_session(session, actor=trainer)
    mine.refresh_from_db()
    event = SandboxEvent.objects.get(sandbox=mine.sandbox, action="scenario.finished")
    assert event.actor == trainee and mine.status == Attempt.Status.FINISHED


def test_an_attempt_past_its_time_ends_as_timed_out(session, trainer, trainee):
    sessions.advance_session_clock(session, timedelta(days=3), actor=trainer)
    sessions.end_session(session, actor=trainer)
    assert set(session.attempts.values_list("status", flat=True)) == {
        Attempt.Status.TIMED_OUT
    }


# --- pages ----------------------------------------------------------------------------


def test_the_trainer_creates_a_session_from_communes_and_a_resent_form_adds_nothing(
    client, trainer, trainee, specialist, other_officer, version, world_found
):
    client.force_login(trainer)
    page = client.get("/kich-ban/buoi-hoc/")
    assert page.status_code == 200
    form = page.context["form"]
    assert version.scenario in form.fields["scenario"].queryset
    data = {
        "title": "Lớp Hoa Lư",
        "scenario": version.scenario.pk,
        "communes": [trainee.profile.commune_id],
        "token": form.fields["token"].initial,
    }
    response = client.post("/kich-ban/buoi-hoc/", data)
    made = Session.objects.get()
    assert response.url == f"/kich-ban/buoi-hoc/{made.pk}/"
    assert set(made.attempts.values_list("user", flat=True)) == {
        trainee.pk,
        specialist.pk,
    }
    again = client.post("/kich-ban/buoi-hoc/", data)
    assert again.url == response.url and Attempt.objects.count() == 2


def test_trainees_of_a_cohort_join_but_its_staff_do_not(
    client, trainer, trainee, other_officer, province, version, world_found
):
    cohort = Cohort.objects.create(
        province=province, name="Lớp A", kind=Cohort.Kind.HAND_PICKED
    )
    cohort.members_picked.add(other_officer, trainer)
    client.force_login(trainer)
    token = client.get("/kich-ban/buoi-hoc/").context["form"].fields["token"].initial
    client.post(
        "/kich-ban/buoi-hoc/",
        {
            "title": "Lớp A",
            "scenario": version.scenario.pk,
            "cohorts": [cohort.pk],
            "token": token,
        },
    )
    assert list(Attempt.objects.values_list("user", flat=True)) == [other_officer.pk]


def test_a_form_without_trainees_says_so_and_keeps_the_title(
    client, trainer, version, world_found
):
    client.force_login(trainer)
    response = client.post(
        "/kich-ban/buoi-hoc/", {"title": "Lớp trống", "scenario": version.scenario.pk}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Hãy chọn ít nhất một xã, phường hoặc một nhóm cán bộ." in body
    assert 'value="Lớp trống"' in body and not Session.objects.exists()


def _board_queries(client, session):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/kich-ban/buoi-hoc/{session.pk}/")
    assert response.status_code == 200
    return len(queries)


def test_the_board_reads_a_class_of_six_in_as_many_queries_as_a_class_of_two(
    client, trainer, version, home_commune, other_commune, scenario_world
):
    people = [
        make_official(f"hv{i}", "trainee", "receiving_officer", commune)
        for i, commune in enumerate([home_commune, other_commune] * 4)
    ]
    small, large = (
        sessions.start_session(
            version, trainees=group, actor=trainer, title=t, world=scenario_world
        )
        for group, t in ((people[:2], "Hai"), (people[2:], "Sáu"))
    )
    client.force_login(trainer)
    _board_queries(client, large)  # warm what the first request of a process reads
    assert _board_queries(client, small) == _board_queries(client, large)
    page = client.get(f"/kich-ban/buoi-hoc/{large.pk}/").content.decode()
    assert "Cán bộ hv7" in page and "Xã Gia Viễn" in page


def _row(client, session, user):
    board = client.get(f"/kich-ban/buoi-hoc/{session.pk}/")
    return next(a for a in board.context["attempts"] if a.user == user)


def test_the_board_counts_dossiers_arrived_and_handled_and_shows_scores_once_ended(
    client, session, trainer, trainee, other_officer
):
    client.force_login(trainer)
    client.post(f"/kich-ban/buoi-hoc/{session.pk}/dong-ho/", {"step": "60"})
    mine = session.attempts.get(user=trainee)
    row = _row(client, session, trainee)  # arrived with the class clock, unvisited
    assert (row.received, row.handled) == (1, 0)
    SCRIPTS[SLUG][0](Player(mine, trainee))
    assert (
        _row(client, session, trainee).handled,
        _row(client, session, other_officer).handled,
    ) == (1, 0)
    client.post(f"/kich-ban/buoi-hoc/{session.pk}/ket-thuc/")  # not confirmed
    session.refresh_from_db()
    assert session.is_running
    client.post(f"/kich-ban/buoi-hoc/{session.pk}/ket-thuc/", {"confirm": "1"})
    session.refresh_from_db()
    assert not session.is_running
    body = client.get(f"/kich-ban/buoi-hoc/{session.pk}/").content.decode()
    assert "Chưa đạt" in body and "Đạt" in body
    assert f"/kich-ban/luot/{mine.pk}/ket-qua/" in body
    assert client.get(f"/kich-ban/luot/{mine.pk}/ket-qua/").status_code == 200


def test_the_class_clock_buttons_move_every_sandbox(client, session, trainer):
    client.force_login(trainer)
    before = {pk: s.now() for pk, s in _clocks(session).items()}
    client.post(f"/kich-ban/buoi-hoc/{session.pk}/dong-ho/", {"step": "60"})
    after = _clocks(session)
    assert all(after[pk].now() - t >= timedelta(minutes=59) for pk, t in before.items())
    client.post(f"/kich-ban/buoi-hoc/{session.pk}/dong-ho/", {"step": "pause"})
    assert all(s.paused for s in _clocks(session).values())


def test_a_trainee_sees_the_session_attempt_without_clock_controls(
    client, session, trainee
):
    mine = session.attempts.get(user=trainee)
    client.force_login(trainee)
    library = client.get("/kich-ban/").content.decode()
    assert (
        f"/kich-ban/luot/{mine.pk}/" in library and "Buổi học có giảng viên" in library
    )
    page = client.get(f"/kich-ban/luot/{mine.pk}/").content.decode()
    assert "Buổi học có giảng viên" in page and "Cán bộ giangvien" in page
    assert "Tua 1 giờ" not in page and "Nộp bài" in page
    before = mine.sandbox.now()
    client.post(f"/kich-ban/luot/{mine.pk}/dong-ho/", {"step": "240"})
    mine.sandbox.refresh_from_db()
    assert mine.sandbox.now() - before < timedelta(hours=1)
    client.post(f"/kich-ban/luot/{mine.pk}/nop-bai/")
    mine.refresh_from_db()
    assert mine.status == Attempt.Status.FINISHED  # a trainee may submit early


@pytest.mark.parametrize("suffix", ["dong-ho/", "ket-thuc/"])
def test_a_trainee_cannot_open_the_board_or_post_controls(
    client, session, trainee, suffix
):
    client.force_login(trainee)
    assert client.get("/kich-ban/buoi-hoc/").status_code == 403
    assert client.get(f"/kich-ban/buoi-hoc/{session.pk}/").status_code == 404
    data = {"step": "60", "confirm": "1"}
    assert (
        client.post(f"/kich-ban/buoi-hoc/{session.pk}/{suffix}", data).status_code
        == 404
    )
    session.refresh_from_db()
    assert session.is_running
    assert not SandboxEvent.objects.filter(action="sandbox.clock_advanced").exists()


def test_another_trainer_cannot_open_the_board(client, session, coordinator):
    client.force_login(coordinator)
    assert client.get("/kich-ban/buoi-hoc/").status_code == 200
    assert client.get(f"/kich-ban/buoi-hoc/{session.pk}/").status_code == 404
    assert (
        client.post(f"/kich-ban/buoi-hoc/{session.pk}/ket-thuc/", {"confirm": "1"})
    ).status_code == 404


def test_trainers_find_sessions_from_the_library_and_the_statistics(
    client, trainer, version
):
    client.force_login(trainer)
    assert "/kich-ban/buoi-hoc/" in client.get("/kich-ban/").content.decode()
    stats = client.get(f"/kich-ban/{SLUG}/thong-ke/").content.decode()
    assert "/kich-ban/buoi-hoc/" in stats


def test_a_double_submit_that_races_past_the_lookup_finds_the_first_session(
    version, trainer, province
):
    first, created = sessions._create(
        version, actor=trainer, province=province, title="A", token="t1"
    )
    second, again = sessions._create(
        version, actor=trainer, province=province, title="A", token="t1"
    )
    assert (created, again) == (True, False) and first == second
    assert Session.objects.count() == 1
