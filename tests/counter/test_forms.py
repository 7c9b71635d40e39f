"""The seven forms of Circular 03/2025 from a real counter dossier, and the receipt's QR."""

import subprocess
from datetime import timedelta

import pytest

from fake_portal import actions as portal
from fake_portal.counter import actions, logbook
from fake_portal.counter.actions._common import local_day
from fake_portal.counter.models import Paper, PaperKind
from fake_portal.documents import qr_payload, render_form
from fake_portal.signatures.trust import check_document
from tests.counter.conftest import fields_of, serve
from tests.counter.qr import decode_pdf

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-raw", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return " ".join(result.stdout.decode().split())


@pytest.fixture
def received(sandbox, citizen, commune_officer, officer_pin):
    walk_in, dossier = serve(sandbox, citizen, commune_officer)
    for kind in (PaperKind.DECLARATION, PaperKind.BIRTH_CERTIFICATE):
        paper = actions.mark_paper(
            walk_in.papers.get(kind=kind),
            handling=Paper.Status.RECEIVED_COPY,
            actor=commune_officer,
        )
        actions.digitise_paper(
            paper, actor=commune_officer, pin=officer_pin, fields=fields_of(paper)
        )
    return actions.receive_at_counter(dossier, actor=commune_officer)


def test_form_01_carries_the_dossier_and_a_qr_that_decodes_to_it(
    received, citizen, commune_officer
):
    pdf = render_form(received, "01")
    text = text_of(pdf)
    for value in (
        received.code,
        citizen.full_name,
        citizen.id_number,
        "Thôn Đông",
        "0912345678",
        "Đăng ký khai sinh",
        "1.001193",
        local_day(received.due_at).strftime("%d/%m/%Y"),
        "Tờ khai đăng ký khai sinh",
        "Giấy chứng sinh",
        "Cán bộ tiepnhan",
        "ĐÀO TẠO",
    ):
        assert value in text, (value, text)
    expected = "|".join(
        [
            received.code,
            "1.001193",
            citizen.id_number,
            local_day(received.due_at).isoformat(),
        ]
    )
    assert qr_payload(received) == expected
    assert decode_pdf(pdf) == expected


def test_signed_receipt_is_form_01_with_the_officers_valid_signature(
    received, commune_officer, officer_pin
):
    issued = actions.issue_receipt(received, actor=commune_officer, pin=officer_pin)
    pdf = issued.file.read()
    report = check_document(pdf)
    assert report.all_valid
    assert report.signatures[0].signer_name == "Cán bộ tiepnhan"
    assert received.code in text_of(pdf)
    assert decode_pdf(pdf) == qr_payload(received)


def test_forms_02_and_03_list_what_the_officer_wrote(sandbox, citizen, commune_officer):
    _walk_in, first = serve(sandbox, citizen, commune_officer, seed="a")
    actions.request_supplement_at_counter(
        first,
        items=[
            {
                "key": "giay_chung_sinh",
                "name": "Giấy chứng sinh",
                "reason": "Thiếu trang 2",
            }
        ],
        legal_basis="Điều 16 Luật Hộ tịch 2014",
        actor=commune_officer,
    )
    text = text_of(render_form(first, "02"))
    for value in (
        first.code,
        "Giấy chứng sinh",
        "Thiếu trang 2",
        "Điều 16 Luật Hộ tịch",
    ):
        assert value in text
    actions.finish_walk_in(_walk_in, actor=commune_officer)
    _walk_in, second = serve(sandbox, citizen, commune_officer, seed="b")
    actions.refuse_at_counter(
        second,
        reasons="Thủ tục không thuộc thẩm quyền",
        legal_basis="Nghị định 118/2025/NĐ-CP",
        actor=commune_officer,
    )
    text = text_of(render_form(second, "03"))
    for value in (second.code, "không thuộc thẩm quyền", "118/2025", citizen.full_name):
        assert value in text


def test_forms_04_05_06_follow_the_dossier(
    received, commune_officer, specialist, leader
):
    new_due = received.due_at + timedelta(days=3)
    dossier = portal.apologise(
        received,
        reason="Chờ xác minh của cơ quan khác",
        new_due_at=new_due,
        actor=commune_officer,
    )
    text = text_of(render_form(dossier, "04"))
    assert "Chờ xác minh của cơ quan khác" in text and dossier.code in text
    dossier = portal.assign_dossier(
        dossier, specialist=specialist, actor=commune_officer
    )
    dossier = portal.stop_processing(
        dossier,
        reason="Công dân đề nghị dừng",
        legal_basis="Nghị định 118/2025/NĐ-CP",
        actor=leader,
    )
    text = text_of(render_form(dossier, "05"))
    assert "Công dân đề nghị dừng" in text and dossier.code in text
    text = text_of(render_form(dossier, "06"))
    assert "Bộ phận Một cửa" in text and "Chuyên viên xử lý" in text
    assert "Cán bộ tiepnhan" in text


def test_form_04_prints_the_old_and_the_new_appointment_dates(
    received, commune_officer
):
    old_due, new_due = received.due_at, received.due_at + timedelta(days=3)
    dossier = portal.apologise(
        received, reason="Chờ xác minh", new_due_at=new_due, actor=commune_officer
    )
    text = text_of(render_form(dossier, "04"))
    assert local_day(old_due).strftime("%d/%m/%Y") in text
    assert local_day(new_due).strftime("%d/%m/%Y") in text


def test_form_07_lists_the_dossier_with_its_dates(received, sandbox, citizen):
    day = local_day(received.filed_at)
    period = logbook.Period(day, day)
    table = logbook.rows(sandbox, sandbox.commune, period)
    assert [row[1] for row in table] == [received.code]
    pdf = logbook.to_pdf(table, sandbox.commune, period, issued=sandbox.now())
    text = text_of(pdf)
    for value in (
        received.code,
        citizen.full_name,
        "Sổ theo dõi hồ sơ",
        "Mẫu số 07",
        "ĐÀO TẠO",
    ):
        assert value.lower() in text.lower()
    row = table[0]
    assert row[8] and row[9]  # received, appointment
