"""Walk-ins: tickets on the sandbox clock, bundles with the world's papers and defects."""

from datetime import date, timedelta

import pytest

from fake_portal.counter import actions, simulation
from fake_portal.counter.actions._common import local_day
from fake_portal.counter.models import Paper, PaperKind, WalkIn
from fake_portal.counter.papers.bundle import REFORM
from fake_portal.errors import InvalidInput, NotPermitted
from fake_portal.models import Status
from fake_portal.population.models import PopulationLookup
from fake_portal.simulation import tick
from sandbox import actions as core
from sandbox.models import SandboxEvent
from tests.counter.conftest import BIRTH, fields_of, serve

pytestmark = pytest.mark.django_db


def arrive(sandbox, citizen, **extra):
    return actions.arrive_walk_in(
        sandbox,
        citizen=citizen,
        procedure_code=extra.pop("procedure", BIRTH),
        seed=extra.pop("seed", "w"),
        **extra,
    )


def test_tickets_run_per_day_and_the_queue_is_called_in_order(
    sandbox, citizen, neighbour, commune_officer
):
    first, second = arrive(sandbox, citizen), arrive(sandbox, neighbour)
    assert (first.ticket, second.ticket) == (1, 2) and first.ticket_label == "001"
    assert actions.call_next(sandbox, actor=commune_officer) == first
    assert actions.call_next(sandbox, actor=commune_officer) == second
    assert actions.call_next(sandbox, actor=commune_officer) is None
    sandbox = core.advance_clock(sandbox, timedelta(days=1), actor=None)
    assert arrive(sandbox, citizen).ticket == 1
    called = SandboxEvent.objects.filter(
        sandbox=sandbox, action="counter.ticket_called"
    )
    assert [e.data["ticket"] for e in called] == [1, 2]


def test_walk_ins_arrive_on_the_sandbox_clock(sandbox, citizen):
    simulation.schedule_walk_in(
        sandbox, sandbox.now() + timedelta(minutes=30), citizen=citizen, procedure=BIRTH
    )
    assert tick(sandbox) == 0 and not WalkIn.objects.exists()
    sandbox = core.advance_clock(sandbox, timedelta(hours=1), actor=None)
    assert tick(sandbox) == 1
    walk_in = WalkIn.objects.get()
    assert walk_in.status == WalkIn.Status.WAITING and walk_in.papers.exists()


def test_a_practice_stream_plans_walk_ins_and_post(sandbox, citizen, neighbour):
    planned = simulation.start_counter_stream(sandbox, walk_ins=3, postal=1)
    assert planned == 4
    tick(sandbox)
    assert WalkIn.objects.filter(sandbox=sandbox).count() == 1


def test_the_bundle_holds_the_papers_the_procedure_needs(sandbox, citizen):
    walk_in = arrive(sandbox, citizen, include_optional=False)
    kinds = sorted(walk_in.papers.values_list("kind", flat=True))
    assert kinds == sorted(
        [PaperKind.IDENTITY_CARD, PaperKind.DECLARATION, PaperKind.BIRTH_CERTIFICATE]
    )
    card = walk_in.papers.get(kind=PaperKind.IDENTITY_CARD)
    assert fields_of(card)["id_number"] == citizen.id_number
    assert all(p.owner == citizen for p in walk_in.papers.all())


def test_bundles_carry_the_defects_a_scenario_asks_for(sandbox, grandmother, neighbour):
    walk_in = arrive(
        sandbox,
        grandmother,
        defects=[
            "expired_card",
            "birth_date_mismatch",
            "missing_page",
            "old_district",
            "someone_else",
        ],
    )
    papers = {p.kind: p for p in walk_in.papers.all()}
    card = fields_of(papers[PaperKind.IDENTITY_CARD])
    expiry = date(*reversed([int(x) for x in card["card_expiry_date"].split("/")]))
    assert expiry < local_day(sandbox.now())
    assert card["birth_date"] != grandmother.birth_date.strftime("%d/%m/%Y")
    assert fields_of(papers[PaperKind.DECLARATION])["birth_date"] == card["birth_date"]
    assert any(p.missing_pages for p in papers.values())
    old = [p for p in papers.values() if "old_district" in p.defects]
    assert old and old[0].issued_on < REFORM
    assert any("Huyện" in v or "huyện" in v for v in fields_of(old[0]).values())
    theirs = [p for p in papers.values() if p.owner == neighbour]
    assert len(theirs) == 1 and "someone_else" in theirs[0].defects
    assert fields_of(theirs[0])["full_name"] == neighbour.full_name


def test_a_missing_paper_is_left_at_home(sandbox, citizen):
    walk_in = arrive(
        sandbox, citizen, defects=["missing_paper"], include_optional=False
    )
    assert not walk_in.papers.filter(kind=PaperKind.BIRTH_CERTIFICATE).exists()


def test_unknown_defects_and_procedures_are_refused(sandbox, citizen):
    with pytest.raises(InvalidInput):
        arrive(sandbox, citizen, defects=["lost_in_space"])
    with pytest.raises(InvalidInput):
        arrive(sandbox, citizen, procedure="9.999999")
    assert not WalkIn.objects.exists()


def test_look_ups_are_audited_and_a_wrong_record_is_recorded(
    sandbox, grandmother, neighbour, commune_officer
):
    walk_in = arrive(sandbox, grandmother)
    actions.call_walk_in(walk_in, actor=commune_officer)
    found = actions.search_population(
        sandbox,
        actor=commune_officer,
        walk_in=walk_in,
        name=grandmother.full_name,
        birth_date=grandmother.birth_date,
    )
    assert found == [grandmother]
    actions.identify_citizen(
        walk_in, citizen=neighbour, actor=commune_officer, method="name_birth_date"
    )
    event = SandboxEvent.objects.get(
        sandbox=sandbox, action="counter.citizen_identified"
    )
    assert event.data["correct"] is False
    assert PopulationLookup.objects.filter(sandbox=sandbox).count() == 2


def test_the_e_form_is_prefilled_from_the_database_not_the_papers(
    sandbox, grandmother, commune_officer
):
    _walk_in, dossier = serve(
        sandbox, grandmother, commune_officer, defects=["birth_date_mismatch"]
    )
    assert dossier.form_data["applicant"][
        "birth_date"
    ] == grandmother.birth_date.strftime("%d/%m/%Y")
    assert dossier.channel == 1 and dossier.status == Status.FILED
    (opened,) = dossier.events.filter(action="counter.dossier_opened")
    assert opened.data["identified_correctly"] is True


def test_a_double_submitted_e_form_files_once(sandbox, citizen, commune_officer):
    walk_in, dossier = serve(sandbox, citizen, commune_officer)
    again = actions.open_dossier(
        walk_in, actor=commune_officer, procedure_code=BIRTH, phone="", request={}
    )
    assert again == dossier and dossier.sandbox.dossiers.count() == 1


def test_only_a_receiving_officer_works_the_counter(sandbox, citizen, specialist):
    walk_in = arrive(sandbox, citizen)
    with pytest.raises(NotPermitted):
        actions.call_walk_in(walk_in, actor=specialist)


def test_the_citizen_comes_back_with_the_supplement(
    sandbox, grandmother, commune_officer, officer_pin
):
    walk_in, dossier = serve(
        sandbox, grandmother, commune_officer, defects=["birth_date_mismatch"]
    )
    declaration = actions.mark_paper(
        walk_in.papers.get(kind=PaperKind.DECLARATION),
        handling=Paper.Status.RECEIVED_COPY,
        actor=commune_officer,
    )
    copy = actions.digitise_paper(
        declaration,
        actor=commune_officer,
        pin=officer_pin,
        fields=fields_of(declaration),
    )
    assert copy.differs_from_database == ["birth_date"]
    actions.request_supplement_at_counter(
        dossier,
        items=[
            {
                "key": "to_khai",
                "name": "Tờ khai đăng ký khai sinh",
                "reason": "Ngày sinh khác CSDL",
            }
        ],
        legal_basis="Điều 16 Luật Hộ tịch 2014",
        actor=commune_officer,
    )
    actions.finish_walk_in(walk_in, actor=commune_officer)
    sandbox = core.advance_clock(sandbox, timedelta(hours=27), actor=None)
    tick(sandbox)
    back = WalkIn.objects.get(sandbox=sandbox, purpose=WalkIn.Purpose.SUPPLEMENT)
    assert back.dossier == dossier
    corrected = back.papers.get()
    assert fields_of(corrected)["birth_date"] == grandmother.birth_date.strftime(
        "%d/%m/%Y"
    )
    actions.call_walk_in(back, actor=commune_officer)
    corrected = actions.mark_paper(
        corrected, handling=Paper.Status.RECEIVED_COPY, actor=commune_officer
    )
    actions.digitise_paper(
        corrected, actor=commune_officer, pin=officer_pin, fields=fields_of(corrected)
    )
    dossier = actions.record_supplement_at_counter(dossier, back, actor=commune_officer)
    assert dossier.status == Status.FILED
    assert dossier.documents.filter(kind="supplement").count() == 1
    dossier = actions.receive_at_counter(dossier, actor=commune_officer)
    assert dossier.status == Status.RECEIVED
