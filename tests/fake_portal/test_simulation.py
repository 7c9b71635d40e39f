import time
from datetime import date, timedelta

import pytest
from django.db.models import QuerySet
from django.utils import timezone

from fake_portal import actions, simulation
from fake_portal.models import Channel, Dossier, ScheduledAction, Stage, Status
from sandbox import actions as core
from tests.fake_portal.conftest import BIRTH, make_citizen

pytestmark = pytest.mark.django_db


def simulated_filing(sandbox, citizen, code=BIRTH):
    return actions.file_dossier(
        sandbox=sandbox,
        procedure_code=code,
        applicant=citizen,
        channel=Channel.ONLINE,
        form_data={"applicant": {"full_name": citizen.full_name}},
        actor_name="Công dân mô phỏng",
    )


def test_a_simulated_citizen_answers_a_supplement_request_later(
    sandbox, citizen, commune_officer
):
    # Some simulated citizens never answer (CITIZEN_SILENT_SHARE): file until one will.
    for _ in range(20):
        dossier = simulated_filing(sandbox, citizen)
        actions.request_supplement(
            dossier,
            items=[{"name": "Giấy chứng sinh", "reason": "Thiếu"}],
            legal_basis="Luật Hộ tịch",
            actor=commune_officer,
        )
        job = ScheduledAction.objects.filter(
            dossier=dossier, kind="citizen_supplement"
        ).first()
        if job is not None:
            break
    assert job is not None
    assert simulation.tick(sandbox) == 0  # not yet due
    core.advance_clock(
        sandbox, job.run_at - sandbox.now() + timedelta(seconds=1), actor=None
    )
    sandbox.refresh_from_db()
    assert simulation.tick(sandbox) == 1
    d = Dossier.objects.get(pk=dossier.pk)
    assert d.status == Status.FILED
    event = d.events.filter(action="dossier.supplemented").last()
    assert event.actor is None and "mô phỏng" in event.actor_name
    assert d.documents.filter(kind="supplement").exists()


def test_a_human_played_citizen_is_never_answered_for(
    sandbox, citizen, commune_officer
):
    dossier = actions.file_dossier(
        sandbox=sandbox,
        procedure_code=BIRTH,
        applicant=citizen,
        channel=Channel.ONLINE,
        form_data={},
        actor=commune_officer,
        actor_name=citizen.full_name,
    )
    actions.request_supplement(
        dossier, items=[{"name": "Tờ khai"}], legal_basis="x", actor=commune_officer
    )
    assert not ScheduledAction.objects.filter(dossier=dossier).exists()


def test_a_transferred_dossier_comes_back_from_the_agency(
    sandbox, citizen, commune_officer, specialist
):
    d = simulated_filing(sandbox, citizen)
    d = actions.receive_dossier(d, actor=commune_officer)
    d = actions.assign_dossier(d, specialist=specialist, actor=commune_officer)
    d = actions.transfer_dossier(
        d,
        agency="commune_police",
        agency_name="Công an xã",
        actor=specialist,
        reply_after=timedelta(hours=2),
    )
    core.advance_clock(sandbox, timedelta(hours=3), actor=None)
    sandbox.refresh_from_db()
    assert simulation.tick(sandbox) == 1
    d = Dossier.objects.get(pk=d.pk)
    assert (d.status, d.stage) == (Status.PROCESSING, Stage.APPRAISED)
    assert d.events.last().actor_name.startswith("Công an xã")
    assert simulation.tick(sandbox) == 0  # done once only


def test_a_dossier_forwarded_to_the_competent_commune_comes_back_with_its_result(
    sandbox, world, other_commune, commune_officer
):
    outsider = make_citizen(world, other_commune, "036185054321")
    d = simulated_filing(sandbox, outsider)
    assert d.competent_commune == other_commune
    d = actions.receive_dossier(d, actor=commune_officer)
    d = actions.transfer_dossier(
        d,
        agency=f"commune:{other_commune.pk}",
        agency_name="UBND Xã Gia Viễn",
        actor=commune_officer,
        forwarded_to_competent_unit=True,
        reply_after=timedelta(hours=1),
    )
    core.advance_clock(sandbox, timedelta(hours=2), actor=None)
    sandbox.refresh_from_db()
    simulation.tick(sandbox)
    d = Dossier.objects.get(pk=d.pk)
    assert d.status == Status.DONE
    # The competent unit's result comes back signed, so it can be returned to the citizen.
    assert actions.has_signed_result(d)
    d = actions.return_result(d, channel=Channel.ONLINE, actor=commune_officer)
    assert d.status == Status.RETURNED


def test_free_practice_stream_generates_dossiers_from_the_world(sandbox, citizen):
    simulation.start_practice_stream(sandbox, first=2, count=4)
    assert simulation.tick(sandbox) == 2
    generated = Dossier.objects.for_sandbox(sandbox)
    assert generated.count() == 2
    assert all(d.applicant.world_id == sandbox.world_id for d in generated)
    assert all(
        d.events.first().actor_name.endswith("(công dân mô phỏng)") for d in generated
    )
    core.advance_clock(sandbox, timedelta(hours=3), actor=None)
    sandbox.refresh_from_db()
    simulation.tick(sandbox)
    assert Dossier.objects.for_sandbox(sandbox).count() == 4


@pytest.mark.parametrize(
    "code,date_key,free_within",
    [(BIRTH, "child_birth_date", 60), ("1.000656", "death_date", 15)],
)
def test_a_simulated_filing_declares_its_birth_or_death_and_owes_the_fee_by_it(
    sandbox, citizen, code, date_key, free_within
):
    today = timezone.localdate(sandbox.now())
    waived = charged = 0
    for seed in range(30):
        dossier = simulation.generate_dossier(
            sandbox, seed=f"declared-{seed}", procedure_code=code
        )
        request = dossier.form_data["request"]
        assert all(request.values()) and date_key in request
        late = (today - date.fromisoformat(request[date_key])).days > free_within
        assert dossier.fee_amount == (8000 if late else 0)
        charged += late
        waived += not late
    assert waived and charged  # most on time, some late


def test_a_simulated_filing_of_another_procedure_says_what_it_asks_for(
    sandbox, citizen
):
    dossier = simulation.generate_dossier(sandbox, seed="x", procedure_code="2.000815")
    assert dossier.form_data["request"] == {
        "request_text": f"Đề nghị giải quyết thủ tục: {dossier.procedure.name_vi}."
    }


class TestPagesLookForDueWorkOnceASecond:
    """tick_for_page: one look per TICK_EVERY per process, at once after new work or a
    changed clock."""

    @pytest.fixture(autouse=True)
    def fresh_marks(self, sandbox):
        simulation.forget_ticks([sandbox.pk])

    def due_job(self, sandbox):
        return ScheduledAction.objects.create(
            sandbox=sandbox,
            kind="unknown_kind_for_the_test",
            run_at=sandbox.now() - timedelta(minutes=1),
        )

    def test_a_second_page_within_the_interval_does_not_query(
        self, sandbox, django_assert_num_queries
    ):
        assert simulation.tick_for_page(sandbox) == 0
        with django_assert_num_queries(0):
            assert simulation.tick_for_page(sandbox) == 0

    def test_new_work_is_done_by_the_next_page(self, sandbox, monkeypatch):
        done = []
        monkeypatch.setitem(
            simulation.HANDLERS, "unknown_kind_for_the_test", done.append
        )
        simulation.tick_for_page(sandbox)
        job = self.due_job(sandbox)
        assert simulation.tick_for_page(sandbox) == 1
        assert done == [job]
        job.refresh_from_db()
        assert job.done_at is not None

    def test_bulk_scheduled_work_is_seen_at_once(self, sandbox, monkeypatch):
        monkeypatch.setitem(
            simulation.HANDLERS, "unknown_kind_for_the_test", lambda job: None
        )
        simulation.tick_for_page(sandbox)
        ScheduledAction.objects.bulk_create(
            [
                ScheduledAction(
                    sandbox=sandbox,
                    kind="unknown_kind_for_the_test",
                    run_at=sandbox.now() - timedelta(minutes=1),
                )
            ]
        )
        assert simulation.tick_for_page(sandbox) == 1

    def test_a_moved_clock_makes_the_next_page_look(self, sandbox, monkeypatch):
        monkeypatch.setitem(
            simulation.HANDLERS, "unknown_kind_for_the_test", lambda job: None
        )
        job = ScheduledAction.objects.create(
            sandbox=sandbox,
            kind="unknown_kind_for_the_test",
            run_at=sandbox.now() + timedelta(hours=5),
        )
        assert simulation.tick_for_page(sandbox) == 0
        core.advance_clock(sandbox, timedelta(hours=6), actor=None)
        sandbox.refresh_from_db()
        assert simulation.tick_for_page(sandbox) == 1
        job.refresh_from_db()
        assert job.done_at is not None

    def test_work_scheduled_by_another_process_waits_at_most_the_interval(
        self, sandbox, monkeypatch
    ):
        monkeypatch.setitem(
            simulation.HANDLERS, "unknown_kind_for_the_test", lambda job: None
        )
        simulation.tick_for_page(sandbox)
        # Another process's insert: this process's marks do not hear of it.
        QuerySet(ScheduledAction).bulk_create(
            [
                ScheduledAction(
                    sandbox=sandbox,
                    kind="unknown_kind_for_the_test",
                    run_at=sandbox.now() - timedelta(minutes=1),
                )
            ]
        )
        assert simulation.tick_for_page(sandbox) == 0
        later = time.monotonic() + simulation.TICK_EVERY
        monkeypatch.setattr(simulation.time, "monotonic", lambda: later)
        assert simulation.tick_for_page(sandbox) == 1

    def test_work_scheduled_while_a_page_looks_is_looked_for_again(
        self, sandbox, monkeypatch
    ):
        calls = []

        def busy_tick(sandbox, limit):
            calls.append(sandbox.pk)
            simulation.forget_ticks([sandbox.pk])  # another thread schedules meanwhile
            return 0

        monkeypatch.setattr(simulation, "tick", busy_tick)
        simulation.tick_for_page(sandbox)
        simulation.tick_for_page(sandbox)
        assert len(calls) == 2  # the first look set no mark
