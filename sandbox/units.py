"""Load the administrative map since 1 July 2025 from the maintained `vietnam-provinces` package."""

from vietnam_provinces import Province as VNProvince
from vietnam_provinces import VietNamDivisionType, Ward

_KIND = {
    VietNamDivisionType.XA: "xa",
    VietNamDivisionType.PHUONG: "phuong",
    VietNamDivisionType.DAC_KHU: "dac_khu",
}


def _clean(name):
    # The package has a few names with doubled spaces ("Xã  Xuân Giang").
    return " ".join(name.split())


def province_rows():
    for p in VNProvince.iter_all():
        yield {
            "code": int(p.code),
            "name": _clean(p.name),
            "codename": p.codename,
            "division_type": p.division_type.value,
        }


def commune_rows():
    for w in Ward.iter_all():
        yield {
            "code": int(w.code),
            "name": _clean(w.name),
            "codename": w.codename,
            "kind": _KIND[w.division_type],
            "province_id": int(w.province_code),
        }


def load_units(province_model, commune_model):
    """Create or refresh every province and commune; returns (provinces, communes) counts."""
    provinces = [province_model(**row) for row in province_rows()]
    province_model.objects.bulk_create(
        provinces,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "codename", "division_type"],
    )
    communes = [commune_model(**row) for row in commune_rows()]
    commune_model.objects.bulk_create(
        communes,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "codename", "kind", "province"],
    )
    return len(provinces), len(communes)
