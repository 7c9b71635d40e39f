"""Every rejection reason, and the created / updated / unchanged decision."""

import pytest

from sandbox.models import Commune, Province
from sandbox.operations.onboarding.fields import check_phone, normalise_phone
from sandbox.operations.onboarding.text import name_key
from sandbox.operations.onboarding.validation import validate_rows
from tests.conftest import FOREIGN_COMMUNE, HOME_COMMUNE, make_official

pytestmark = pytest.mark.django_db
TRAINEE_ONLY = {"trainee"}


def cells(**overrides):
    base = {
        "full_name": "Nguyễn Văn An",
        "unit": str(HOME_COMMUNE),
        "position": "Cán bộ tiếp nhận",
        "email": "an@xa.saban.test",
        "phone": "0912345678",
        "role": "",
    }
    return base | overrides


def check(province, *rows, grantable=TRAINEE_ONLY):
    return validate_rows(list(enumerate(rows, start=2)), province, grantable)


def codes(result):
    return [p.code for p in result.problems]


def test_a_good_row_is_created_with_the_email_as_user_name(province):
    (row,) = check(province, cells())
    assert row.outcome == "created" and not row.problems
    assert row.username == "an@xa.saban.test"
    assert (
        row.value["commune"] == HOME_COMMUNE
        and row.value["position"] == "receiving_officer"
    )


def test_unit_by_exact_name_ignoring_case_spacing_and_tone_placement(province):
    for unit in ("Phường Hoa Lư", "  phường   HOA LƯ ", "Hoa Lư", "14329"):
        (row,) = check(province, cells(unit=unit))
        assert row.value["commune"] == HOME_COMMUNE, unit
    assert name_key("Xã Gia Hoà") == name_key("xã gia hòa")
    assert name_key("Hoa Lư") != name_key("Hoa Lu")  # diacritics still count


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"unit": "Xã Không Có"}, "unit_unknown"),
        ({"unit": "99999"}, "unit_unknown"),
        ({"unit": "Hoa Lu"}, "unit_unknown"),
        ({"unit": str(FOREIGN_COMMUNE)}, "unit_outside_province"),
        ({"unit": "Phường Hoàn Kiếm"}, "unit_outside_province"),
        ({"unit": ""}, "unit_missing"),
        ({"full_name": ""}, "name_missing"),
        ({"full_name": "Nguyễn Văn 2"}, "name_invalid"),
        ({"full_name": "=cmd|' /C calc'!A0"}, "formula"),
        ({"full_name": "+Nguyễn"}, "formula"),
        ({"full_name": "-Nguyễn"}, "formula"),
        ({"full_name": "@Nguyễn"}, "formula"),
        ({"unit": "=A1"}, "formula"),
        ({"email": "khong-phai-email"}, "email_invalid"),
        ({"email": '=HYPERLINK("x")'}, "formula"),
        ({"phone": "0123456789"}, "phone_invalid"),
        ({"phone": "091234567"}, "phone_invalid"),
        ({"phone": "02293871234"}, "phone_invalid"),
        ({"email": "", "phone": ""}, "contact_missing"),
        ({"position": "Bảo vệ"}, "position_unknown"),
        ({"role": "Giảng viên"}, "role_not_allowed"),
        ({"role": "Điều phối viên"}, "role_not_allowed"),
        ({"role": "Vua"}, "role_unknown"),
    ],
)
def test_every_rejection_reason(province, overrides, code):
    (row,) = check(province, cells(**overrides))
    assert row.outcome == "rejected"
    assert code in codes(row)


def test_ambiguous_unit_name(province):
    # Two units of one province answering to one name (here "Hoa Lư" without its kind).
    Commune.objects.create(
        code=99001,
        name="Xã Hoa Lư",
        codename="xa_hoa_lu_test",
        kind="xa",
        province=province,
    )
    (row,) = check(province, cells(unit="Hoa Lư"))
    assert codes(row) == ["unit_ambiguous"]
    assert "14329" in row.problems[0].params["choices"]
    (exact,) = check(province, cells(unit="Phường Hoa Lư"))
    assert exact.value["commune"] == HOME_COMMUNE


def test_all_reasons_of_a_row_are_listed(province):
    (row,) = check(
        province, cells(full_name="", unit="Xã Không Có", email="x", phone="1")
    )
    assert set(codes(row)) == {
        "name_missing",
        "unit_unknown",
        "email_invalid",
        "phone_invalid",
    }


def test_duplicate_rows_point_to_the_first(province):
    rows = check(
        province,
        cells(),
        cells(full_name="Trần Thị Bình", phone="0987654321"),  # same e-mail
        cells(full_name="Lê Văn Cường", email="cuong@xa.saban.test"),  # same phone
    )
    assert rows[0].outcome == "created"
    assert (
        codes(rows[1]) == ["duplicate_row"] and rows[1].problems[0].params["row"] == 2
    )
    assert codes(rows[2]) == ["duplicate_row"]


def test_an_administrator_may_grant_trainer_and_coordinator(province):
    grantable = {"trainee", "trainer", "coordinator"}
    (row,) = check(province, cells(role="Giảng viên", unit=""), grantable=grantable)
    assert row.outcome == "created" and row.value["role"] == "trainer"
    (admin,) = check(province, cells(role="Quản trị"), grantable=grantable)
    assert "role_not_allowed" in codes(admin)


def test_existing_account_unchanged_then_updated(province, home_commune, other_commune):
    user = make_official("an", "trainee", "receiving_officer", home_commune)
    user.email = "an@xa.saban.test"
    user.save()
    user.profile.full_name, user.profile.phone = "Nguyễn Văn An", "0912345678"
    user.profile.save()
    (same,) = check(province, cells(email="AN@xa.saban.test"))
    assert same.outcome == "unchanged" and same.user_id == user.pk
    (moved,) = check(province, cells(unit=str(other_commune.pk), position="Lãnh đạo"))
    assert moved.outcome == "updated" and moved.changes == ["commune", "position"]
    (by_phone,) = check(province, cells(email=""))
    assert by_phone.outcome == "unchanged" and by_phone.user_id == user.pk


def test_staff_accounts_and_other_provinces_cannot_be_touched(province, coordinator):
    coordinator.email = "dp@xa.saban.test"
    coordinator.save()
    (row,) = check(province, cells(email="dp@xa.saban.test"))
    assert codes(row) == ["role_not_allowed"]
    hanoi = Province.objects.get(pk=1)
    elsewhere = make_official(
        "hn", "trainee", commune=Commune.objects.get(pk=FOREIGN_COMMUNE)
    )
    elsewhere.email = "hn@xa.saban.test"
    elsewhere.save()
    (other,) = check(province, cells(email="hn@xa.saban.test"))
    assert codes(other) == ["account_other_province"]
    assert hanoi.pk == elsewhere.profile.province_id


def test_email_and_phone_of_two_accounts_conflict(province, home_commune):
    a = make_official("a", "trainee", commune=home_commune)
    a.email = "a@xa.saban.test"
    a.save()
    b = make_official("b", "trainee", commune=home_commune)
    b.profile.phone = "0912345678"
    b.profile.save()
    (row,) = check(province, cells(email="a@xa.saban.test", phone="0912345678"))
    assert codes(row) == ["account_conflict"]


def test_user_name_taken_gets_a_suffix(province, home_commune):
    make_official("0912345678", "trainee", commune=home_commune)
    (row,) = check(province, cells(email=""))
    assert row.outcome == "created" and row.username == "0912345678-2"


def test_example_row_of_the_template_is_skipped(province):
    rows = check(province, cells(email="nguyen.thi.vidu@vi-du.invalid"), cells())
    assert [r.row for r in rows] == [3]


@pytest.mark.parametrize(
    ("raw", "phone"),
    [
        ("0912 345 678", "0912345678"),
        ("091.234.5678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        (912345678, "0912345678"),
        (912345678.0, "0912345678"),
        ("0869-123-456", "0869123456"),
    ],
)
def test_phone_spellings(raw, phone):
    assert normalise_phone(raw) == phone
    assert check_phone(raw) == (phone, [])


def test_a_superscript_or_full_width_unit_code_is_an_unknown_unit_not_a_crash(province):
    # "²".isdigit() is True but int("²") raises: the preview used to answer 500.
    for unit in ("²", "1432²"):
        (row,) = check(province, cells(unit=unit))
        assert row.outcome == "rejected" and codes(row) == ["unit_unknown"], unit


def test_a_phone_with_a_superscript_digit_is_refused(province):
    (row,) = check(province, cells(phone="091234567²"))
    assert codes(row) == ["phone_invalid"]
    assert check_phone("091234567²")[1] and not check_phone("0912345678")[1]


FORMER_DISTRICTS = [
    "Huyện Gia Viễn",
    "  huyện   GIA VIỄN ",
    "Quận 3",
    "Thị xã Duy Tiên",
    "Thành phố Nam Định",
    "Thành phố Ninh Bình",  # the old city; the province is "Tỉnh Ninh Bình"
    "Thành phố Hoa Lư",  # the city of early 2025; "Phường Hoa Lư" is a ward now
    "TP. Tam Điệp",
    "TP Nam Định",
    "H. Nho Quan",
    "Q.3",
    "TX Kim Bảng",
]
FORMER_TOWNSHIPS = ["Thị trấn Me", "thị  trấn Thiên Tôn", "TT. Me", "TT Nho Quan"]


@pytest.mark.parametrize(
    ("unit", "code", "says"),
    [(u, "unit_former_district", "cấp huyện cũ") for u in FORMER_DISTRICTS]
    + [(u, "unit_former_township", "thị trấn cũ") for u in FORMER_TOWNSHIPS],
)
def test_a_unit_of_the_old_map_gets_its_own_reason(province, unit, code, says):
    from sandbox.operations.onboarding.reasons import describe

    (row,) = check(province, cells(unit=unit))
    assert row.outcome == "rejected" and codes(row) == [code]
    message = describe(row.problems[0].as_json())
    assert says in message and "01/7/2025" in message
    assert "mã 5 chữ số" in message


@pytest.mark.parametrize(
    "unit",
    [
        "Thành phố Hà Nội",  # a province (centrally-run city), not a district
        "Thành phố Huế",
        "TP Hồ Chí Minh",
        "TP.HCM",
        "Tỉnh Hà Nam",  # an old province
        "Huyện",
        "Xã Không Tồn Tại",
        "Txã Không Có",
        "Ttrấn Không Có",
    ],
)
def test_other_unknown_units_keep_the_generic_reason(province, unit):
    (row,) = check(province, cells(unit=unit))
    assert codes(row) == ["unit_unknown"], unit
