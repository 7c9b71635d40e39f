import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.urls import reverse

from sandbox.checks import readiness
from tests.conftest import FOREIGN_COMMUNE, PASSWORD

pytestmark = pytest.mark.django_db

BAND = "MÔI TRƯỜNG ĐÀO TẠO – DỮ LIỆU MÔ PHỎNG"


@pytest.mark.parametrize("url", ["/", "/don-vi/14329/", "/mat-khau/", "/cms/"])
def test_anonymous_users_are_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "dang-nhap" in response["Location"] or "login" in response["Location"]


def test_login_page_is_vietnamese_and_marked(client):
    response = client.get(reverse("login"))
    content = response.content.decode()
    assert response.status_code == 200
    assert BAND in content and 'lang="vi"' in content
    assert "Tên đăng nhập" in content and "Mật khẩu" in content


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_wrong_password_gives_a_clear_vietnamese_message(client, commune_officer):
    response = _login(client, "tiepnhan", "sai-mat-khau")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_right_password_opens_the_dashboard(client, commune_officer):
    response = _login(client, "tiepnhan", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    page = client.get("/").content.decode()
    assert "Xin chào, Cán bộ tiepnhan" in page and "Phường Hoa Lư" in page


def test_repeated_failures_are_locked_out(client, commune_officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "tiepnhan", "sai")
    response = _login(client, "tiepnhan", PASSWORD)
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()


def test_forged_csrf_gives_a_clear_page_and_changes_nothing(commune_officer):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("login"), {"username": "tiepnhan", "password": PASSWORD}
    )
    assert response.status_code == 403
    assert "Phiên làm việc đã hết hạn" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_unknown_url_gives_the_vietnamese_404_page(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_commune_officer_opens_own_commune_only(client, commune_officer):
    client.force_login(commune_officer)
    assert client.get("/don-vi/14329/").status_code == 200
    denied = client.get("/don-vi/14464/")
    assert denied.status_code == 403
    assert "Bạn không có quyền xem trang của đơn vị này" in denied.content.decode()


def test_coordinator_opens_communes_of_own_province_only(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/don-vi/14464/").status_code == 200
    assert client.get(f"/don-vi/{FOREIGN_COMMUNE}/").status_code == 403


def test_unknown_commune_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/don-vi/99999999/").status_code == 404


@pytest.mark.parametrize(
    ("persona", "panel"),
    [
        ("commune_officer", "panel-courses"),
        ("trainer", "panel-scenarios"),
        ("coordinator", "panel-drills"),
        ("administrator", "panel-admin"),
    ],
)
def test_each_role_has_its_dashboard(client, request, persona, panel):
    client.force_login(request.getfixturevalue(persona))
    assert f'id="{panel}"' in client.get("/").content.decode()


def test_trainer_reaches_the_wagtail_admin_and_trainee_does_not(
    client, trainer, commune_officer
):
    client.force_login(trainer)
    assert client.get("/cms/").status_code == 200
    client.force_login(commune_officer)
    assert client.get("/cms/").status_code in (302, 403)


def test_language_switch_to_english(client, commune_officer):
    client.force_login(commune_officer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert 'lang="en"' in page and "My courses" in page
    assert BAND in page and "Training environment – simulated data" in page


def test_logout_needs_post_and_ends_the_session(client, commune_officer):
    client.force_login(commune_officer)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_password_change(client, commune_officer):
    client.force_login(commune_officer)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Dat-lai-2026!x",
            "new_password2": "Dat-lai-2026!x",
        },
    )
    assert response.status_code == 302
    commune_officer.refresh_from_db()
    assert commune_officer.check_password("Dat-lai-2026!x")


def test_healthz_and_readyz(client):
    assert client.get("/healthz").content == b"ok"
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["channel_layer"]["ok"]


def test_readiness_reports_an_unreachable_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "broken": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    results = readiness(connection, caches["broken"])
    assert results["database"]["ok"] and not results["cache"]["ok"]
    assert "ConnectionError" in results["cache"]["error"]


def test_browser_language_does_not_override_vietnamese(client):
    page = client.get(
        reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    ).content.decode()
    assert 'lang="vi"' in page and "Đăng nhập Sa Bàn" in page
