import pytest
from django.urls import reverse

from fake_portal.counter import actions
from fake_portal.counter.models import PaperKind, WalkIn
from fake_portal.models import Dossier
from tests.counter.conftest import BIRTH, PIN, serve

pytestmark = pytest.mark.django_db
DEATH = "1.000656"


@pytest.fixture
def officer_client(client, commune_officer):
    client.force_login(commune_officer)
    return client


def url(name, sandbox, **kwargs):
    return reverse(f"counter:{name}", kwargs={"sandbox": sandbox.pk, **kwargs})


def test_walk_in_is_served_from_queue_to_dossier(officer_client, sandbox, citizen):
    walk_in = actions.arrive_walk_in(
        sandbox, citizen=citizen, procedure_code=BIRTH, seed="v", include_optional=False
    )
    page = officer_client.get(url("queue", sandbox))
    assert page.status_code == 200 and "001" in page.content.decode()
    response = officer_client.post(url("call-next", sandbox))
    assert response.url == url("walk-in", sandbox, pk=walk_in.pk)
    page = officer_client.get(
        url("walk-in", sandbox, pk=walk_in.pk), {"id_number": citizen.id_number}
    )
    assert citizen.full_name in page.content.decode()
    officer_client.post(
        url("identify", sandbox, pk=walk_in.pk),
        {"citizen": citizen.pk, "method": "id_number"},
    )
    page = officer_client.get(url("walk-in", sandbox, pk=walk_in.pk))
    assert "Lập hồ sơ điện tử" in page.content.decode()
    response = officer_client.post(
        url("open-dossier", sandbox, pk=walk_in.pk),
        {
            "procedure": BIRTH,
            "phone": "0912345678",
            "child_name": "Nguyễn Minh Khôi",
            "child_birth_date": "2026-02-20",
            "child_sex": "Nam",
            "birth_place": "Bệnh viện đa khoa tỉnh Ninh Bình",
        },
    )
    dossier = Dossier.objects.get(sandbox=sandbox)
    assert response.url == url("desk", sandbox, code=dossier.code)
    assert dossier.channel == 1
    assert dossier.form_data["request"]["child_name"] == "Nguyễn Minh Khôi"
    page = officer_client.get(response.url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Thành phần hồ sơ" in body and "Không yêu cầu: dữ liệu đã có" in body


def test_paper_pages_and_scans_render(
    officer_client, sandbox, citizen, commune_officer, officer_pin
):
    walk_in, dossier = serve(sandbox, citizen, commune_officer)
    card = walk_in.papers.get(kind=PaperKind.IDENTITY_CARD)
    form = walk_in.papers.get(kind=PaperKind.DECLARATION)
    scan = officer_client.get(url("scan", sandbox, pk=card.pk))
    assert scan["Content-Type"] == "image/png"
    assert b"".join(scan.streaming_content).startswith(b"\x89PNG")
    officer_client.post(url("mark", sandbox, pk=form.pk, handling="nhan-ban-luu"))
    page = officer_client.get(url("paper", sandbox, pk=form.pk))
    assert "Số hóa và ký số" in page.content.decode()
    data = {f"f_{name}": value for name, value in form.fields}
    data["pin"] = PIN
    response = officer_client.post(url("digitise", sandbox, pk=form.pk), data)
    assert response.status_code == 302
    form.refresh_from_db()
    assert form.digitised_copy.result_code
    desk = officer_client.get(url("desk", sandbox, code=dossier.code)).content.decode()
    assert form.digitised_copy.result_code in desk


def test_pages_404_for_a_user_without_a_seat(client, other_officer, sandbox):
    client.force_login(other_officer)
    assert client.get(url("queue", sandbox)).status_code == 404


def test_logbook_and_index_pages(officer_client, sandbox, citizen, commune_officer):
    serve(sandbox, citizen, commune_officer)
    assert officer_client.get(url("logbook", sandbox)).status_code == 200
    assert officer_client.get(url("index", sandbox)).status_code == 200
    assert officer_client.get(url("post", sandbox)).status_code == 200


def test_assisted_online_filing_sends_the_citizen_to_the_portal(
    officer_client, sandbox, citizen, commune_officer
):
    from sandbox.models import SandboxEvent

    walk_in = actions.arrive_walk_in(
        sandbox, citizen=citizen, procedure_code=BIRTH, seed="o"
    )
    actions.call_walk_in(walk_in, actor=commune_officer)
    response = officer_client.post(url("assist-online", sandbox, pk=walk_in.pk))
    assert response.url.startswith(
        reverse("citizen:sign-in", args=[sandbox.pk]) + "?next="
    )
    assert reverse("citizen:file", args=[sandbox.pk, BIRTH]) in response.url
    assert SandboxEvent.objects.filter(
        sandbox=sandbox, action="counter.online_filing_assisted"
    ).exists()


def test_only_the_receiving_officer_invites_citizens(
    officer_client, sandbox, citizen, specialist
):
    from django.test import Client

    from fake_portal.simulation import tick

    other = Client()
    other.force_login(specialist)
    page = other.post(url("invite", sandbox), follow=True)
    assert "Chỉ cán bộ tiếp nhận" in page.content.decode()
    assert not WalkIn.objects.exists()
    page = officer_client.post(url("invite", sandbox), follow=True)
    assert "Đã mời" in page.content.decode()
    tick(sandbox)
    assert WalkIn.objects.filter(sandbox=sandbox).exists()


def test_the_desk_requests_a_supplement_and_signs_the_receipt(
    officer_client, sandbox, citizen, commune_officer, officer_pin
):
    walk_in, dossier = serve(sandbox, citizen, commune_officer)
    response = officer_client.post(
        url("decide", sandbox, code=dossier.code, decision="yeu-cau-bo-sung"),
        {
            "request_supplement-version": dossier.version,
            "request_supplement-documents": ["giay_chung_sinh"],
            "request_supplement-reason": "Thiếu giấy chứng sinh",
            "request_supplement-legal_basis": "Luật Hộ tịch 2014",
        },
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == 5
    page = officer_client.get(url("desk", sandbox, code=dossier.code)).content.decode()
    assert "Mẫu 02" in page

    _walk_in, other = serve(sandbox, citizen, commune_officer, seed="r")
    officer_client.post(
        url("decide", sandbox, code=other.code, decision="tiep-nhan"),
        {"receive-version": other.version},
    )
    response = officer_client.post(
        url("receipt", sandbox, code=other.code),
        {"bien-nhan-pin": PIN, "sign": "1"},
        follow=True,
    )
    assert "Đã ký số giấy tiếp nhận" in response.content.decode()
    from fake_portal.counter.models import SignedForm

    receipt = SignedForm.objects.get(dossier=other)
    file = officer_client.get(url("receipt-file", sandbox, pk=receipt.pk))
    assert b"".join(file.streaming_content).startswith(b"%PDF")


def test_the_post_pages_take_over_or_refuse_a_bundle(officer_client, sandbox, citizen):
    from fake_portal.counter.models import PostalItem
    from sandbox.models import Commune

    mine = actions.arrive_postal_item(
        sandbox, citizen=citizen, procedure_code=BIRTH, seed="1"
    )
    foreign = actions.arrive_postal_item(
        sandbox,
        citizen=citizen,
        procedure_code=BIRTH,
        addressed_to=Commune.objects.get(pk=70),
        seed="2",
    )
    assert (
        mine.tracking_number
        in officer_client.get(url("post", sandbox)).content.decode()
    )
    page = officer_client.get(
        url("postal-item", sandbox, pk=foreign.pk)
    ).content.decode()
    assert "Hà Nội" in page
    page = officer_client.post(url("accept-post", sandbox, pk=foreign.pk), follow=True)
    assert "không thuộc" in page.content.decode()
    officer_client.post(
        url("refuse-post", sandbox, pk=foreign.pk), {"reason": "Nhầm tỉnh"}
    )
    foreign.refresh_from_db()
    assert foreign.status == PostalItem.Status.REFUSED
    response = officer_client.post(url("accept-post", sandbox, pk=mine.pk))
    dossier = Dossier.objects.get(sandbox=sandbox)
    assert response.url == url("desk", sandbox, code=dossier.code)


@pytest.mark.parametrize("death_date,owed", [("2026-02-15", 0), ("2026-02-14", 8000)])
def test_a_death_registered_at_the_counter_is_free_within_fifteen_days(
    officer_client, sandbox, citizen, commune_officer, death_date, owed
):
    # The sandbox's clock reads 2 March 2026.
    walk_in = actions.arrive_walk_in(
        sandbox, citizen=citizen, procedure_code=DEATH, seed="k", include_optional=False
    )
    actions.call_walk_in(walk_in, actor=commune_officer)
    actions.identify_citizen(
        walk_in, citizen=citizen, actor=commune_officer, method="id_number"
    )
    officer_client.post(
        url("open-dossier", sandbox, pk=walk_in.pk),
        {
            "procedure": DEATH,
            "phone": "0912345678",
            "deceased_name": "Nguyễn Văn Tâm",
            "death_date": death_date,
            "death_place": "Trạm y tế xã",
        },
    )
    dossier = Dossier.objects.get(sandbox=sandbox)
    assert dossier.form_data["request"]["death_date"] == death_date
    assert dossier.fee_amount == owed
    assert bool(dossier.fee_waiver) == (owed == 0)


def _messages(response):
    from django.contrib.messages import get_messages

    return [str(m) for m in get_messages(response.wsgi_request)]


def test_calling_an_empty_queue_says_only_that_nobody_waits(officer_client, sandbox):
    response = officer_client.post(url("call-next", sandbox))
    assert response.url == url("queue", sandbox)
    assert _messages(response) == ["Không còn công dân nào đang chờ."]


def test_a_second_invitation_while_citizens_are_coming_sends_nobody_twice(
    officer_client, sandbox, citizen, neighbour
):
    from datetime import timedelta

    from fake_portal.counter.simulation import POSTAL_ARRIVAL, WALK_IN
    from fake_portal.models import ScheduledAction
    from sandbox import actions as core

    def planned():
        jobs = ScheduledAction.objects.filter(
            sandbox=sandbox, kind__in=[WALK_IN, POSTAL_ARRIVAL]
        )
        return sorted(job.data["seed"] for job in jobs)

    officer_client.post(url("invite", sandbox))
    first = planned()
    assert len(first) == 8
    response = officer_client.post(url("invite", sandbox))  # a second click
    assert any("vẫn đang lần lượt đến quầy" in m for m in _messages(response))
    assert planned() == first
    # Once all have come, the officer may invite others: new seeds, new bundles.
    core.advance_clock(sandbox, timedelta(hours=4), actor=None)
    officer_client.post(url("invite", sandbox))
    assert len(planned()) == 16 and len(set(planned())) == 16
