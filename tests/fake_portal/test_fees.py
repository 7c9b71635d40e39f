"""The fee a dossier owes: the catalogue's on-time waivers for birth and death registration."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from fake_portal import actions
from fake_portal.catalogue import load_catalogue
from fake_portal.fees import assess_fee
from fake_portal.models import Channel, Dossier

from .conftest import BIRTH
from .test_views import _citizen_session

DEATH = "1.000656"


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
    assert assess_fee(procedure, request, date(2026, 3, 2)).amount == owed


@pytest.mark.parametrize(
    "declared,owed",
    [
        ("2026-02-15", 0),  # the 15th day
        ("2026-02-14", 8000),  # the 16th day
        ("27/02/2026", 0),  # as printed on a paper declaration
        ("2026-03-05", 8000),  # a death in the future is no ground for a waiver
        ("", 8000),
    ],
)
def test_death_waiver_window_is_fifteen_days(declared, owed):
    procedure = load_catalogue().get(DEATH)
    request = {"death_date": declared}
    assert assess_fee(procedure, request, date(2026, 3, 2)).amount == owed


def test_the_interlinked_death_group_stays_free():
    procedure = load_catalogue().get("LT.002")
    fee = assess_fee(procedure, {"death_date": "2025-01-01"}, date(2026, 3, 2))
    assert fee.amount == 0 and fee.waiver == ""  # free by the catalogue, not waived


def test_one_assessment_gives_the_amount_and_the_reason_together():
    procedure = load_catalogue().get(BIRTH)
    waived = assess_fee(procedure, {"child_birth_date": "2026-02-20"}, date(2026, 3, 2))
    owed = assess_fee(procedure, {"child_birth_date": "2025-12-01"}, date(2026, 3, 2))
    assert waived.amount == 0 and str(waived.waiver).startswith("Miễn lệ phí")
    assert owed.amount == 8000 and owed.waiver == ""


def test_the_event_log_keeps_the_waiver_in_vietnamese_whatever_the_language(
    sandbox, citizen
):
    with translation.override("en"):
        dossier = _file(sandbox, citizen, "2026-02-20")
        shown = dossier.fee_waiver
    filed = dossier.events.get(action="dossier.filed")
    assert filed.data["fee"] == 0
    assert filed.data["fee_waiver"] == (
        "Miễn lệ phí: đăng ký khai sinh đúng hạn (trong 60 ngày kể từ ngày sinh; "
        "Điều 11 Luật Hộ tịch)."
    )
    assert shown.startswith("Fee waived: birth registered on time")


def _uploads(code):
    documents = load_catalogue().get(code).required_documents
    return {
        f"doc_{d.key}": SimpleUploadedFile(
            f"{d.key}.pdf", b"%PDF-1.7 scan", content_type="application/pdf"
        )
        for d in documents
        if d.required and not d.data_in_national_database and d.kind != "shown_only"
    }


def _file_death_online(client, sandbox, citizen, death_date):
    _citizen_session(client, sandbox, citizen)
    form = {
        "token": f"t-{death_date}",
        "phone": "0912345678",
        "deceased_name": "Nguyễn Văn Tâm",
        "death_date": death_date,
        "death_place": "Trạm y tế xã",
    }
    return client.post(
        reverse("citizen:file", args=[sandbox.pk, DEATH]), {**form, **_uploads(DEATH)}
    )


def test_death_registered_online_within_fifteen_days_is_free(
    client, sandbox, citizen, commune_officer
):
    # The sandbox's clock reads 2 March 2026: a death on 15 February is on time.
    client.force_login(commune_officer)
    response = _file_death_online(client, sandbox, citizen, "2026-02-15")
    dossier = Dossier.objects.get(sandbox=sandbox)
    assert response.url == reverse("citizen:dossier", args=[sandbox.pk, dossier.code])
    assert dossier.form_data["request"]["death_date"] == "2026-02-15"
    assert dossier.fee_amount == 0
    assert "đăng ký khai tử đúng hạn" in dossier.fee_waiver
    page = client.get(reverse("portal:dossier", args=[sandbox.pk, dossier.code]))
    assert "Miễn lệ phí: đăng ký khai tử đúng hạn" in page.content.decode()


def test_death_registered_online_after_fifteen_days_owes_the_fee(
    client, sandbox, citizen, commune_officer
):
    client.force_login(commune_officer)
    response = _file_death_online(client, sandbox, citizen, "2026-02-14")
    dossier = Dossier.objects.get(sandbox=sandbox)
    assert dossier.fee_amount == 8000 and dossier.fee_waiver == ""
    assert response.url == reverse("citizen:pay", args=[sandbox.pk, dossier.code])
