"""The fee a dossier owes: the catalogue's on-time waiver for birth registration."""

from datetime import date

import pytest
from django.urls import reverse

from fake_portal import actions
from fake_portal.catalogue import load_catalogue
from fake_portal.fees import fee_due
from fake_portal.models import Channel

from .conftest import BIRTH


def _file(sandbox, citizen, birth_date):
    return actions.file_dossier(
        sandbox=sandbox,
        procedure_code=BIRTH,
        applicant=citizen,
        channel=Channel.ONLINE,
        form_data={"applicant": {}, "request": {"child_birth_date": birth_date}},
        actor_name="Nguyễn Thị Hoa",
    )


def test_birth_registered_on_time_owes_nothing_and_says_why(
    client, sandbox, citizen, commune_officer
):
    # The sandbox's clock reads 2 March 2026: a birth on 20 February is on time.
    dossier = _file(sandbox, citizen, "2026-02-20")
    assert dossier.fee_amount == 0
    assert "đăng ký khai sinh đúng hạn" in dossier.fee_waiver
    filed = dossier.events.get(action="dossier.filed")
    assert filed.data["fee"] == 0 and "Miễn lệ phí" in filed.data["fee_waiver"]
    client.force_login(commune_officer)
    page = client.get(reverse("portal:dossier", args=[sandbox.pk, dossier.code]))
    assert "Miễn lệ phí: đăng ký khai sinh đúng hạn" in page.content.decode()


def test_late_birth_registration_owes_the_fee(sandbox, citizen):
    dossier = _file(sandbox, citizen, "2025-12-01")
    assert dossier.fee_amount == load_catalogue().get(BIRTH).fee.amount_for(1)
    assert dossier.fee_amount > 0 and dossier.fee_waiver == ""


@pytest.mark.parametrize(
    "declared,owed",
    [
        ("2026-01-01", 0),  # the 60th day
        ("2025-12-31", 8000),  # the 61st day
        ("01/02/2026", 0),  # as printed on a paper declaration
        ("", 8000),  # nothing declared: no waiver can be shown
    ],
)
def test_waiver_window_is_sixty_days(declared, owed):
    procedure = load_catalogue().get(BIRTH)
    request = {"child_birth_date": declared}
    assert fee_due(procedure, request, date(2026, 3, 2)) == owed
