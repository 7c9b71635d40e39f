"""Preview versus commit, idempotency, all-or-nothing, permissions, progress, the command."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse

from sandbox import actions as core
from sandbox.models import Profile, Province
from sandbox.operations import actions
from sandbox.operations.models import ImportRecord, OfficialAccount, OfficialImport
from sandbox.operations.onboarding import synthetic
from tests.operations.conftest import commit, preview, reasons_of, upload

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_preview_writes_no_account(province, coordinator, make_rows):
    users_before = User.objects.count()
    imp = preview(make_rows(5), province, coordinator)
    assert imp.status == "previewed" and imp.created_count == 5
    assert User.objects.count() == users_before
    assert not ImportRecord.objects.exists()


def test_commit_creates_accounts_and_records_who_and_when(
    province, coordinator, make_rows
):
    imp = commit(preview(make_rows(6), province, coordinator), coordinator)
    assert imp.status == "done" and imp.created_count == 6
    assert imp.created_by == coordinator and imp.finished_at and len(imp.sha256) == 64
    created = User.objects.filter(import_records__official_import=imp)
    assert created.count() == 6
    user = created.get(email="canbo000001@xa.saban.test")
    assert user.username == "canbo000001@xa.saban.test"
    assert not user.has_usable_password()
    assert (
        user.profile.role == "trainee"
        and user.groups.filter(name="role:trainee").exists()
    )
    assert OfficialAccount.objects.filter(source_import=imp).count() == 6
    phone_only = created.get(profile__phone="0910000000")
    assert phone_only.username == "0910000000" and phone_only.email == ""


def test_the_same_file_twice_changes_nothing(province, coordinator, make_rows):
    rows = make_rows(8)
    commit(preview(rows, province, coordinator), coordinator)
    snapshot = list(Profile.objects.order_by("pk").values())
    again = commit(preview(rows, province, coordinator), coordinator)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (
        0,
        0,
        8,
    )
    assert list(Profile.objects.order_by("pk").values()) == snapshot


def test_an_edited_file_updates_the_same_people(
    province, coordinator, make_rows, communes
):
    rows = make_rows(4)
    first = commit(preview(rows, province, coordinator), coordinator)
    rows[1]["full_name"] = "Đinh Thị Sửa"
    rows[2]["unit"] = communes[40].code_str
    rows[3]["position"] = "Lãnh đạo"
    second = commit(preview(rows, province, coordinator), coordinator)
    assert (second.created_count, second.updated_count, second.unchanged_count) == (
        0,
        3,
        1,
    )
    ids = dict(first.records.values_list("row", "user_id"))
    assert Profile.objects.get(user_id=ids[3]).full_name == "Đinh Thị Sửa"
    assert Profile.objects.get(user_id=ids[4]).commune_id == communes[40].pk
    assert Profile.objects.get(user_id=ids[5]).position == "leader"


def test_a_file_with_a_rejected_row_cannot_be_committed(
    province, coordinator, make_rows
):
    rows = make_rows(5)
    rows[2]["email"] = "sai-email"
    imp = preview(rows, province, coordinator)
    assert imp.rejected_count == 1 and not imp.can_commit
    with pytest.raises(actions.ImportStale):
        actions.queue_import(imp, actor=coordinator)
    assert not User.objects.filter(email__endswith="xa.saban.test").exists()


def test_data_changed_since_the_preview_writes_nothing(
    province, coordinator, make_rows, home_commune
):
    rows = make_rows(5)
    imp = preview(rows, province, coordinator)
    # Meanwhile someone in another province took row 4's e-mail.
    other = core.create_official(
        username="khac",
        full_name="Người Khác",
        role="trainee",
        province=Province.objects.get(pk=1),
        commune=Province.objects.get(pk=1).communes.first(),
        email=rows[2]["email"],
    )
    before = User.objects.count()
    imp = commit(imp, coordinator)
    assert imp.status == "failed" and "Dữ liệu đã thay đổi" in imp.error
    assert User.objects.count() == before
    assert reasons_of(imp, 4) == ["account_other_province"]
    assert other.pk


def test_a_failure_midway_rolls_everything_back(province, coordinator, make_rows):
    imp = preview(make_rows(5), province, coordinator)
    seen = []

    def crash_after_the_accounts_exist(done):
        seen.append(User.objects.filter(email__endswith="xa.saban.test").count())
        raise RuntimeError("the worker was stopped")

    with pytest.raises(RuntimeError):
        actions.commit_import(
            imp, actor=coordinator, on_progress=crash_after_the_accounts_exist
        )
    assert seen == [4]  # the accounts had been written inside the transaction…
    assert not User.objects.filter(
        email__endswith="xa.saban.test"
    ).exists()  # …and are gone
    assert not ImportRecord.objects.exists() and not OfficialAccount.objects.exists()
    assert OfficialImport.objects.get(pk=imp.pk).status == "previewed"


def test_a_failing_account_hook_leaves_the_import_to_finish_later(
    province, coordinator, make_rows
):
    def certificate_authority_down(user, *, actor):
        raise RuntimeError("the certificate authority is down")

    core.official_created_hooks.append(certificate_authority_down)
    try:
        imp = commit(preview(make_rows(3), province, coordinator), coordinator)
    finally:
        core.official_created_hooks.remove(certificate_authority_down)
    assert imp.status == "done" and imp.created_count == 3
    assert imp.accounts_ready_at is None  # the follow-up failed and can run again
    imp = actions.finish_import(imp.pk)
    assert imp.accounts_ready_at
    for user in User.objects.filter(import_records__official_import=imp):
        assert user.signing_certificates.count() == 1


def test_a_second_commit_click_is_harmless(province, coordinator, make_rows):
    imp = commit(preview(make_rows(3), province, coordinator), coordinator)
    again = actions.queue_import(imp, actor=coordinator)
    assert again.status == "done"
    assert actions.run_import(imp.pk).created_count == 3
    assert User.objects.filter(import_records__official_import=imp).count() == 3


def test_coordinator_imports_only_into_own_province(coordinator, make_rows):
    hanoi = Province.objects.get(pk=1)
    with pytest.raises(PermissionDenied):
        preview(make_rows(2), hanoi, coordinator)


def test_coordinator_cannot_open_another_provinces_import(
    client, coordinator, make_rows
):
    hanoi = Province.objects.get(pk=1)
    imp = actions.preview_import(
        province=hanoi,
        data=synthetic.as_csv(make_rows(2)),
        file_name="hn.csv",
        actor=None,
    )
    client.force_login(coordinator)
    assert (
        client.get(reverse("operations:import-detail", args=[imp.pk])).status_code
        == 403
    )
    response = client.post(reverse("operations:import-commit", args=[imp.pk]))
    assert response.status_code == 403
    assert OfficialImport.objects.get(pk=imp.pk).status == "previewed"


def test_trainees_and_trainers_cannot_import(client, commune_officer, trainer):
    for user in (commune_officer, trainer):
        client.force_login(user)
        assert client.get(reverse("operations:import-upload")).status_code == 403


def test_upload_page_preview_then_commit(
    client, coordinator, make_rows, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    response = upload(client, synthetic.as_xlsx(make_rows(4)), name="ds.xlsx")
    page = response.content.decode()
    assert "4</strong> tạo mới" in page and "Nhập danh sách" in page
    imp = OfficialImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("operations:import-commit", args=[imp.pk]),
            {"send_activation": "on"},
            follow=True,
        )
    assert "Đã nhập xong" in response.content.decode()
    imp.refresh_from_db()
    # Rows without an e-mail (every fifth) get a printed code instead of a mail.
    assert imp.activation_sent == 3 and len(mailoutbox) == 3
    assert "/van-hanh/kich-hoat/" in mailoutbox[0].body
    progress = client.get(reverse("operations:import-progress", args=[imp.pk])).json()
    assert progress == progress | {
        "status": "done",
        "done": 4,
        "total": 4,
        "finished": True,
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "rỗng"),
        (b"%PDF-1.4 renamed", "là tệp PDF"),
        ("Họ và tên,Email\r\nA,a@b.test\r\n".encode(), "thiếu cột"),
    ],
)
def test_upload_page_refuses_bad_files_clearly(client, coordinator, data, message):
    client.force_login(coordinator)
    response = upload(client, data, name="ds.xlsx")
    assert response.status_code == 200 and message in response.content.decode()
    assert not OfficialImport.objects.exists()


def test_rejected_rows_are_listed_with_reasons_and_csv_neutralises_formulas(
    client, coordinator, make_rows
):
    rows = make_rows(3)
    rows[0]["full_name"] = '=HYPERLINK("http://x","bấm")'
    rows[1]["unit"] = "Phường Hoàn Kiếm"
    client.force_login(coordinator)
    page = upload(client, synthetic.as_csv(rows)).content.decode()
    assert "bắt đầu bằng ký tự công thức" in page and "thuộc Thành phố Hà Nội" in page
    imp = OfficialImport.objects.get()
    body = client.get(
        reverse("operations:import-rows-csv", args=[imp.pk])
    ).content.decode("utf-8-sig")
    assert (
        "'=HYPERLINK" in body
        and "\n=HYPERLINK" not in body
        and ",=HYPERLINK" not in body
    )


def test_progress_is_read_from_the_cache_while_running(client, coordinator, make_rows):
    from sandbox.operations import progress

    imp = preview(
        make_rows(3), province=coordinator.profile.province, actor=coordinator
    )
    OfficialImport.objects.filter(pk=imp.pk).update(status="running")
    progress.publish(imp.pk, 2, 3)
    client.force_login(coordinator)
    data = client.get(reverse("operations:import-progress", args=[imp.pk])).json()
    assert (data["done"], data["total"], data["finished"]) == (2, 3, False)


def test_template_downloads(client, coordinator):
    from openpyxl import load_workbook

    from sandbox.operations.onboarding.reading import read_table

    client.force_login(coordinator)
    xlsx = client.get(reverse("operations:import-template", args=["xlsx"]))
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Danh sách cán bộ", "Mã đơn vị", "Hướng dẫn"]
    assert book.active["A1"].value == "Họ và tên"
    csv_body = client.get(reverse("operations:import-template", args=["csv"])).content
    assert csv_body.startswith(b"\xef\xbb\xbf")
    # The untouched template reads fine and holds only the example row.
    for body, name in ((xlsx.content, "mau.xlsx"), (csv_body, "mau.csv")):
        table = read_table(body, name, max_rows=10)
        assert table.rows[0][1]["email"].endswith("@vi-du.invalid")
    # Only the two formats exist: "mau.exe" used to be a CSV named .exe.
    assert client.get("/van-hanh/nhap-can-bo/mau.exe").status_code == 404


def test_printing_codes_never_redirects_off_site(client, coordinator, home_commune):
    client.force_login(coordinator)
    url = reverse("operations:codes-pdf")
    back = reverse("operations:official-list") + "?trang=2"
    for target, expected in (
        ("https://evil.example/", reverse("operations:official-list")),
        ("//evil.example/", reverse("operations:official-list")),
        (back, back),
    ):
        # No official of the commune awaits a code: the view sends the user back.
        response = client.post(url, {"commune": home_commune.pk, "next": target})
        assert response.status_code == 302 and response["Location"] == expected


def test_the_rows_filter_echoes_only_known_outcomes(
    client, coordinator, province, make_rows
):
    imp = preview(make_rows(205), province, coordinator)
    client.force_login(coordinator)
    url = reverse("operations:import-detail", args=[imp.pk])
    page = client.get(url, {"ket-qua": "x&trang=9"}).content.decode()
    assert 'href="?ket-qua=x' not in page and 'href="?trang=2"' in page


def test_command_line_dry_run_then_import(tmp_path, province, make_rows):
    path = tmp_path / "ds.csv"
    path.write_bytes(synthetic.as_csv(make_rows(3)))
    out = io.StringIO()
    call_command(
        "import_officials", str(path), "--province", "37", "--dry-run", stdout=out
    )
    assert "3 tạo mới" in out.getvalue() and "Chạy thử" in out.getvalue()
    assert not OfficialImport.objects.exists() and not ImportRecord.objects.exists()
    call_command("import_officials", str(path), "--province", "37", stdout=out)
    assert "Đã nhập xong" in out.getvalue()
    assert ImportRecord.objects.count() == 3
    imp = OfficialImport.objects.get()
    assert imp.source == "command" and imp.created_by is None


def test_command_line_reports_rejections_and_fails(tmp_path, province, make_rows):
    rows = make_rows(2)
    rows[1]["phone"] = "123"
    path = tmp_path / "ds.csv"
    path.write_bytes(synthetic.as_csv(rows))
    out = io.StringIO()
    with pytest.raises(CommandError, match="không dòng nào được nhập"):
        call_command("import_officials", str(path), "--province", "37", stdout=out)
    assert "dòng 3: Số điện thoại “123” không hợp lệ" in out.getvalue()
    pdf = tmp_path / "ds.csv.pdf"
    pdf.write_bytes(b"%PDF-1.5")
    with pytest.raises(CommandError, match="là tệp PDF"):
        call_command("import_officials", str(pdf), "--province", "37")


def test_fifty_thousand_rows_are_refused_with_nothing_written(
    client, coordinator, make_rows
):
    rows = make_rows(1) * 50_000
    client.force_login(coordinator)
    page = upload(client, synthetic.as_csv(rows)).content.decode()
    assert "hơn 20.000 dòng" in page and "Chưa có dòng nào được nhập" in page
    assert not OfficialImport.objects.exists()


def test_bulk_creation_matches_create_official_row_for_row(province, home_commune):
    from sandbox.operations.actions.officials import OfficialSpec, create_officials

    spec = dict(
        full_name="Phạm Thị Đối Chiếu",
        role="trainee",
        commune=home_commune,
        position="specialist",
        email="doichieu@xa.saban.test",
        phone="0987000111",
    )
    one = core.create_official(username="mot", province=province, actor=None, **spec)
    (bulk,) = create_officials(
        [OfficialSpec(username="hai", **spec)], province=province, actor=None
    )
    fields = ["email", "is_staff", "is_superuser", "is_active", "first_name"]
    one, bulk = User.objects.get(pk=one.pk), User.objects.get(pk=bulk.pk)
    assert [getattr(one, f) for f in fields] == [getattr(bulk, f) for f in fields]
    assert not one.has_usable_password() and not bulk.has_usable_password()
    assert list(one.groups.all()) == list(bulk.groups.all())
    profile_fields = [
        "full_name",
        "role",
        "position",
        "province_id",
        "commune_id",
        "phone",
    ]
    assert [getattr(one.profile, f) for f in profile_fields] == [
        getattr(bulk.profile, f) for f in profile_fields
    ]


def test_new_accounts_are_prepared_by_the_other_apps_hooks(
    province, coordinator, make_rows
):
    imp = commit(preview(make_rows(3), province, coordinator), coordinator)
    assert imp.accounts_ready_at
    for user in User.objects.filter(import_records__official_import=imp):
        assert user.signing_certificates.exists()  # the signature app's hook ran


def test_stalled_imports_fail_and_unfinished_follow_ups_run_again(
    province, coordinator, make_rows
):
    from datetime import timedelta

    from django.utils import timezone

    from sandbox.operations.actions.followup import recover_stalled_imports

    stalled = preview(make_rows(2), province, coordinator)
    OfficialImport.objects.filter(pk=stalled.pk).update(
        status="running", started_at=timezone.now() - timedelta(hours=2)
    )
    done = commit(preview(make_rows(2, start=10), province, coordinator), coordinator)
    OfficialImport.objects.filter(pk=done.pk).update(accounts_ready_at=None)
    later = timezone.now() + timedelta(minutes=11)
    assert recover_stalled_imports(later) == {"failed": 1, "followups": 1}
    stalled.refresh_from_db()
    done.refresh_from_db()
    assert stalled.status == "failed" and "dừng giữa chừng" in stalled.error
    assert done.accounts_ready_at  # the test backend ran the follow-up at once


def _provincial_xlsx(units: list[str]) -> bytes:
    """A list as provinces send it: a title and a date line above the header, officials
    grouped by commune with each commune's cell merged down over its people."""
    from openpyxl import Workbook

    from sandbox.operations.onboarding.columns import COLUMNS

    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH CÁN BỘ, CÔNG CHỨC CÁC XÃ, PHƯỜNG THAM GIA TẬP HUẤN"])
    sheet.append(["Ninh Bình, ngày 05 tháng 11 năm 2026"])
    sheet.append([])
    sheet.append([c.header for c in COLUMNS])
    number = 0
    for unit in units:
        first = sheet.max_row + 1
        for _ in range(3):
            sheet.append(
                [
                    f"Nguyễn Văn Thử {'ABCDEFGHIJKLMNOP'[number]}",
                    unit if sheet.max_row + 1 == first else None,
                    "Công chức chuyên môn",
                    f"thu{number}@xa.saban.test",
                    f"09120000{number:02d}",
                    None,
                ]
            )
            number += 1
        sheet.merge_cells(
            start_row=first, start_column=2, end_row=first + 2, end_column=2
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_provincial_list_with_title_merged_units_and_an_old_district(
    client, coordinator, home_commune, other_commune
):
    client.force_login(coordinator)
    data = _provincial_xlsx(["Phường Hoa Lư", "Huyện Gia Viễn"])
    page = upload(client, data, name="danh-sach.xlsx").content.decode()
    imp = OfficialImport.objects.get()
    # Rows 5–7 and 8–10, as Excel shows them; the merged unit counts for every row.
    assert [r["row"] for r in imp.rows] == [5, 6, 7, 8, 9, 10]
    assert [r["outcome"] for r in imp.rows] == ["created"] * 3 + ["rejected"] * 3
    assert all(reasons_of(imp, n) == ["unit_former_district"] for n in (8, 9, 10))
    assert "“Huyện Gia Viễn” là đơn vị hành chính cấp huyện cũ" in page
    assert "<td>10</td>" in page

    data = _provincial_xlsx(["Phường Hoa Lư", other_commune.code_str])
    upload(client, data, name="danh-sach-da-sua.xlsx")
    fixed = OfficialImport.objects.get(file_name="danh-sach-da-sua.xlsx")
    assert fixed.can_commit and fixed.created_count == 6
    fixed = commit(fixed, coordinator)
    communes = dict(
        fixed.records.values_list("row", "user__profile__commune_id").order_by("row")
    )
    assert communes == {5: home_commune.pk, 6: home_commune.pk, 7: home_commune.pk} | {
        8: other_commune.pk,
        9: other_commune.pk,
        10: other_commune.pk,
    }


def _two_row_heading_csv(rows) -> bytes:
    """A list headed over two rows ("Liên hệ" over e-mail and phone), with a row of
    column numbers under the heading, as official lists often carry."""
    import csv

    from sandbox.operations.onboarding.columns import COLUMNS

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["DANH SÁCH CÁN BỘ THAM GIA TẬP HUẤN"])
    writer.writerow(["Họ và tên", "Đơn vị", "Chức danh", "Liên hệ", "", "Vai trò"])
    writer.writerow(["", "", "", "Email", "Số điện thoại", ""])
    writer.writerow([f"({n})" for n in range(1, 7)])
    writer.writerows([r.get(c.field, "") for c in COLUMNS] for r in rows)
    return buffer.getvalue().encode()


def test_a_two_row_heading_and_column_numbers_are_read_and_reported(
    client, tmp_path, province, coordinator, make_rows
):
    data = _two_row_heading_csv(make_rows(3))
    client.force_login(coordinator)
    page = upload(client, data, name="hai-dong.csv").content.decode()
    imp = OfficialImport.objects.get()
    assert imp.can_commit and imp.created_count == 3
    assert [r["row"] for r in imp.rows] == [5, 6, 7]
    assert imp.layout == {"header": [2, 3], "numbering": 4}
    assert "dòng 2–3; dòng 4 đánh số cột, đã bỏ qua" in page

    path = tmp_path / "hai-dong.csv"
    path.write_bytes(data)
    out = io.StringIO()
    call_command(
        "import_officials", str(path), "--province", "37", "--dry-run", stdout=out
    )
    assert "Dòng tiêu đề: dòng 2–3; dòng 4 đánh số cột, đã bỏ qua." in out.getvalue()


def test_an_empty_file_is_named_a_tep_like_everywhere_else(client, coordinator):
    client.force_login(coordinator)
    page = upload(client, b"", name="ds.csv").content.decode()
    assert "Tệp tải lên rỗng" in page and "Tập tin" not in page


def test_the_preview_shows_the_phone_number_as_it_will_be_saved(
    client, coordinator, make_rows
):
    rows = make_rows(2)
    rows[0]["phone"], rows[0]["email"] = "+84 912 000 403", ""
    rows[1]["phone"] = "12345"  # rejected: shown as typed, next to its reason
    client.force_login(coordinator)
    page = upload(client, synthetic.as_csv(rows)).content.decode()
    assert "0912000403" in page and "+84 912 000 403" not in page
    assert "12345" in page


def test_the_templates_drop_down_lists_warn_about_a_value_off_the_list(
    client, coordinator
):
    from openpyxl import load_workbook

    client.force_login(coordinator)
    xlsx = client.get(reverse("operations:import-template", args=["xlsx"]))
    rules = load_workbook(io.BytesIO(xlsx.content)).active.data_validations
    assert len(rules.dataValidation) == 2
    for rule in rules.dataValidation:
        # Without showErrorMessage Excel keeps the message to itself; a warning (not a
        # stop) still lets people type a spelling the import also understands.
        assert rule.showErrorMessage and rule.errorStyle == "warning"
        assert rule.error == "Xin chọn một giá trị trong danh sách."
