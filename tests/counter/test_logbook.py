import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fake_portal import actions as portal
from fake_portal.counter import logbook
from fake_portal.counter.actions._common import local_day
from fake_portal.models import Channel
from sandbox import actions as core
from tests.counter.conftest import BIRTH

pytestmark = pytest.mark.django_db


def file(sandbox, citizen, *, unit=None, name=None):
    applicant = {"full_name": name or citizen.full_name, "address": "Thôn Đông"}
    return portal.file_dossier(
        sandbox=sandbox,
        procedure_code=BIRTH,
        applicant=citizen,
        channel=Channel.ONLINE,
        form_data={"applicant": applicant, "request": {}},
        receiving_commune=unit,
        actor_name=citizen.full_name,
    )


def next_day(sandbox):
    return core.advance_clock(sandbox, timedelta(days=1), actor=None)


def test_the_log_book_lists_exactly_the_units_dossiers_of_the_period(
    sandbox, citizen, other_commune, world, commune_officer
):
    before = file(sandbox, citizen)
    sandbox = next_day(sandbox)
    first_day = local_day(sandbox.now())
    inside = [file(sandbox, citizen), file(sandbox, citizen)]
    elsewhere = file(sandbox, citizen, unit=other_commune)
    sandbox = next_day(sandbox)
    inside.append(file(sandbox, citizen))
    last_day = local_day(sandbox.now())
    sandbox = next_day(sandbox)
    after = file(sandbox, citizen)
    other_box = portal.open_practice_sandbox(user=commune_officer, world=world, speed=1)
    foreign = file(other_box, citizen)

    table = logbook.rows(sandbox, sandbox.commune, logbook.Period(first_day, last_day))

    codes = [row[1] for row in table]
    assert codes == [d.code for d in inside]
    assert {before.code, after.code, elsewhere.code} & set(codes) == set()
    assert foreign.pk not in [d.pk for d in inside]
    assert [row[0] for row in table] == ["1", "2", "3"]
    # "Ngày, giờ nhận hồ sơ": blank for a dossier filed but not yet received.
    assert table[0][8] == ""
    received = portal.receive_dossier(
        inside[0], actor=commune_officer, version=inside[0].version
    )
    table = logbook.rows(sandbox, sandbox.commune, logbook.Period(first_day, last_day))
    assert table[0][8] == logbook._when(received.received_at) != ""


def test_exports_mark_training_and_neutralise_formulas(sandbox, citizen):
    file(sandbox, citizen, name='=HYPERLINK("http://x.invalid","bấm")')
    file(sandbox, citizen, name="+84 912")
    day = local_day(sandbox.now())
    period = logbook.Period(day, day)
    table = logbook.rows(sandbox, sandbox.commune, period)

    lines = list(
        csv.reader(
            io.StringIO(
                logbook.to_csv(table, sandbox.commune, period).decode("utf-8-sig")
            )
        )
    )
    assert "ĐÀO TẠO" in lines[0][0]
    assert lines[2] == logbook.HEADERS
    names = [line[4] for line in lines[3:]]
    assert names == ['\'=HYPERLINK("http://x.invalid","bấm")', "'+84 912"]

    book = load_workbook(io.BytesIO(logbook.to_xlsx(table, sandbox.commune, period)))
    sheet = book.active
    assert sheet.title == "Sổ theo dõi (đào tạo)"
    assert "ĐÀO TẠO" in sheet["A1"].value
    cells = [sheet.cell(row=r, column=5) for r in (4, 5)]
    assert [c.value for c in cells] == names
    assert all(c.data_type == "s" for c in cells)


def test_log_book_page_filters_and_downloads(client, commune_officer, sandbox, citizen):
    file(sandbox, citizen)
    client.force_login(commune_officer)
    url = reverse("counter:logbook", kwargs={"sandbox": sandbox.pk})
    day = local_day(sandbox.now()).isoformat()
    page = client.get(url, {"tu": day, "den": day})
    assert "Mẫu số 07" in page.content.decode() or "mẫu 07" in page.content.decode()
    for kind, start in (("pdf", b"%PDF"), ("xlsx", b"PK"), ("csv", b"\xef\xbb\xbf")):
        response = client.get(url, {"tu": day, "den": day, "dang": kind})
        assert response.status_code == 200 and response.content.startswith(start)
        assert "attachment" in response["Content-Disposition"]
    empty = client.get(url, {"tu": "2020-01-01", "den": "2020-01-02"})
    assert "Không có hồ sơ nào trong kỳ" in empty.content.decode()
    swapped = client.get(url, {"tu": day, "den": "2020-01-01"})
    assert swapped.status_code == 200
