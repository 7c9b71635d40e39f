import asyncio
import threading

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from fake_portal import actions as portal
from sandbox.asgi import application
from scenarios.drills import actions
from tests.conftest import make_official
from tests.drills.conftest import join_lobby

pytestmark = pytest.mark.django_db(transaction=True)


def run(coroutine):
    """Run a coroutine in a thread of its own (a browser test may own this thread's loop)."""
    outcome = {}

    def target():
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as error:  # re-raised below
            outcome["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(60)
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def socket(user, path):
    comm = WebsocketCommunicator(
        application, path, headers=[(b"origin", b"http://127.0.0.1")]
    )
    comm.scope["user"] = user or AnonymousUser()
    return comm


async def receive_type(comm, kind, timeout=5):
    """The next message of `kind`, skipping others (dashboard pushes, for example)."""
    while True:
        message = await comm.receive_json_from(timeout=timeout)
        if message.get("type") == kind:
            return message


def test_a_participant_gets_the_state_then_announcements_and_team_dossiers(
    running, teams, coordinator, commune_officer, citizens
):
    home = teams[0]
    home.refresh_from_db()
    box = home.sandbox

    async def scenario():
        comm = socket(commune_officer, f"/ws/dien-tap/{running.pk}/")
        connected, _ = await comm.connect()
        assert connected
        state = await receive_type(comm, "state")
        await database_sync_to_async(actions.announce)(
            running, "Bắt đầu nhận hồ sơ", actor=coordinator
        )
        announcement = await receive_type(comm, "announcement")
        await database_sync_to_async(portal.file_dossier)(
            sandbox=box,
            procedure_code="1.001193",
            applicant=citizens[0],
            channel=2,
            form_data={},
        )
        dossier = await receive_type(comm, "dossier")
        await comm.disconnect()
        return state, announcement, dossier

    state, announcement, dossier = run(scenario())
    assert state["status"] == "running" and state["sandbox"] == home.sandbox_id
    assert announcement["message"] == "Bắt đầu nhận hồ sơ"
    assert dossier["event"] == "dossier.filed"


def test_a_reconnecting_participant_reads_what_it_missed(
    running, teams, coordinator, commune_officer
):
    async def scenario():
        comm = socket(commune_officer, f"/ws/dien-tap/{running.pk}/")
        await comm.connect()
        await receive_type(comm, "state")
        await comm.disconnect()
        await database_sync_to_async(actions.announce)(
            running, "Thông báo khi vắng mặt", actor=coordinator
        )
        again = socket(commune_officer, f"/ws/dien-tap/{running.pk}/")
        await again.connect()
        state = await receive_type(again, "state")
        await again.disconnect()
        return state

    state = run(scenario())
    assert "Thông báo khi vắng mặt" in [a["message"] for a in state["announcements"]]


def test_participants_of_one_drill_cannot_join_or_watch_another(
    running, teams, coordinator, province, world, version, other_officer
):
    other_drill = actions.schedule_drill(
        province=province,
        title="Buổi khác",
        versions=[version],
        world=world,
        start_at=running.start_at,
        actor=coordinator,
    )

    async def scenario():
        results = []
        for path in (
            f"/ws/dien-tap/{other_drill.pk}/",
            f"/ws/dien-tap/{running.pk}/dieu-hanh/",
        ):
            comm = socket(other_officer, path)
            connected, code = await comm.connect()
            results.append((connected, code))
            await comm.disconnect()
        return results

    assert run(scenario()) == [(False, 4403), (False, 4403)]


def test_strangers_and_foreign_coordinators_cannot_watch(running, teams):
    from sandbox.models import Province
    from tests.conftest import ensure_units

    ensure_units()
    foreign = make_official(
        "dieuphoi_hn", "coordinator", province=Province.objects.get(pk=1)
    )
    outsider = make_official(
        "nguoila", "trainee", "specialist", commune=teams[0].commune
    )

    async def scenario():
        results = []
        for user, path in (
            (None, f"/ws/dien-tap/{running.pk}/"),
            (outsider, f"/ws/dien-tap/{running.pk}/"),
            (foreign, f"/ws/dien-tap/{running.pk}/dieu-hanh/"),
        ):
            comm = socket(user, path)
            connected, code = await comm.connect()
            results.append(connected)
            await comm.disconnect()
        return results

    assert run(scenario()) == [False, False, False]


def test_the_dashboard_sends_the_state_then_pushes_only_the_changed_rows(
    running, teams, coordinator, citizens
):
    home = teams[0]
    home.refresh_from_db()
    box = home.sandbox

    async def scenario():
        comm = socket(coordinator, f"/ws/dien-tap/{running.pk}/dieu-hanh/")
        connected, _ = await comm.connect()
        assert connected
        first = await receive_type(comm, "dashboard")
        await receive_type(comm, "dashboard")  # the feed's first reading: whole
        await database_sync_to_async(_file)(box, citizens[0])
        while True:
            pushed = await receive_type(comm, "dashboard", timeout=10)
            row = next((t for t in pushed["teams"] if t["id"] == home.pk), {})
            if row.get("received"):
                break
        await comm.disconnect()
        return first, pushed

    first, pushed = run(scenario())
    assert not first["partial"]
    assert {t["commune"] for t in first["teams"]} == {"Phường Hoa Lư", "Xã Gia Viễn"}
    assert pushed["as_of"] >= first["as_of"]
    assert pushed["partial"] and [t["id"] for t in pushed["teams"]] == [home.pk]
    assert pushed["teams"][0]["received"] == 1 and pushed["teams"][0]["members"] == 3
    assert pushed["totals"]["received"] == 1 and pushed["totals"]["members"] == 5


def test_the_dashboard_is_read_whole_when_the_drill_changes(running, coordinator):
    async def scenario():
        comm = socket(coordinator, f"/ws/dien-tap/{running.pk}/dieu-hanh/")
        await comm.connect()
        await receive_type(comm, "dashboard")
        await database_sync_to_async(actions.pause_drill)(running, actor=coordinator)
        while True:
            pushed = await receive_type(comm, "dashboard", timeout=10)
            if pushed["status"] == "paused":
                break
        await comm.disconnect()
        return pushed

    pushed = run(scenario())
    assert not pushed["partial"] and len(pushed["teams"]) == 2


def test_a_coordinator_hears_injects_and_participants_only_their_own(
    running, teams, coordinator, commune_officer, other_officer
):
    home, other = teams

    async def scenario():
        mine = socket(commune_officer, f"/ws/dien-tap/{running.pk}/")
        theirs = socket(other_officer, f"/ws/dien-tap/{running.pk}/")
        for comm in (mine, theirs):
            await comm.connect()
            await receive_type(comm, "state")
        await database_sync_to_async(actions.fire_inject)(
            running,
            "notice",
            teams=[other.pk],
            message="Mất điện 30 phút",
            actor=coordinator,
        )
        heard = await receive_type(theirs, "inject")
        also = await receive_type(
            mine, "inject"
        )  # the socket tells; the page filters by team
        for comm in (mine, theirs):
            await comm.disconnect()
        return heard, also

    heard, also = run(scenario())
    assert heard["teams"] == [other.pk] and heard["message"] == "Mất điện 30 phút"
    assert home.pk not in also["teams"]


def test_presence_is_recorded(running, teams, commune_officer):
    from scenarios.drills.models import DrillParticipant

    async def scenario():
        comm = socket(commune_officer, f"/ws/dien-tap/{running.pk}/")
        await comm.connect()
        await receive_type(comm, "state")
        online = await database_sync_to_async(
            lambda: DrillParticipant.objects.get(user=commune_officer).online
        )()
        await comm.disconnect()
        await asyncio.sleep(0.1)
        after = await database_sync_to_async(
            lambda: DrillParticipant.objects.get(user=commune_officer).online
        )()
        return online, after

    assert run(scenario()) == (True, False)


def _file(box, citizen):
    return portal.file_dossier(
        sandbox=box,
        procedure_code="1.001193",
        applicant=citizen,
        channel=2,
        form_data={},
    )


def _resume(cursor):
    return (
        f"?drill_event={cursor['drill_event']}&dossier_event={cursor['dossier_event']}"
    )


def test_a_participant_who_says_what_it_saw_is_sent_only_what_it_missed(
    running, teams, coordinator, commune_officer, citizens
):
    home, other = teams
    home.refresh_from_db()
    box = home.sandbox
    path = f"/ws/dien-tap/{running.pk}/"

    async def scenario():
        comm = socket(commune_officer, path)
        await comm.connect()
        state = await receive_type(comm, "state")
        await comm.disconnect()
        await database_sync_to_async(actions.announce)(
            running, "Thông báo khi vắng mặt", actor=coordinator
        )
        await database_sync_to_async(actions.fire_inject)(
            running,
            "notice",
            teams=[other.pk],
            message="Chỉ đội khác",
            actor=coordinator,
        )
        await database_sync_to_async(_file)(box, citizens[0])
        again = socket(commune_officer, path + _resume(state["cursor"]))
        await again.connect()
        replay = await again.receive_json_from(timeout=5)
        await again.disconnect()
        third = socket(commune_officer, path + _resume(replay["cursor"]))
        await third.connect()
        nothing = await third.receive_json_from(timeout=5)
        await third.disconnect()
        return state, replay, nothing

    state, replay, nothing = run(scenario())
    assert replay["type"] == "replay"
    kinds = [(e["type"], e.get("message") or e.get("event")) for e in replay["events"]]
    assert kinds == [
        ("announcement", "Thông báo khi vắng mặt"),
        ("dossier", "dossier.filed"),
    ]
    assert replay["events"][0]["drill_event"] > state["cursor"]["drill_event"]
    assert replay["cursor"]["dossier_event"] == replay["events"][1]["id"]
    assert replay["cursor"]["drill_event"] > replay["events"][0]["drill_event"]
    assert nothing == {**nothing, "type": "replay", "events": []}


def test_a_replay_tells_the_newest_status_once(
    running, teams, coordinator, commune_officer
):
    path = f"/ws/dien-tap/{running.pk}/"

    async def scenario():
        comm = socket(commune_officer, path)
        await comm.connect()
        state = await receive_type(comm, "state")
        await comm.disconnect()
        drill = await database_sync_to_async(actions.pause_drill)(
            running, actor=coordinator
        )
        await database_sync_to_async(actions.resume_drill)(drill, actor=coordinator)
        again = socket(commune_officer, path + _resume(state["cursor"]))
        await again.connect()
        replay = await again.receive_json_from(timeout=5)
        await again.disconnect()
        return replay

    replay = run(scenario())
    assert [(e["type"], e["status"]) for e in replay["events"]] == [
        ("status", "running")
    ]


def test_too_much_missed_or_a_foreign_cursor_gets_the_whole_state(
    running, teams, coordinator, commune_officer, settings
):
    settings.DRILL_REPLAY_LIMIT = 1
    path = f"/ws/dien-tap/{running.pk}/"

    async def scenario():
        comm = socket(commune_officer, path)
        await comm.connect()
        state = await receive_type(comm, "state")
        await comm.disconnect()
        for message in ("Một", "Hai"):
            await database_sync_to_async(actions.announce)(
                running, message, actor=coordinator
            )
        firsts = []
        future = {"drill_event": 10**9, "dossier_event": 0}
        for cursor in (state["cursor"], future):
            again = socket(commune_officer, path + _resume(cursor))
            await again.connect()
            firsts.append(await again.receive_json_from(timeout=5))
            await again.disconnect()
        return firsts

    firsts = run(scenario())
    assert [m["type"] for m in firsts] == ["state", "state"]
    assert {"Một", "Hai"} <= {a["message"] for a in firsts[0]["announcements"]}
    assert firsts[0]["cursor"]["drill_event"] > 0


async def pushed_until(comm, done, timeout=15):
    """The first dashboard push that satisfies `done` (the feed reads every interval)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        left = deadline - asyncio.get_running_loop().time()
        pushed = await receive_type(comm, "dashboard", timeout=max(left, 0.1))
        if done(pushed):
            return pushed


def whole(pushed):
    return not pushed["partial"]


def joined(pushed):
    return pushed["totals"]["joined"]


def test_a_team_that_becomes_ready_leaves_the_not_ready_list_of_the_control_room(
    lobby, teams, coordinator, commune_officer
):
    from scenarios.drills.models import DrillParticipant

    home, other = teams

    async def scenario():
        comm = socket(coordinator, f"/ws/dien-tap/{lobby.pk}/dieu-hanh/")
        connected, _ = await comm.connect()
        assert connected
        first = await receive_type(comm, "dashboard")
        seat = await database_sync_to_async(DrillParticipant.objects.get)(
            user=commune_officer
        )
        await database_sync_to_async(actions.enter_lobby)(seat)
        # Waits on the totals (the figures that already were live), then reads the list
        # that came in the same (whole) reading.
        later = await pushed_until(comm, lambda p: whole(p) and joined(p) == 1)
        await comm.disconnect()
        return first, later

    first, later = run(scenario())
    assert [t["id"] for t in first["attendance"]["not_ready"]] == [home.pk, other.pk]
    assert first["attendance"]["blocker"] == "none_joined"
    assert later["attendance"]["not_ready"] == [
        {"id": other.pk, "commune": "Xã Gia Viễn", "members": 2, "why": "absent"}
    ]
    assert later["attendance"]["blocker"] is None
    assert (later["attendance"]["ready"], later["attendance"]["teams"]) == (1, 2)


def test_a_team_added_in_the_lobby_appears_in_the_not_ready_list_of_the_control_room(
    lobby, teams, coordinator, commune_officer, other_officer
):
    from sandbox.models import Commune

    home, other = teams
    late = Commune.objects.filter(province=lobby.province).exclude(
        pk__in=[home.commune_id, other.commune_id]
    )[0]
    join_lobby(lobby, [commune_officer, other_officer])

    async def scenario():
        comm = socket(coordinator, f"/ws/dien-tap/{lobby.pk}/dieu-hanh/")
        await comm.connect()
        first = await receive_type(comm, "dashboard")
        await database_sync_to_async(actions.add_team)(lobby, late, actor=coordinator)
        later = await pushed_until(
            comm, lambda p: whole(p) and p["totals"]["teams"] == 3
        )
        await comm.disconnect()
        return first, later

    first, later = run(scenario())
    assert first["attendance"]["not_ready"] == []  # both teams have someone in
    (added,) = later["attendance"]["not_ready"]
    assert added == {
        "id": lobby.teams.get(commune=late).pk,
        "commune": late.name,
        "members": 0,
        "why": "empty",
    }
    assert (later["attendance"]["ready"], later["attendance"]["teams"]) == (2, 3)


def test_the_control_room_is_not_sent_a_not_ready_list_once_the_drill_runs(
    running, coordinator
):
    async def scenario():
        comm = socket(coordinator, f"/ws/dien-tap/{running.pk}/dieu-hanh/")
        await comm.connect()
        first = await receive_type(comm, "dashboard")
        await comm.disconnect()
        return first

    assert "attendance" not in run(scenario())
