"""A paper digitised once is reused by the citizen's next dossier, never asked for again."""

import pytest

from fake_portal.counter import actions, requirements
from fake_portal.counter.models import CopyReuse, DigitisedCopy, Paper, PaperKind
from fake_portal.models import DossierDocument
from tests.counter.conftest import events, fields_of, serve

pytestmark = pytest.mark.django_db
LAND_REGISTRATION, BUILDING_PERMIT = "1.013978", "1.009994"


@pytest.fixture
def first_visit(sandbox, citizen, commune_officer, officer_pin):
    walk_in, dossier = serve(
        sandbox,
        citizen,
        commune_officer,
        procedure=LAND_REGISTRATION,
        include_optional=True,
        request={},
    )
    land = actions.mark_paper(
        walk_in.papers.get(kind=PaperKind.LAND_CERTIFICATE),
        handling=Paper.Status.RECEIVED_COPY,
        actor=commune_officer,
    )
    copy = actions.digitise_paper(
        land, actor=commune_officer, pin=officer_pin, fields=fields_of(land)
    )
    actions.receive_at_counter(dossier, actor=commune_officer)
    actions.finish_walk_in(walk_in, actor=commune_officer)
    return copy


def test_the_next_dossier_shows_the_copy_and_does_not_ask_again(
    first_visit, sandbox, citizen, commune_officer
):
    walk_in, dossier = serve(
        sandbox,
        citizen,
        commune_officer,
        procedure=BUILDING_PERMIT,
        seed="2",
        request={},
    )
    (line,) = [
        line
        for line in requirements.checklist_for(dossier)
        if line.key == "giay_to_dat"
    ]
    assert line.status == requirements.REUSABLE and line.copy == first_visit
    assert str(line.message) == "Đã có bản số hóa – không yêu cầu lại."

    reuse = actions.reuse_copy(
        dossier, first_visit, key="giay_to_dat", actor=commune_officer
    )
    again = actions.reuse_copy(
        dossier, first_visit, key="giay_to_dat", actor=commune_officer
    )

    assert reuse == again and CopyReuse.objects.filter(dossier=dossier).count() == 1
    assert DigitisedCopy.objects.count() == 1
    document = DossierDocument.objects.get(dossier=dossier)
    assert document.signed and first_visit.result_code in document.name
    (event,) = events(dossier, "paper.reused")
    assert event.data["result_code"] == first_visit.result_code
    (line,) = [
        line
        for line in requirements.checklist_for(dossier)
        if line.key == "giay_to_dat"
    ]
    assert line.status == requirements.REUSED
    actions.receive_at_counter(dossier, actor=commune_officer)
    assert events(dossier, "paper.requested_again") == []
    assert events(dossier, "dossier.papers_checked")[-1].data["reused"] == 1


def test_keeping_the_paper_again_instead_of_reusing_is_recorded(
    first_visit, sandbox, citizen, commune_officer
):
    walk_in, dossier = serve(
        sandbox,
        citizen,
        commune_officer,
        procedure=BUILDING_PERMIT,
        seed="2",
        request={},
    )
    actions.mark_paper(
        walk_in.papers.get(kind=PaperKind.LAND_CERTIFICATE),
        handling=Paper.Status.RECEIVED_COPY,
        actor=commune_officer,
    )
    (event,) = events(dossier, "paper.requested_again")
    assert event.data["copy"] == first_visit.result_code


def test_asking_for_it_in_a_supplement_request_is_recorded(
    first_visit, sandbox, citizen, commune_officer
):
    _walk_in, dossier = serve(
        sandbox,
        citizen,
        commune_officer,
        procedure=BUILDING_PERMIT,
        seed="2",
        request={},
    )
    actions.request_supplement_at_counter(
        dossier,
        items=[
            {"key": "giay_to_dat", "name": "Giấy tờ về đất", "reason": "Cần bản sao"}
        ],
        legal_basis="Luật Xây dựng",
        actor=commune_officer,
    )
    (event,) = events(dossier, "paper.requested_again")
    assert event.data["via"] == "supplement_request"


def test_another_citizens_copy_cannot_be_reused(
    first_visit, sandbox, neighbour, commune_officer
):
    from fake_portal.errors import InvalidInput

    _walk_in, dossier = serve(
        sandbox,
        neighbour,
        commune_officer,
        procedure=BUILDING_PERMIT,
        seed="3",
        request={},
    )
    line = [
        line
        for line in requirements.checklist_for(dossier)
        if line.key == "giay_to_dat"
    ][0]
    assert line.status != requirements.REUSABLE
    with pytest.raises(InvalidInput):
        actions.reuse_copy(
            dossier, first_visit, key="giay_to_dat", actor=commune_officer
        )
    assert not CopyReuse.objects.exists()
