"""A fee paid in cash at the desk: the receipt, the payment recorded, processing resumed."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.urls import reverse

from fake_portal import actions as portal
from fake_portal.applicants import applicant_from_database
from fake_portal.counter import actions
from fake_portal.counter.codes import RECEIPT_SERIES, receipt_number, receipt_series
from fake_portal.counter.events import label
from fake_portal.counter.forms import parse_amount
from fake_portal.counter.models import FeeReceipt
from fake_portal.errors import InvalidInput, NotPermitted, StaleDossier
from fake_portal.models import Channel, Dossier, Status
from sandbox import actions as core
from tests.counter.conftest import BIRTH, events, serve

pytestmark = pytest.mark.django_db

# The sandbox's clock reads 2 March 2026: a birth of 1 December 2025 is registered late
# and owes the catalogue's (illustrative) 8.000 đ; one of 20 February 2026 is on time.
LATE = "2025-12-01"
ON_TIME = "2026-02-20"
FEE = 8000
MARKING = "MÔI TRƯỜNG ĐÀO TẠO – DỮ LIỆU MÔ PHỎNG"


def late_birth(sandbox, citizen, officer=None, birth_date=LATE):
    """A birth filed at the counter (channel 1), owing the fee unless on time."""
    return portal.file_dossier(
        sandbox=sandbox,
        procedure_code=BIRTH,
        applicant=citizen,
        channel=Channel.IN_PERSON,
        form_data={
            "applicant": applicant_from_database(citizen),
            "request": {
                "child_name": "Nguyễn Minh Khôi",
                "child_birth_date": birth_date,
            },
        },
        actor=officer,
    )


def fresh(dossier):
    return Dossier.objects.get(pk=dossier.pk)


def url(name, sandbox, **kwargs):
    return reverse(f"counter:{name}", kwargs={"sandbox": sandbox.pk, **kwargs})


def untouched(dossier, before):
    """Nothing was written: same version, no receipt, no new event, still unpaid."""
    after = fresh(dossier)
    assert after.version == before.version and not after.fee_paid
    assert after.events.count() == before.events.count()
    assert not FeeReceipt.objects.filter(dossier=dossier).exists()


@pytest.fixture
def officer_client(client, commune_officer):
    client.force_login(commune_officer)
    return client


# ---------------------------------------------------------------- the happy path


def test_a_walk_in_pays_in_cash_and_takes_a_printed_receipt(
    officer_client, sandbox, citizen, commune_officer
):
    walk_in, dossier = serve(
        sandbox, citizen, commune_officer, request={"child_birth_date": LATE}
    )
    assert dossier.fee_amount == FEE and dossier.status == Status.FILED

    page = officer_client.get(url("walk-in", sandbox, pk=walk_in.pk)).content.decode()
    assert "Thu phí, lệ phí" in page and "8.000 đ" in page
    assert re.search(r'<button type="submit"[^>]*>Thu tiền mặt</button>', page)
    assert f'name="walk_in" value="{walk_in.pk}"' in page

    response = officer_client.post(
        url("collect-cash", sandbox, code=dossier.code),
        {
            "thu-tien-tendered": "8.000",
            "thu-tien-version": dossier.version,
            "walk_in": walk_in.pk,
        },
    )
    receipt = FeeReceipt.objects.get(dossier=dossier)
    assert response.status_code == 302
    assert response.url == url("fee-receipt", sandbox, pk=receipt.pk)

    paid = fresh(dossier)
    assert paid.fee_paid and paid.status == Status.FILED  # nothing stopped it: it stays
    assert paid.version == dossier.version + 1
    assert (receipt.form_symbol, receipt.series, receipt.number) == (
        "01BLP0-001",
        "SB-26E",
        1,
    )
    assert receipt.amount == FEE and receipt.payer_name == citizen.full_name
    assert receipt.collector_name == commune_officer.profile.full_name

    (payment,) = events(dossier, "dossier.payment_recorded")
    assert payment.actor == commune_officer and payment.from_status == Status.FILED
    assert payment.data == {
        "amount": FEE,
        "reference": "SB-26E-0000001",
        "receipt": "SB-26E-0000001",
        "channel": "cash_at_counter",
        "channel_label": "tiền mặt tại Bộ phận Một cửa",
        "collected_by": commune_officer.profile.full_name,
    }
    (issued,) = events(dossier, "fee_receipt.issued")
    assert issued.actor == commune_officer
    assert issued.data["receipt"] == "SB-26E-0000001" and issued.data["amount"] == FEE
    assert issued.data["id"] == receipt.pk and issued.data["form"] == "01BLP0-001"

    printed = officer_client.get(response.url).content.decode()
    for text in (
        MARKING,
        "Biên lai thu phí, lệ phí",
        citizen.full_name,
        citizen.id_number,
        dossier.code,
        "Đăng ký khai sinh",
        "8.000 đ",
        "Tám nghìn đồng",
        "01BLP0-001",
        "SB-26E",
        "0000001",
        "Tiền mặt tại Bộ phận Một cửa",
        commune_officer.profile.full_name,
        "Đã thu 8.000 đ tiền mặt",
    ):
        assert text in printed, text

    # The officer goes on with the dossier: the fee no longer stands in the way.
    desk = officer_client.get(url("desk", sandbox, code=dossier.code)).content.decode()
    assert "Thu tiền mặt</button>" not in desk
    assert (
        "SB-26E số 0000001" in desk and "đã được nộp (biên lai SB-26E-0000001)" in desk
    )
    assert "Thu tiền mặt tại quầy, cấp biên lai thu phí, lệ phí" in desk
    received = actions.receive_at_counter(fresh(dossier), actor=commune_officer)
    assert received.status == Status.RECEIVED


def test_the_event_has_a_label_every_timeline_shows():
    assert label("fee_receipt.issued") == (
        "Thu tiền mặt tại quầy, cấp biên lai thu phí, lệ phí"
    )


@pytest.mark.parametrize(
    "path,resume",
    [([], Status.RECEIVED), (["assign"], Status.PROCESSING)],
    ids=["received", "processing"],
)
def test_a_payment_request_is_paid_at_the_desk_and_processing_resumes(
    sandbox, citizen, commune_officer, specialist, path, resume
):
    dossier = portal.receive_dossier(
        late_birth(sandbox, citizen), actor=commune_officer
    )
    if path:
        dossier = portal.assign_dossier(
            dossier, specialist=specialist, actor=commune_officer
        )
    dossier = portal.request_payment(dossier, amount=25000, actor=commune_officer)
    assert dossier.status == Status.PAYMENT_REQUESTED
    assert actions.cash_due(dossier).amount == 25000

    receipt = actions.collect_cash_fee(
        dossier, tendered=25000, actor=commune_officer, version=dossier.version
    )

    after = fresh(dossier)
    assert receipt.amount == 25000
    assert after.status == resume and after.fee_paid
    (payment,) = events(dossier, "dossier.payment_recorded")
    assert (payment.from_status, payment.to_status) == (
        Status.PAYMENT_REQUESTED,
        resume,
    )


def test_the_desk_resumes_a_dossier_as_the_gateway_does(
    sandbox, citizen, commune_officer
):
    """The same payment request, paid online and in cash, leaves the dossier alike."""

    def requested():
        dossier = portal.receive_dossier(
            late_birth(sandbox, citizen), actor=commune_officer
        )
        return portal.request_payment(dossier, amount=FEE, actor=commune_officer)

    online = portal.record_payment(requested(), amount=FEE, reference="GD-1")
    cash = requested()
    actions.collect_cash_fee(cash, tendered=FEE, actor=commune_officer)
    cash = fresh(cash)
    assert (cash.status, cash.stage, cash.fee_paid) == (
        online.status,
        online.stage,
        online.fee_paid,
    )
    (by_gateway,) = events(online, "dossier.payment_recorded")
    (by_cash,) = events(cash, "dossier.payment_recorded")
    assert (by_gateway.data["channel"], by_cash.data["channel"]) == (
        "gateway",
        "cash_at_counter",
    )
    assert by_gateway.data["channel_label"] == "cổng thanh toán trực tuyến"


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    "tendered,words",
    [
        (
            5000,
            [
                "Số tiền công dân nộp (5.000 đ) ít hơn số phải nộp (8.000 đ)",
                "Chưa ghi nhận khoản thu nào",
            ],
        ),
        (
            10000,
            [
                "Số tiền ghi thu (10.000 đ) nhiều hơn số phải nộp (8.000 đ)",
                "trả lại tiền thừa",
                "Chưa ghi nhận khoản thu nào",
            ],
        ),
        (0, ["Nhập số tiền công dân nộp"]),
    ],
    ids=["less", "more", "nothing"],
)
def test_a_wrong_amount_is_refused_and_nothing_is_recorded(
    sandbox, citizen, commune_officer, tendered, words
):
    dossier = late_birth(sandbox, citizen)
    with pytest.raises(InvalidInput) as error:
        actions.collect_cash_fee(
            dossier, tendered=tendered, actor=commune_officer, version=dossier.version
        )
    for fragment in words:
        assert fragment in str(error.value)
    untouched(dossier, dossier)


def test_a_short_payment_at_the_desk_page_says_why_beside_the_form(
    officer_client, sandbox, citizen, commune_officer
):
    dossier = late_birth(sandbox, citizen)
    page = officer_client.post(
        url("collect-cash", sandbox, code=dossier.code),
        {"thu-tien-tendered": "5000", "thu-tien-version": dossier.version},
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "ít hơn số phải nộp (8.000 đ)" in body
    assert "Chưa thu tiền, chưa cấp biên lai" in body
    assert 'value="5000"' in body  # what the officer typed is kept
    untouched(dossier, dossier)


def test_an_amount_that_is_not_a_number_is_refused_by_the_form(
    officer_client, sandbox, citizen
):
    dossier = late_birth(sandbox, citizen)
    page = officer_client.post(
        url("collect-cash", sandbox, code=dossier.code),
        {"thu-tien-tendered": "8,5", "thu-tien-version": dossier.version},
    )
    assert "Nhập số tiền bằng chữ số" in page.content.decode()
    untouched(dossier, dossier)


@pytest.mark.parametrize(
    "typed,amount",
    [
        ("8000", 8000),
        ("8.000", 8000),
        ("8 000", 8000),
        ("8.000 đ", 8000),
        ("8000đ", 8000),
        ("8,000", 8000),
        ("1.250.000 đồng", 1_250_000),
        ("8,5", None),
        ("8.00", None),
        ("8.0000", None),
        ("-8000", None),
        ("²", None),
        ("tám nghìn", None),
        ("", None),
    ],
)
def test_amounts_are_read_as_a_desk_types_them(typed, amount):
    assert parse_amount(typed) == amount


def test_a_waived_fee_is_not_collected(
    officer_client, sandbox, citizen, commune_officer
):
    dossier = late_birth(sandbox, citizen, birth_date=ON_TIME)
    assert dossier.fee_amount == 0
    with pytest.raises(InvalidInput) as error:
        actions.collect_cash_fee(dossier, tendered=FEE, actor=commune_officer)
    assert "Miễn lệ phí: đăng ký khai sinh đúng hạn" in str(error.value)
    assert "Không thu tiền của công dân" in str(error.value)
    untouched(dossier, dossier)
    desk = officer_client.get(url("desk", sandbox, code=dossier.code)).content.decode()
    assert "Thu tiền mặt" not in desk


def test_a_fee_received_unpaid_is_asked_for_before_it_is_taken(
    officer_client, sandbox, citizen, commune_officer
):
    dossier = portal.receive_dossier(
        late_birth(sandbox, citizen), actor=commune_officer
    )
    with pytest.raises(InvalidInput) as error:
        actions.collect_cash_fee(dossier, tendered=FEE, actor=commune_officer)
    assert "Yêu cầu nộp phí, lệ phí" in str(error.value)
    untouched(dossier, dossier)
    desk = officer_client.get(url("desk", sandbox, code=dossier.code)).content.decode()
    assert "Thu tiền mặt</button>" not in desk and "trạng thái 6" in desk


def test_a_fee_paid_at_the_desk_is_not_taken_twice(sandbox, citizen, commune_officer):
    dossier = late_birth(sandbox, citizen)
    actions.collect_cash_fee(
        dossier, tendered=FEE, actor=commune_officer, version=dossier.version
    )
    paid = fresh(dossier)
    with pytest.raises(InvalidInput) as error:
        actions.collect_cash_fee(
            paid, tendered=FEE, actor=commune_officer, version=paid.version
        )
    assert "đã được nộp (biên lai SB-26E-0000001); không thu lại" in str(error.value)
    assert FeeReceipt.objects.filter(dossier=dossier).count() == 1
    assert len(events(dossier, "dossier.payment_recorded")) == 1


def test_a_fee_paid_online_is_not_taken_again_at_the_desk(
    sandbox, citizen, commune_officer
):
    dossier = portal.record_payment(
        late_birth(sandbox, citizen), amount=FEE, reference="GD-7A"
    )
    with pytest.raises(InvalidInput) as error:
        actions.collect_cash_fee(dossier, tendered=FEE, actor=commune_officer)
    assert "đã được nộp (mã giao dịch GD-7A)" in str(error.value)
    assert not FeeReceipt.objects.exists()


@pytest.mark.parametrize("who", ["specialist", "leader"])
def test_only_the_receiving_officer_takes_cash(request, sandbox, citizen, client, who):
    person = request.getfixturevalue(who)
    dossier = late_birth(sandbox, citizen)
    with pytest.raises(NotPermitted):
        actions.collect_cash_fee(
            dossier, tendered=FEE, actor=person, version=dossier.version
        )
    client.force_login(person)
    page = client.post(
        url("collect-cash", sandbox, code=dossier.code),
        {"thu-tien-tendered": "8000", "thu-tien-version": dossier.version},
    )
    assert "Chỉ cán bộ tiếp nhận" in page.content.decode()
    untouched(dossier, dossier)


def test_another_sandbox_cannot_take_or_see_the_money(
    sandbox, citizen, commune_officer, other_officer, client
):
    dossier = late_birth(sandbox, citizen)
    receipt = actions.collect_cash_fee(dossier, tendered=FEE, actor=commune_officer)
    client.force_login(other_officer)
    assert client.get(url("fee-receipt", sandbox, pk=receipt.pk)).status_code == 404
    response = client.post(
        url("collect-cash", sandbox, code=dossier.code),
        {"thu-tien-tendered": "8000", "thu-tien-version": 1},
    )
    assert response.status_code == 404


def test_a_closed_sandbox_takes_no_money(sandbox, citizen, commune_officer):
    dossier = late_birth(sandbox, citizen)
    core.close_sandbox(sandbox, actor=commune_officer)
    with pytest.raises(InvalidInput):
        actions.collect_cash_fee(fresh(dossier), tendered=FEE, actor=commune_officer)
    untouched(dossier, dossier)


# ---------------------------------------------------------------- double submits


def test_a_form_posted_twice_takes_the_money_once(
    officer_client, sandbox, citizen, commune_officer
):
    dossier = late_birth(sandbox, citizen)
    post = {"thu-tien-tendered": "8000", "thu-tien-version": dossier.version}
    first = officer_client.post(url("collect-cash", sandbox, code=dossier.code), post)
    second = officer_client.post(url("collect-cash", sandbox, code=dossier.code), post)
    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    assert FeeReceipt.objects.filter(dossier=dossier).count() == 1
    assert len(events(dossier, "dossier.payment_recorded")) == 1
    assert len(events(dossier, "fee_receipt.issued")) == 1
    assert fresh(dossier).version == dossier.version + 1


def test_the_action_called_twice_with_one_version_returns_the_first_receipt(
    sandbox, citizen, commune_officer
):
    dossier = late_birth(sandbox, citizen)
    first = actions.collect_cash_fee(
        dossier, tendered=FEE, actor=commune_officer, version=dossier.version
    )
    again = actions.collect_cash_fee(
        dossier, tendered=FEE, actor=commune_officer, version=dossier.version
    )
    assert again.pk == first.pk
    assert FeeReceipt.objects.count() == 1


def test_a_form_outdated_by_another_action_is_stale(sandbox, citizen, commune_officer):
    dossier = late_birth(sandbox, citizen)
    seen = dossier.version
    portal.request_supplement(
        dossier,
        items=[{"name": "Giấy chứng sinh", "reason": "Thiếu"}],
        legal_basis="Điều 16 Luật Hộ tịch",
        actor=commune_officer,
    )
    with pytest.raises(StaleDossier):
        actions.collect_cash_fee(
            dossier, tendered=FEE, actor=commune_officer, version=seen
        )
    assert not FeeReceipt.objects.exists()


# ---------------------------------------------------------------- receipt numbers


def test_receipt_codes_have_the_shape_of_real_e_receipts():
    assert receipt_series(2026) == "SB-26E" and RECEIPT_SERIES.match("SB-26E")
    assert receipt_number(1) == "0000001" and receipt_number(9_999_999) == "9999999"
    for wrong in (0, 10_000_000):
        with pytest.raises(ValueError):
            receipt_number(wrong)


def test_receipts_are_numbered_in_sequence_per_sandbox_and_year(
    sandbox, citizen, commune_officer, leader, world
):
    numbers = []
    for _ in range(3):
        dossier = late_birth(sandbox, citizen)
        numbers.append(
            actions.collect_cash_fee(dossier, tendered=FEE, actor=commune_officer)
        )
    assert [(r.series, r.printed_number) for r in numbers] == [
        ("SB-26E", "0000001"),
        ("SB-26E", "0000002"),
        ("SB-26E", "0000003"),
    ]

    # Another sandbox (another trainee's counter) keeps its own series.
    other = portal.open_practice_sandbox(
        user=leader, world=world, start=sandbox.now(), speed=1
    )
    theirs = actions.collect_cash_fee(
        late_birth(other, citizen), tendered=FEE, actor=leader
    )
    assert (theirs.series, theirs.number) == ("SB-26E", 1)

    # A new year opens a new series from 0000001.
    sandbox = core.advance_clock(sandbox, timedelta(days=305), actor=None)
    assert sandbox.now().year == 2027
    next_year = actions.collect_cash_fee(
        late_birth(sandbox, citizen), tendered=FEE, actor=commune_officer
    )
    assert (next_year.series, next_year.printed_number) == ("SB-27E", "0000001")
    assert FeeReceipt.objects.filter(sandbox=sandbox).count() == 4


def test_a_receipt_number_is_never_reused_in_a_year(sandbox, citizen, commune_officer):
    from django.db import IntegrityError, transaction

    receipt = actions.collect_cash_fee(
        late_birth(sandbox, citizen), tendered=FEE, actor=commune_officer
    )
    other = late_birth(sandbox, citizen)
    with pytest.raises(IntegrityError), transaction.atomic():
        FeeReceipt.objects.create(
            sandbox=sandbox,
            dossier=other,
            form_symbol=receipt.form_symbol,
            series=receipt.series,
            year=receipt.year,
            number=receipt.number,
            amount=FEE,
            payer_name="x",
            payer_id_number="x",
            procedure_code=BIRTH,
            collector_name="x",
            issued_at=receipt.issued_at,
            dossier_version=other.version,
        )


# ---------------------------------------------------------------- the printable page


def test_the_printable_receipt_is_marked_and_prints_the_marking(
    officer_client, sandbox, citizen, commune_officer
):
    receipt = actions.collect_cash_fee(
        late_birth(sandbox, citizen), tendered=FEE, actor=commune_officer
    )
    page = officer_client.get(url("fee-receipt", sandbox, pk=receipt.pk))
    body = page.content.decode()
    assert page.status_code == 200
    assert body.count(MARKING) >= 2  # the site's band and the receipt's own line
    assert "KHÔNG CÓ GIÁ TRỊ PHÁP LÝ" in body and "ĐÀO TẠO – MÔ PHỎNG" in body
    assert '<article class="receipt" lang="vi"' in body
    assert 'onclick="window.print()">In biên lai</button>' in body
    assert "counter/receipt.css" in body
    css = open(finders.find("counter/receipt.css"), encoding="utf-8").read()
    print_rules = css[css.index("@media print") :]
    hidden = ".receipt-tools, .skip-link, .site-header, .site-footer, .messages"
    assert ".training-band" in print_rules and f"{hidden} {{ display: none; }}" in (
        print_rules
    )


# ---------------------------------------------------------------- at the same moment

needs_row_locks = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two writers at once need row locks: SQLite takes one writer at a time",
)


def _at_once(*calls):
    """Run the calls in threads started together; their results (or errors), in order."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        try:
            return call()
        except Exception as error:  # returned: the test looks at it
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_the_same_moment_take_the_money_once(
    sandbox, citizen, commune_officer
):
    dossier = late_birth(sandbox, citizen)

    def click():
        return actions.collect_cash_fee(
            Dossier.objects.get(pk=dossier.pk),
            tendered=FEE,
            actor=commune_officer,
            version=dossier.version,
        )

    first, second = _at_once(click, click)
    assert isinstance(first, FeeReceipt) and isinstance(second, FeeReceipt)
    assert first.pk == second.pk
    assert FeeReceipt.objects.count() == 1
    assert len(events(dossier, "dossier.payment_recorded")) == 1


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_two_desks_at_the_same_moment_take_two_numbers(
    sandbox, citizen, commune_officer
):
    dossiers = [late_birth(sandbox, citizen) for _ in range(2)]
    receipts = _at_once(
        *[
            lambda d=d: actions.collect_cash_fee(
                d, tendered=FEE, actor=commune_officer, version=d.version
            )
            for d in dossiers
        ]
    )
    assert sorted(r.number for r in receipts) == [1, 2]
