"""Results issued on paper are digitised too; electronic results need not be."""

import pytest

from fake_portal import actions as portal
from fake_portal.counter import actions
from fake_portal.counter.index import index_for
from fake_portal.counter.models import DigitisedCopy
from fake_portal.errors import InvalidInput
from fake_portal.models import Channel, Status
from tests.counter.conftest import BIRTH
from tests.counter.test_post import done  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper_result(sandbox, citizen, commune_officer):
    """A result the competent agency sent back on paper (no electronic document)."""
    dossier = portal.file_dossier(
        sandbox=sandbox,
        procedure_code=BIRTH,
        applicant=citizen,
        channel=Channel.IN_PERSON,
        form_data={"applicant": {"full_name": citizen.full_name}},
        actor=commune_officer,
    )
    dossier = portal.receive_dossier(dossier, actor=commune_officer)
    dossier = portal.transfer_dossier(
        dossier, agency="commune:1", agency_name="UBND xã khác", actor=commune_officer
    )
    return portal.return_transfer(
        dossier, agency_name="UBND xã khác", opinion="Xong", result_ready=True
    )


def test_a_paper_result_is_digitised_into_the_citizens_store(
    paper_result, commune_officer, officer_pin, sandbox
):
    assert paper_result.status == Status.DONE
    copy = actions.digitise_result(paper_result, actor=commune_officer, pin=officer_pin)
    assert copy.is_result and copy.citizen == paper_result.applicant
    assert copy.signed_file.read().startswith(b"%PDF")
    (event,) = paper_result.events.filter(action="result.digitised")
    assert event.data["result_code"] == copy.result_code
    with pytest.raises(InvalidInput):
        actions.digitise_result(paper_result, actor=commune_officer, pin=officer_pin)
    assert DigitisedCopy.objects.filter(is_result=True).count() == 1
    rates = index_for([sandbox])[sandbox.commune_id]
    assert (rates.results, rates.results_digitised) == (1, 1)


def test_an_electronic_result_is_not_digitised(done, commune_officer, officer_pin):  # noqa: F811
    with pytest.raises(InvalidInput, match="bản điện tử"):
        actions.digitise_result(done, actor=commune_officer, pin=officer_pin)
    assert not DigitisedCopy.objects.exists()
