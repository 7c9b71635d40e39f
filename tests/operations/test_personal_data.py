"""Officials' personal data: export of one person, deactivation, erasure, staff-view audit."""

import html
import importlib
import json

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from sandbox import actions as core
from sandbox.operations import actions, personal_data
from sandbox.operations.models import Cohort, OfficialImport, StaffView
from sandbox.operations.onboarding.access import make_activation_token
from tests.operations.conftest import commit, preview, verify_official_certificates

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "Mat-khau-rieng-2026!"


@pytest.fixture
def two_officials(province, coordinator, make_rows, world, client):
    """Two imported officials with the same kinds of data: activated, logged in, in a
    cohort, with a sandbox, looked at by the coordinator, then edited by a second file."""
    rows = make_rows(2, start=1)
    imp = commit(preview(rows, province, coordinator), coordinator)
    users = list(
        User.objects.filter(import_records__official_import=imp).order_by("pk")
    )
    cohort = actions.save_cohort(
        Cohort(province=province, name="Nhóm thử", kind="hand_picked"),
        actor=coordinator,
        add_members=users,
    )
    for user in users:
        actions.activate_account(user, PASSWORD)
        client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
        client.logout()
        core.open_sandbox(
            world=world,
            commune=user.profile.commune,
            kind="practice",
            owner=user,
            actor=user,
        )
    client.force_login(coordinator)
    for user in users:
        client.get(reverse("operations:official-detail", args=[user.pk]))
    client.logout()
    rows[0]["full_name"] = rows[0]["full_name"] + " Mới"
    rows[1]["full_name"] = rows[1]["full_name"] + " Mới"
    commit(preview(rows, province, coordinator, name="lan-2.csv"), coordinator)
    return users, cohort


def _identifiers(user):
    user.refresh_from_db()
    return {user.username, user.email, user.profile.full_name, user.profile.phone} - {
        ""
    }


def test_export_holds_everything_about_one_official(client, two_officials, coordinator):
    (me, other), cohort = two_officials
    client.force_login(me)
    assert (
        "Tải dữ liệu của tôi"
        in client.get(reverse("operations:my-data")).content.decode()
    )
    response = client.get(reverse("operations:my-data-download"))
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    sections = data["sections"]
    assert set(personal_data.section_names()) <= set(sections)
    assert sections["account"]["username"] == me.username
    assert sections["profile"]["full_name"].endswith(" Mới")
    assert sections["onboarding"]["activated_at"]
    assert sections["login_history"]["logins"][0]["ip_address"] == "127.0.0.1"
    assert [i["file_name"] for i in sections["imports"]] == ["can-bo.csv", "lan-2.csv"]
    assert [i["outcome"] for i in sections["imports"]] == ["created", "updated"]
    assert sections["cohorts"] == [{"name": cohort.name, "kind": "hand_picked"}]
    assert sections["sandbox_events"][0]["action"] == "sandbox.opened"
    assert sections["staff_views_of_me"][0]["what"] == "hồ sơ cán bộ"
    assert sections["staff_views_of_me"][0]["what_code"] == "profile"
    assert {e["action"] for e in sections["account_events"]} >= {"account.activated"}


def test_export_holds_nothing_of_anyone_else(client, two_officials, coordinator):
    (me, other), _cohort = two_officials
    client.force_login(me)
    text = client.get(reverse("operations:my-data-download")).content.decode()
    for foreign in _identifiers(other) | _identifiers(coordinator):
        assert foreign not in text, foreign
    for mine in _identifiers(me):
        assert mine in text


def test_coordinator_deactivates_and_the_official_cannot_log_in(
    client, two_officials, coordinator
):
    (me, _other), _cohort = two_officials
    client.force_login(coordinator)
    client.post(reverse("operations:official-deactivate", args=[me.pk]))
    me.refresh_from_db()
    assert not me.is_active
    client.logout()
    response = client.post(
        reverse("login"), {"username": me.username, "password": PASSWORD}
    )
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    client.force_login(coordinator)
    client.post(reverse("operations:official-reactivate", args=[me.pk]))
    me.refresh_from_db()
    assert me.is_active


def test_only_administrators_erase(client, two_officials, coordinator, administrator):
    (me, _other), _cohort = two_officials
    with pytest.raises(PermissionDenied):
        actions.erase_official(me, actor=coordinator)
    client.force_login(coordinator)
    assert (
        client.get(reverse("operations:official-erase", args=[me.pk])).status_code
        == 403
    )


def test_erasure_anonymises_and_certificates_stay_verifiable(
    client, two_officials, administrator
):
    (me, other), cohort = two_officials
    before = _identifiers(me)
    certificates = list(me.signing_certificates.values_list("pk", flat=True))
    assert certificates
    client.force_login(administrator)
    wrong = client.post(
        reverse("operations:official-erase", args=[me.pk]), {"confirm": "sai"}
    )
    assert "không khớp" in wrong.content.decode()
    client.post(
        reverse("operations:official-erase", args=[me.pk]), {"confirm": me.username}
    )
    me.refresh_from_db()
    assert (
        me.profile.full_name == "[đã xóa]" and me.email == "" and me.profile.phone == ""
    )
    assert me.username == f"da-xoa-{me.pk}" and not me.is_active
    assert not me.has_usable_password()
    # Nothing of them is left in the stored files, the login log or the cohort.
    stored = json.dumps(list(OfficialImport.objects.values_list("rows", flat=True)))
    for identifier in before:
        assert identifier not in stored
    from axes.models import AccessLog

    assert not AccessLog.objects.filter(username__in=before).exists()
    assert me not in cohort.members() and other in cohort.members()
    # What scores and certificates read is kept, and every certificate still verifies.
    assert list(me.signing_certificates.values_list("pk", flat=True)) == certificates
    assert me.sandboxes.count() == 1 and me.profile.commune_id
    checked, problems = verify_official_certificates()
    assert checked >= 2 and problems == []
    # The other official is untouched.
    assert _identifiers(other) == {
        other.username,
        other.email,
        other.profile.full_name,
        other.profile.phone,
    }
    # An erased account cannot be activated again through an old link.
    assert (
        client.get(
            reverse("operations:activate", args=[make_activation_token(me)])
        ).status_code
        == 400
    )


def test_erasers_of_other_apps_run_first(two_officials, administrator):
    (me, _other), _cohort = two_officials
    seen = []

    def eraser(user, *, actor):
        seen.append((user.profile.full_name, actor.pk))

    personal_data.register_eraser(eraser)
    try:
        actions.erase_official(me, actor=administrator)
    finally:
        personal_data._erasers.remove(eraser)
    assert seen and seen[0][0] != "[đã xóa]" and seen[0][1] == administrator.pk


def test_every_staff_view_of_a_profile_is_logged(
    client, two_officials, coordinator, administrator
):
    (me, _other), _cohort = two_officials
    before = StaffView.objects.of_subject(me).count()
    client.force_login(coordinator)
    client.get(reverse("operations:official-detail", args=[me.pk]))
    client.get(reverse("operations:official-data", args=[me.pk]))
    views = StaffView.objects.of_subject(me).order_by("viewed_at", "pk")
    assert views.count() == before + 2
    assert (
        views.last().viewer == coordinator
        and views.last().what == StaffView.What.PERSONAL_DATA == "personal_data"
    )
    client.force_login(administrator)
    page = client.get(reverse("operations:staff-view-log")).content.decode()
    assert "hồ sơ cán bộ" in page
    # Looking at one's own data is not a staff view.
    client.force_login(me)
    client.get(reverse("operations:my-data-download"))
    assert StaffView.objects.of_subject(me).count() == before + 2


def test_coordinator_cannot_view_officials_of_another_province(client, coordinator):
    from sandbox.models import Commune
    from tests.conftest import FOREIGN_COMMUNE, make_official

    foreign = make_official(
        "hn1", "trainee", commune=Commune.objects.get(pk=FOREIGN_COMMUNE)
    )
    client.force_login(coordinator)
    assert (
        client.get(reverse("operations:official-detail", args=[foreign.pk])).status_code
        == 403
    )
    assert not StaffView.objects.exists()


def test_officials_list_and_csv_neutralise_formulas(client, coordinator, home_commune):
    from tests.conftest import make_official

    odd = make_official("odd", "trainee", commune=home_commune)
    odd.profile.full_name = "=2+3"  # e.g. typed in the admin
    odd.profile.save()
    client.force_login(coordinator)
    page = client.get(reverse("operations:official-list")).content.decode()
    assert "=2+3" in page
    body = client.get(reverse("operations:official-csv")).content.decode("utf-8-sig")
    assert "'=2+3" in body and "\n=2+3" not in body


# --- the view log in the reader's language --------------------------------------------------


@pytest.fixture
def english():
    """english(client): the client reads in English from now on (logging out forgets it);
    the locale middleware leaves a request's language active, so it is reset afterwards."""

    def choose(client):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    yield choose
    translation.deactivate()


def _profile_label(language):
    with translation.override(language):
        return str(StaffView.What.PROFILE.label)


def test_the_view_log_is_stored_as_codes_and_read_in_the_readers_language(
    client, english, two_officials, coordinator, administrator
):
    (me, _other), _cohort = two_officials
    label = _profile_label("en")
    assert label != "hồ sơ cán bộ"  # the catalogue translates it
    assert set(StaffView.objects.values_list("what", flat=True)) == {"profile"}
    english(client)
    client.force_login(administrator)
    for url in (
        reverse("operations:staff-view-log"),
        reverse("operations:official-detail", args=[me.pk]),
    ):
        page = html.unescape(client.get(url).content.decode())
        assert label in page and "hồ sơ cán bộ" not in page, url
    client.force_login(me)
    exported = json.loads(client.get(reverse("operations:my-data-download")).content)
    seen = exported["sections"]["staff_views_of_me"]
    assert {(v["what"], v["what_code"]) for v in seen} == {(label, "profile")}


def test_text_logged_before_the_codes_stays_readable(
    client, english, coordinator, administrator, home_commune
):
    from tests.conftest import make_official

    subject = make_official("xem", "trainee", commune=home_commune)
    old = StaffView.objects.create(
        viewer=coordinator, subject=subject, what="kết quả học tập"
    )
    english(client)
    client.force_login(administrator)
    page = client.get(reverse("operations:staff-view-log")).content.decode()
    assert "kết quả học tập" in page
    changelist = client.get(reverse("admin:operations_staffview_changelist"))
    assert changelist.status_code == 200
    assert "kết quả học tập" in changelist.content.decode()
    change = client.get(reverse("admin:operations_staffview_change", args=[old.pk]))
    assert "kết quả học tập" in change.content.decode()


def test_the_admin_list_shows_labels_in_the_readers_language(
    client, english, two_officials, administrator
):
    english(client)
    client.force_login(administrator)
    page = client.get(reverse("admin:operations_staffview_changelist"))
    text = html.unescape(page.content.decode())
    assert _profile_label("en") in text and "hồ sơ cán bộ" not in text


def test_other_apps_log_through_the_decorator_with_a_code(
    rf, coordinator, home_commune
):
    from django.http import HttpResponse

    from sandbox.operations.audit import logs_staff_view
    from tests.conftest import make_official

    subject = make_official("hv", "trainee", commune=home_commune)

    @logs_staff_view(StaffView.What.PROFILE, subject=lambda request, **kw: subject)
    def results(request, **kwargs):
        return HttpResponse("ok")

    request = rf.get("/ket-qua/")
    request.user = coordinator
    results(request)
    view = StaffView.objects.get(subject=subject)
    assert view.what == "profile" and view.path == "/ket-qua/"
    with translation.override("en"):
        assert view.get_what_display() == _profile_label("en")


def test_the_data_migration_turns_stored_labels_into_codes_and_back(
    coordinator, home_commune
):
    from django.apps import apps

    from tests.conftest import make_official

    migration = importlib.import_module(
        "sandbox.operations.migrations.0002_staffview_what_codes"
    )
    subject = make_official("cu", "trainee", commune=home_commune)
    stored = ["hồ sơ cán bộ", "tải toàn bộ dữ liệu cá nhân", " Hồ sơ  cán bộ", "khác"]
    rows = [
        StaffView.objects.create(viewer=coordinator, subject=subject, what=what)
        for what in stored
    ]

    def whats():
        return [StaffView.objects.get(pk=r.pk).what for r in rows]

    migration.labels_to_codes(apps, None)
    assert whats() == ["profile", "personal_data", "profile", "khác"]
    migration.codes_to_labels(apps, None)
    assert whats() == [
        "hồ sơ cán bộ",
        "tải toàn bộ dữ liệu cá nhân",
        "hồ sơ cán bộ",
        "khác",
    ]


def test_the_officials_page_names_account_changes_in_vietnamese(
    client, two_officials, coordinator
):
    (me, _other), _cohort = two_officials
    client.force_login(coordinator)
    client.post(reverse("operations:official-deactivate", args=[me.pk]))
    client.post(reverse("operations:official-reactivate", args=[me.pk]))
    page = client.get(reverse("operations:official-detail", args=[me.pk]))
    text = page.content.decode()
    assert "Khóa tài khoản" in text.split("Thay đổi tài khoản gần đây")[1]
    assert "Mở khóa tài khoản" in text.split("Thay đổi tài khoản gần đây")[1]
    assert "account.deactivated" not in text and "account.reactivated" not in text
    who = coordinator.profile.full_name or coordinator.username
    assert who in text.split("Thay đổi tài khoản gần đây")[1]


def test_my_data_page_names_each_part_of_the_file_in_plain_words(
    client, commune_officer
):
    client.force_login(commune_officer)
    page = client.get(reverse("operations:my-data")).content.decode()
    for words in (
        "Lịch sử đăng nhập",
        "Lượt tra cứu Cơ sở dữ liệu dân cư",
        "Lượt xem dữ liệu của tôi",
    ):
        assert words in page
    # Every part has a name of its own, not just the key it has in the JSON file.
    assert all(label != name for name, label in personal_data.sections())
    assert set(personal_data.section_names()) == {
        name for name, _label in personal_data.sections()
    }
