"""The documents the portal prints: labels and dates in Vietnamese."""

import subprocess

from django.utils import translation

from fake_portal import actions
from fake_portal.documents import render_result
from fake_portal.models import Channel
from fake_portal.request_content import request_rows

from .conftest import BIRTH

REQUEST = {
    "child_name": "Nguyễn Minh Khôi",
    "child_birth_date": "2026-02-20",
    "child_sex": "Nữ",
    "birth_place": "Bệnh viện Đa khoa tỉnh Ninh Bình",
}


def _text(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-raw", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return " ".join(result.stdout.decode().split())


def test_result_pdf_labels_the_request_in_vietnamese(sandbox, citizen):
    dossier = actions.file_dossier(
        sandbox=sandbox,
        procedure_code=BIRTH,
        applicant=citizen,
        channel=Channel.ONLINE,
        form_data={"applicant": {}, "request": REQUEST},
        actor_name="Nguyễn Thị Hoa",
    )
    with translation.override("en"):
        text = _text(render_result(dossier, signer_name="Lãnh đạo"))
    assert "Họ, chữ đệm, tên của trẻ: Nguyễn Minh Khôi" in text
    assert "Ngày sinh của trẻ: 20/02/2026" in text
    assert "Giới tính của trẻ: Nữ" in text
    assert "Nơi sinh: Bệnh viện Đa khoa tỉnh Ninh Bình" in text
    for machine_made in ("Child name", "Child birth date", "2026-02-20", "Birth place"):
        assert machine_made not in text


def test_request_rows_keep_the_forms_order_and_spell_out_sex():
    rows = request_rows(
        {"child_sex": "male", "child_name": "Khôi", "child_birth_date": "20/02/2026"}
    )
    assert rows == [
        ("Họ, chữ đệm, tên của trẻ", "Khôi"),
        ("Ngày sinh của trẻ", "20/02/2026"),
        ("Giới tính của trẻ", "Nam"),
    ]


def test_control_sheet_names_the_citizen_as_giver_and_the_officer_as_receiver(
    sandbox, citizen, commune_officer
):
    from fake_portal.documents import form_context

    dossier = actions.file_dossier(
        sandbox=sandbox,
        procedure_code=BIRTH,
        applicant=citizen,
        channel=Channel.ONLINE,
        form_data={"applicant": {"full_name": "Trần Quỳnh Khánh"}, "request": REQUEST},
        actor=commune_officer,  # a trainee playing the citizen on the citizen portal
        actor_name="Trần Quỳnh Khánh",
    )
    dossier = actions.receive_dossier(dossier, actor=commune_officer)
    officer = commune_officer.profile.full_name
    [receipt] = form_context(dossier, "06")["handovers"]
    assert receipt["giver"] == "Công dân (Trần Quỳnh Khánh)"
    assert receipt["receiver"] == f"Bộ phận Một cửa ({officer})"


def test_the_log_names_the_citizen_a_trainee_played(
    client, sandbox, citizen, commune_officer
):
    from django.urls import reverse

    dossier = actions.file_dossier(
        sandbox=sandbox,
        procedure_code=BIRTH,
        applicant=citizen,
        channel=Channel.ONLINE,
        form_data={"applicant": {}, "request": REQUEST},
        actor=commune_officer,
        actor_name="Trần Quỳnh Khánh",
    )
    client.force_login(commune_officer)
    page = client.get(reverse("portal:dossier", args=[sandbox.pk, dossier.code]))
    timeline = page.content.decode().split('class="timeline"')[1]
    assert "Nộp hồ sơ</strong> · Trần Quỳnh Khánh" in timeline
    assert commune_officer.profile.full_name not in timeline
