"""A new official's first access: activation link, printed codes, forced new password."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from sandbox.operations import actions
from sandbox.operations.models import OfficialAccount
from sandbox.operations.onboarding.access import make_activation_token, user_for_token
from tests.operations.conftest import commit, preview

pytestmark = pytest.mark.django_db
User = get_user_model()
NEW_PASSWORD = "Mat-khau-moi-2026!"


@pytest.fixture
def newcomers(province, coordinator, make_rows):
    imp = commit(preview(make_rows(5), province, coordinator), coordinator)
    return imp, list(
        User.objects.filter(import_records__official_import=imp).order_by("pk")
    )


def _set(client, url):
    return client.post(
        url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )


def test_activation_link_sets_the_first_password_once(client, newcomers):
    _imp, users = newcomers
    user = users[1]
    url = reverse("operations:activate", args=[make_activation_token(user)])
    page = client.get(url).content.decode()
    assert user.username in page and "Kích hoạt tài khoản" in page
    response = _set(client, url)
    assert response.status_code == 302 and response["Location"] == reverse("login")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert OfficialAccount.objects.get(user=user).activated_at
    # One time only: the same link is void once a password exists.
    again = client.get(url)
    assert again.status_code == 400 and "không còn hiệu lực" in again.content.decode()
    login = client.post(
        reverse("login"), {"username": user.username, "password": NEW_PASSWORD}
    )
    assert login.status_code == 302


def test_forged_or_expired_links_are_refused(client, newcomers, settings):
    _imp, users = newcomers
    token = make_activation_token(users[1])
    assert user_for_token(token[:-2] + "xx") is None
    settings.OPERATIONS_ACTIVATION_DAYS = 0
    assert user_for_token(token) is None


def test_codes_pdf_for_a_commune_then_first_login_forces_a_new_password(
    client, coordinator, newcomers
):
    imp, users = newcomers
    commune = users[0].profile.commune
    client.force_login(coordinator)
    response = client.post(
        reverse("operations:codes-pdf"),
        {"commune": commune.pk, "official_import": imp.pk},
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    # The codes exist only as hashes; issue one we can read to log in with.
    ((user, code),) = actions.issue_first_login_codes([users[0]], actor=coordinator)
    client.logout()
    response = client.post(
        reverse("operations:first-login"),
        {"username": user.username, "code": code.lower()},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("operations:first-password")
    # Every other page sends them back until they choose a password.
    assert client.get("/")["Location"] == reverse("operations:first-password")
    assert client.get(reverse("operations:my-data"))["Location"] == reverse(
        "operations:first-password"
    )
    assert _set(client, reverse("operations:first-password"))["Location"] == "/"
    assert client.get(reverse("operations:my-data")).status_code == 200
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # The code is spent.
    client.logout()
    spent = client.post(
        reverse("operations:first-login"), {"username": user.username, "code": code}
    )
    assert spent.status_code == 200 and "không đúng" in spent.content.decode()


def test_pdf_text_is_marked_secret_and_training(coordinator, newcomers):
    from sandbox.operations.onboarding.codes import render_codes_pdf

    _imp, users = newcomers
    issued = actions.issue_first_login_codes(users[:2], actor=coordinator)
    pdf = render_codes_pdf(users[0].profile.commune, issued)
    import subprocess

    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "TÀI LIỆU MẬT – CHỈ PHÁT CHO CÁN BỘ CÓ TÊN" in text
    assert "MÔI TRƯỜNG ĐÀO TẠO" in text
    assert issued[0][1] in text and users[0].profile.full_name in text


def test_five_wrong_codes_void_the_code(client, coordinator, newcomers):
    _imp, users = newcomers
    ((user, code),) = actions.issue_first_login_codes([users[0]], actor=coordinator)
    for _ in range(5):
        client.post(
            reverse("operations:first-login"),
            {"username": user.username, "code": "AAAAA-AAAAA"},
        )
    response = client.post(
        reverse("operations:first-login"), {"username": user.username, "code": code}
    )
    assert response.status_code == 200
    assert not OfficialAccount.objects.get(user=user).code_hash


def test_codes_are_not_issued_to_activated_or_foreign_officials(
    coordinator, newcomers, commune_officer
):
    _imp, users = newcomers
    actions.activate_account(users[0], NEW_PASSWORD)
    assert actions.issue_first_login_codes([users[0]], actor=coordinator) == []
    from django.core.exceptions import PermissionDenied

    from sandbox.models import Commune
    from tests.conftest import FOREIGN_COMMUNE, make_official

    foreign = make_official(
        "xa-la", "trainee", commune=Commune.objects.get(pk=FOREIGN_COMMUNE)
    )
    with pytest.raises(PermissionDenied):
        actions.issue_first_login_codes([foreign], actor=coordinator)


def test_a_forgotten_password_is_reset_with_a_code_and_the_lock_out_lifted(
    client, coordinator, commune_officer, settings
):
    from axes.models import AccessAttempt

    from sandbox.operations.models import OperationEvent
    from tests.conftest import PASSWORD

    login = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(login, {"username": "tiepnhan", "password": "sai"})
    assert AccessAttempt.objects.filter(username="tiepnhan").exists()
    client.force_login(coordinator)
    url = reverse("operations:official-reset-password", args=[commune_officer.pk])
    detail = reverse("operations:official-detail", args=[commune_officer.pk])
    assert url in client.get(detail).content.decode()
    page = client.post(url)
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    code = page.context["code"]
    assert code in page.content.decode()
    commune_officer.refresh_from_db()
    assert not commune_officer.has_usable_password()
    assert not commune_officer.check_password(PASSWORD)
    assert not AccessAttempt.objects.filter(username="tiepnhan").exists()
    # A second click prints a new code but records the reset once.
    second = client.post(url).context["code"]
    assert second != code
    resets = OperationEvent.objects.filter(action="account.password_reset")
    assert resets.count() == 1 and resets.get().actor == coordinator
    client.logout()
    client.post(
        reverse("operations:first-login"),
        {"username": "tiepnhan", "code": code},
    )
    assert "_auth_user_id" not in client.session  # the first code is void
    response = client.post(
        reverse("operations:first-login"), {"username": "tiepnhan", "code": second}
    )
    assert response["Location"] == reverse("operations:first-password")
    _set(client, reverse("operations:first-password"))
    commune_officer.refresh_from_db()
    assert commune_officer.check_password(NEW_PASSWORD)


def test_password_reset_is_for_the_officials_one_manages(
    client, coordinator, trainer, commune_officer
):
    from sandbox.models import Commune
    from tests.conftest import FOREIGN_COMMUNE, make_official

    foreign = make_official(
        "xa-la", "trainee", commune=Commune.objects.get(pk=FOREIGN_COMMUNE)
    )
    client.force_login(coordinator)
    for user in (foreign, trainer, coordinator):
        url = reverse("operations:official-reset-password", args=[user.pk])
        assert client.post(url).status_code == 403
        user.refresh_from_db()
        assert user.has_usable_password()
    client.force_login(commune_officer)
    url = reverse("operations:official-reset-password", args=[commune_officer.pk])
    assert client.post(url).status_code == 403
    actions.deactivate_official(commune_officer, actor=coordinator)
    client.force_login(coordinator)
    assert client.post(url).status_code == 403  # a locked account stays locked


def test_the_officials_filter_offers_every_commune_by_name(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("operations:official-list")).content.decode()
    assert "Mọi xã, phường</option>" in page and "---------" not in page
