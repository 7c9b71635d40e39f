import pytest

from fake_portal.counter import actions
from fake_portal.counter.codes import RESULT_CODE
from fake_portal.counter.models import Paper, PaperKind
from fake_portal.models import DossierDocument
from tests.counter.conftest import events, fields_of, serve

pytestmark = pytest.mark.django_db


def _kept(walk_in, kind, officer):
    paper = walk_in.papers.get(kind=kind)
    return actions.mark_paper(paper, handling=Paper.Status.RECEIVED_COPY, actor=officer)


def test_a_kept_paper_is_digitised_signed_top_left_and_attached(
    sandbox, citizen, commune_officer, officer_pin
):
    walk_in, dossier = serve(sandbox, citizen, commune_officer)
    paper = _kept(walk_in, PaperKind.DECLARATION, commune_officer)
    copy = actions.digitise_paper(
        paper, actor=commune_officer, pin=officer_pin, fields=fields_of(paper)
    )
    assert RESULT_CODE.match(copy.result_code)
    assert copy.citizen == citizen and copy.dossier == dossier
    assert copy.signed_by == commune_officer
    signed = copy.signed_file.read()
    assert signed.startswith(b"%PDF") and b"/ByteRange" in signed
    document = DossierDocument.objects.get(dossier=dossier)
    assert document.signed and copy.result_code in document.name
    (event,) = events(dossier, "paper.digitised")
    assert event.data["result_code"] == copy.result_code
    assert event.data["exemption"] is None
