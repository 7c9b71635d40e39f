import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fake_portal import actions
from fake_portal.forms import ReturnResultForm
from fake_portal.models import Channel, Dossier, Status
from tests.conftest import make_official
from tests.fake_portal.conftest import BIRTH

pytestmark = pytest.mark.django_db


def portal_urls(sandbox, dossier):
    s, c = sandbox.pk, dossier.code
    return [
        ("get", reverse("portal:inbox", args=[s])),
        ("get", reverse("portal:dossier", args=[s, c])),
        ("get", reverse("portal:form", args=[s, c, "01"])),
        ("post", reverse("portal:act", args=[s, c, "receive"])),
        ("post", reverse("portal:complete-remote", args=[s, c])),
        ("get", reverse("citizen:home", args=[s])),
        ("get", reverse("citizen:sign-in", args=[s])),
        ("get", reverse("citizen:procedure", args=[s, BIRTH])),
        ("get", reverse("citizen:file", args=[s, BIRTH])),
        ("get", reverse("citizen:my-dossiers", args=[s])),
        ("get", reverse("citizen:track", args=[s])),
        ("get", reverse("citizen:dossier", args=[s, c])),
        ("post", reverse("citizen:supply", args=[s, c])),
        ("post", reverse("citizen:withdraw", args=[s, c])),
        ("post", reverse("citizen:rate", args=[s, c])),
        ("get", reverse("citizen:pay", args=[s, c])),
        ("get", reverse("citizen:result", args=[s, c])),
    ]


def test_every_sandbox_url_refuses_anonymous_users(client, filed):
    for method, url in portal_urls(filed.sandbox, filed):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "dang-nhap" in response["Location"], url


def test_every_sandbox_url_refuses_a_user_of_another_sandbox(
    client, filed, other_officer
):
    client.force_login(other_officer)
    for method, url in portal_urls(filed.sandbox, filed):
        assert getattr(client, method)(url).status_code in (403, 404), url
    assert Dossier.objects.get(pk=filed.pk).status == Status.FILED


def test_back_office_refuses_a_user_without_the_role(client, filed, django_user_model):
    outsider = django_user_model.objects.create_user("khach", password="x")
    client.force_login(outsider)
    assert (
        client.get(reverse("portal:inbox", args=[filed.sandbox.pk])).status_code == 403
    )
    assert client.get(reverse("portal:home")).status_code == 403


def test_inbox_lists_the_dossier_with_bounded_queries(
    client, filed, commune_officer, django_assert_max_num_queries
):
    client.force_login(commune_officer)
    url = reverse("portal:inbox", args=[filed.sandbox.pk])
    with django_assert_max_num_queries(30):
        response = client.get(url)
    page = response.content.decode()
    assert (
        filed.code in page
        and "Đăng ký khai sinh" in page
        and "MÔI TRƯỜNG ĐÀO TẠO" in page
    )


def test_receive_through_the_page_and_stale_form_is_told(
    client, filed, commune_officer
):
    client.force_login(commune_officer)
    url = reverse("portal:act", args=[filed.sandbox.pk, filed.code, "receive"])
    first = client.post(url, {"receive-version": filed.version}, follow=True)
    assert "Đã tiếp nhận hồ sơ" in first.content.decode()
    second = client.post(url, {"receive-version": filed.version}, follow=True)
    assert "người khác cập nhật trước bạn" in second.content.decode()
    assert (
        Dossier.objects.get(pk=filed.pk)
        .events.filter(action="dossier.received")
        .count()
        == 1
    )


def test_population_check_highlights_differences_and_is_logged(
    client, filed, commune_officer
):
    from fake_portal.population.models import PopulationLookup

    form_data = dict(filed.form_data)
    form_data["applicant"] = {
        "full_name": "Nguyễn Thị Hoa",
        "id_number": "036190012345",
        "birth_date": "18/05/1990",
    }
    Dossier.objects.filter(pk=filed.pk).update(form_data=form_data)
    client.force_login(commune_officer)
    page = client.get(
        reverse("portal:dossier", args=[filed.sandbox.pk, filed.code]) + "?doi-chieu=1"
    ).content.decode()
    assert "17/05/1990" in page and "khác nhau" in page
    assert (
        PopulationLookup.objects.filter(
            dossier_code=filed.code, user=commune_officer
        ).count()
        == 1
    )


def test_forms_render_as_marked_pdfs(client, filed, commune_officer):
    actions.receive_dossier(filed, actor=commune_officer)
    client.force_login(commune_officer)
    response = client.get(
        reverse("portal:form", args=[filed.sandbox.pk, filed.code, "01"])
    )
    assert response[
        "Content-Type"
    ] == "application/pdf" and response.content.startswith(b"%PDF")
    assert (
        client.get(
            reverse("portal:form", args=[filed.sandbox.pk, filed.code, "03"])
        ).status_code
        == 404
    )


def _citizen_session(client, sandbox, citizen):
    client.post(
        reverse("citizen:sign-in", args=[sandbox.pk]),
        {"id_number": citizen.id_number, "understood": "on"},
    )


def test_online_filing_validates_and_a_double_submit_files_once(
    client, sandbox, citizen, commune_officer
):
    client.force_login(commune_officer)
    _citizen_session(client, sandbox, citizen)
    url = reverse("citizen:file", args=[sandbox.pk, BIRTH])
    bad = client.post(
        url, {"token": "t1", "phone": "12345", "child_name": "", "birth_place": ""}
    )
    page = bad.content.decode()
    assert "Số điện thoại gồm 10 chữ số" in page and Dossier.objects.count() == 0
    wrong_type = SimpleUploadedFile(
        "anh.pdf", b"GIF89a not a pdf", content_type="application/pdf"
    )
    form = {
        "token": "t2",
        "phone": "0912345678",
        "child_name": "Nguyễn Minh Khôi",
        "child_birth_date": "2026-02-20",
        "child_sex": "Nam",
        "birth_place": "Bệnh viện Sản Nhi Ninh Bình",
    }
    response = client.post(url, {**form, "doc_giay_chung_sinh": wrong_type})
    assert "không phải PDF, JPEG hay PNG" in response.content.decode()
    documents = {
        f"doc_{key}": SimpleUploadedFile(
            f"{key}.pdf", b"%PDF-1.7 scan", content_type="application/pdf"
        )
        for key in _required_upload_keys()
    }
    first = client.post(url, {**form, **documents})
    assert first.status_code == 302
    again = client.post(
        url,
        {**form, **{k: SimpleUploadedFile("x.pdf", b"%PDF-1.7") for k in documents}},
    )
    assert (
        again.status_code == 302
        and again["Location"] == first["Location"]
        or "ho-so" in again["Location"]
    )
    assert Dossier.objects.count() == 1


def _required_upload_keys():
    from fake_portal.catalogue import load_catalogue

    return [
        d.key
        for d in load_catalogue().get(BIRTH).required_documents
        if d.required and not d.data_in_national_database and d.kind != "shown_only"
    ]


def test_unknown_identity_number_gives_a_clear_error(client, sandbox, commune_officer):
    client.force_login(commune_officer)
    page = client.post(
        reverse("citizen:sign-in", args=[sandbox.pk]),
        {"id_number": "036190099999", "understood": "on"},
    ).content.decode()
    assert "Không tìm thấy công dân" in page
    page = client.post(
        reverse("citizen:sign-in", args=[sandbox.pk]),
        {"id_number": "999999999999", "understood": "on"},
    ).content.decode()
    assert "không phải mã tỉnh" in page
    page = client.post(
        reverse("citizen:sign-in", args=[sandbox.pk]),
        {"id_number": "03619001234x", "understood": "on"},
    ).content.decode()
    assert "chữ số từ 0 đến 9" in page


def test_search_without_diacritics(client, sandbox, commune_officer):
    client.force_login(commune_officer)
    page = client.get(
        reverse("citizen:home", args=[sandbox.pk]), {"q": "dang ky khai sinh"}
    ).content.decode()
    assert "Đăng ký khai sinh" in page


def test_other_user_cannot_act_as_citizen_of_another_sandbox(
    client, filed, commune_officer, home_commune
):
    stranger = make_official("nguoila", "trainee", "receiving_officer", home_commune)
    client.force_login(stranger)
    assert (
        client.get(
            reverse("citizen:dossier", args=[filed.sandbox.pk, filed.code])
        ).status_code
        == 404
    )


def test_owner_steers_the_practice_clock_and_others_cannot(
    client, sandbox, commune_officer, leader
):
    url = reverse("portal:clock", args=[sandbox.pk])
    client.force_login(leader)  # holds a seat, not the owner
    assert client.post(url, {"clock": "pause"}).status_code == 403
    client.force_login(commune_officer)
    client.post(url, {"clock": "pause"})
    sandbox.refresh_from_db()
    assert sandbox.paused
    client.post(url, {"clock": "next-day"})
    client.post(url, {"clock": "resume"})
    sandbox.refresh_from_db()
    assert not sandbox.paused
    actions_taken = list(sandbox.events.values_list("action", flat=True))
    assert actions_taken[-3:] == [
        "sandbox.clock_paused",
        "sandbox.clock_advanced",
        "sandbox.clock_resumed",
    ]


def test_online_filing_refuses_a_birth_date_after_the_sandbox_date(
    client, sandbox, citizen, commune_officer
):
    # The sandbox's clock reads 2 March 2026; the wall clock may be later.
    client.force_login(commune_officer)
    _citizen_session(client, sandbox, citizen)
    page = client.post(
        reverse("citizen:file", args=[sandbox.pk, BIRTH]),
        {
            "token": "t1",
            "phone": "0912345678",
            "child_name": "Nguyễn Minh Khôi",
            "child_birth_date": "2026-03-03",
            "child_sex": "Nam",
            "birth_place": "Bệnh viện Sản Nhi Ninh Bình",
        },
    ).content.decode()
    assert "Ngày sinh của trẻ không được sau ngày hiện tại." in page
    assert Dossier.objects.count() == 0


@pytest.mark.parametrize(
    "procedure,request_data,rows",
    [
        (
            BIRTH,
            {
                "child_name": "Nguyễn Minh Khôi",
                "child_birth_date": "2026-02-20",
                "child_sex": "Nam",
                "birth_place": "Bệnh viện Sản Nhi Ninh Bình",
            },
            [
                ("Họ, chữ đệm, tên của trẻ", "Nguyễn Minh Khôi"),
                ("Ngày sinh của trẻ", "20/02/2026"),
                ("Giới tính của trẻ", "Nam"),
                ("Nơi sinh", "Bệnh viện Sản Nhi Ninh Bình"),
            ],
        ),
        (
            "1.000656",
            {
                "deceased_name": "Nguyễn Văn Tâm",
                "death_date": "2026-02-27",
                "death_place": "Trạm y tế xã",
            },
            [
                ("Họ, chữ đệm, tên người chết", "Nguyễn Văn Tâm"),
                ("Ngày chết", "27/02/2026"),
                ("Nơi chết", "Trạm y tế xã"),
            ],
        ),
    ],
)
def test_dossier_page_shows_the_declared_request_in_vietnamese(
    client, sandbox, citizen, commune_officer, procedure, request_data, rows
):
    dossier = actions.file_dossier(
        sandbox=sandbox,
        procedure_code=procedure,
        applicant=citizen,
        channel=Channel.ONLINE,
        form_data={"applicant": {}, "request": request_data},
        actor_name="Nguyễn Thị Hoa",
    )
    client.force_login(commune_officer)
    page = client.get(
        reverse("portal:dossier", args=[sandbox.pk, dossier.code])
    ).content.decode()
    assert "Nội dung yêu cầu" in page
    for label, value in rows:
        assert f"<dt>{label}</dt><dd>{value}</dd>" in page


@pytest.mark.parametrize(
    "death_date,message",
    [
        ("2026-03-03", "Ngày chết không được sau ngày hiện tại."),
        ("1826-03-02", "Ngày chết không được trước năm 1906."),
    ],
)
def test_online_filing_refuses_a_death_date_in_the_future_or_absurdly_old(
    client, sandbox, citizen, commune_officer, death_date, message
):
    # The sandbox's clock reads 2 March 2026; the wall clock may be later.
    client.force_login(commune_officer)
    _citizen_session(client, sandbox, citizen)
    page = client.post(
        reverse("citizen:file", args=[sandbox.pk, "1.000656"]),
        {
            "token": "t1",
            "phone": "0912345678",
            "deceased_name": "Nguyễn Văn Tâm",
            "death_date": death_date,
            "death_place": "Trạm y tế xã",
        },
    ).content.decode()
    assert message in page
    assert Dossier.objects.count() == 0


@pytest.mark.parametrize(
    "phone,valid",
    [
        ("0912345678", True),
        (" 0912345678 ", True),
        ("０９１２３４５６７８", False),  # full-width digits
        ("0９１２３４５６７８", False),  # `\d` took these after an ASCII 0
        ("091234567²", False),
        ("912345678", False),
        ("09123456789", False),
    ],
)
def test_a_filing_phone_is_ten_ascii_digits_starting_with_0(phone, valid):
    from fake_portal.request_content import PhoneField

    field = PhoneField()
    if valid:
        assert field.clean(phone) == phone.strip()
    else:
        with pytest.raises(ValidationError):
            field.clean(phone)


@pytest.mark.parametrize("channel", [Channel.ONLINE, Channel.POST, Channel.IN_PERSON])
def test_the_result_goes_back_the_way_the_dossier_came_by_default(filed, channel):
    filed.channel = channel
    form = ReturnResultForm(dossier=filed, prefix="return_result")
    assert form["channel"].value() == channel


def test_a_request_of_free_text_only_is_shown_once_under_its_heading(
    client, sandbox, citizen, commune_officer
):
    dossier = actions.file_dossier(
        sandbox=sandbox,
        procedure_code="1.001193",
        applicant=citizen,
        channel=Channel.ONLINE,
        form_data={"applicant": {}, "request": {"request_text": "Xin cấp bản sao."}},
        actor_name="Nguyễn Thị Hoa",
    )
    client.force_login(commune_officer)
    page = client.get(
        reverse("portal:dossier", args=[sandbox.pk, dossier.code])
    ).content.decode()
    assert page.count("Nội dung yêu cầu") == 1
    assert '<p class="request-text">Xin cấp bản sao.</p>' in page
