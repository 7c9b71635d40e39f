from collections import Counter

import pytest

from sandbox.models import Commune, Province

pytestmark = pytest.mark.django_db


def test_migrate_loads_the_34_provinces_and_3321_communes():
    assert Province.objects.count() == 34
    assert Commune.objects.count() == 3321


def test_commune_kinds_match_the_2025_map():
    kinds = Counter(Commune.objects.values_list("kind", flat=True))
    assert kinds == {"xa": 2621, "phuong": 687, "dac_khu": 13}


@pytest.mark.parametrize(
    ("code", "name"),
    [
        (1, "Thành phố Hà Nội"),
        (37, "Ninh Bình"),
        (79, "Thành phố Hồ Chí Minh"),
        (96, "Cà Mau"),
    ],
)
def test_known_provinces_have_official_codes(code, name):
    assert Province.objects.get(pk=code).name == name


def test_known_communes_belong_to_their_province():
    hoan_kiem = Commune.objects.get(pk=70)
    assert (hoan_kiem.name, hoan_kiem.province_id, hoan_kiem.kind) == (
        "Phường Hoàn Kiếm",
        1,
        "phuong",
    )
    hoa_lu = Commune.objects.get(pk=14329)
    assert (hoa_lu.name, hoa_lu.province.name) == ("Phường Hoa Lư", "Ninh Bình")
    assert hoa_lu.code_str == "14329"


def test_names_carry_no_doubled_spaces():
    assert not Commune.objects.filter(name__contains="  ").exists()
    assert Commune.objects.filter(name="Xã Xuân Giang", province_id=37).exists()


def test_every_province_has_communes():
    assert not Province.objects.filter(communes__isnull=True).exists()
