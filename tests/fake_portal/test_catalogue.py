import json
from collections import Counter

import pytest
import yaml
from jsonschema import Draft202012Validator

from fake_portal.catalogue import (
    DEFAULT_PATH,
    SCHEMA_PATH,
    CatalogueError,
    load_catalogue,
    normalise,
)


@pytest.fixture
def catalogue():
    return load_catalogue()


@pytest.fixture
def raw():
    return yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))


def index_of(raw, code):
    return next(i for i, p in enumerate(raw["procedures"]) if p["code"] == code)


def write_variant(tmp_path, raw):
    path = tmp_path / "procedures.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


# ---------------------------------------------------------------- shipped file


def test_schema_is_valid_draft_2020_12():
    Draft202012Validator.check_schema(json.loads(SCHEMA_PATH.read_text()))


def test_shipped_catalogue_validates(catalogue):
    assert catalogue.version == "2026.11.1"
    assert "huấn luyện" in catalogue.notice_vi


def test_default_catalogue_is_cached():
    assert load_catalogue() is load_catalogue()


def test_at_least_twenty_commune_procedures(catalogue):
    assert len(catalogue.by_level("commune")) >= 20


def test_at_least_four_province_procedures_received_at_the_commune(catalogue):
    transferred = [
        p
        for p in catalogue.by_level("province")
        if p.filed_regardless_of_residence
        and catalogue.agency(p.competent_agency).level == "province"
    ]
    assert len(transferred) >= 4


def test_codes_are_unique(raw, catalogue):
    codes = [p["code"] for p in raw["procedures"]]
    assert len(codes) == len(set(codes)) == len(catalogue)


def test_document_keys_are_unique_within_each_procedure(catalogue):
    for procedure in catalogue:
        keys = Counter(d.key for d in procedure.required_documents)
        assert max(keys.values()) == 1, procedure.code


def test_priority_procedures_from_domain_are_present(catalogue):
    for code in [
        "1.001193", "1.000894", "1.000656", "2.000815", "2.000884", "2.000635",
        "1.004873", "1.004859", "1.001612", "1.004222", "1.004194", "1.003583",
    ]:  # fmt: skip
        assert catalogue.get(code).level == "commune"


def test_interlinked_groups_bundle_several_agencies(catalogue):
    birth = catalogue.get("LT.001")
    assert set(birth.interlinked_agencies) == {"commune_police", "social_insurance"}
    assert "1.001193" in birth.component_codes
    assert birth.processing_time.working_days == 20
    assert birth.processing_time.online_working_days == 3
    assert catalogue.get("LT.002").is_interlinked


def test_birth_registration_is_same_day_with_a_three_pm_cutoff(catalogue):
    time = catalogue.get("1.001193").processing_time
    assert (time.same_day, time.working_days, time.cutoff) == (True, 0, "15:00")


def test_certified_copy_fee_is_per_page_with_a_cap(catalogue):
    fee = catalogue.get("2.000815").fee
    assert [fee.amount_for(n) for n in (1, 2, 3, 5)] == [2000, 4000, 5000, 7000]
    assert fee.amount_for(1000) == 200_000


def test_signature_certification_costs_ten_thousand(catalogue):
    assert catalogue.get("2.000884").fee.amount_for() == 10_000


def test_residence_procedures_belong_to_the_commune_police(catalogue):
    for code in ("1.004222", "1.004194"):
        assert catalogue.get(code).competent_agency == "commune_police"


def test_papers_in_national_databases_are_never_required(catalogue):
    flagged = [d for p in catalogue for d in p.documents_not_to_request()]
    assert flagged, "the catalogue should list papers an officer must not ask for"
    assert not any(d.required for d in flagged)


def test_papers_only_shown_are_exempt_from_digitisation(catalogue):
    shown = [
        d for p in catalogue for d in p.required_documents if d.kind == "shown_only"
    ]
    assert shown and all(d.digitisation_exempt for d in shown)


def test_every_procedure_cites_a_known_source(catalogue):
    known = {s.id for s in catalogue.sources}
    for procedure in catalogue:
        assert set(procedure.sources) <= known, procedure.code


def test_illustrative_codes_explain_themselves(catalogue):
    for procedure in catalogue:
        if procedure.provenance == "illustrative":
            assert procedure.provenance_note, procedure.code


# ---------------------------------------------------------------- lookup and search


def test_get_returns_the_procedure(catalogue):
    assert catalogue.get("1.001193").name_vi == "Đăng ký khai sinh"


def test_get_unknown_code_raises_key_error(catalogue):
    with pytest.raises(KeyError):
        catalogue.get("9.999999")


def test_normalise_strips_vietnamese_diacritics():
    assert normalise("  Đăng ký KHAI SINH  ") == "dang ky khai sinh"
    assert normalise("Chứng thực chữ ký, đất đai") == "chung thuc chu ky, dat dai"


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("dang ky khai sinh", "1.001193"),
        ("Đăng ký khai sinh", "1.001193"),
        ("ho kinh doanh", "1.001612"),
        ("chung thuc ban sao", "2.000815"),
        ("chung thuc chu ky", "2.000884"),
        ("thuong tru", "1.004222"),
        ("khai tu", "1.000656"),
        ("so do", "1.013978"),
        ("1.003583", "1.003583"),
        ("1.003583.000.00.00.H37", "1.003583"),
        ("birth registration", "1.001193"),
        ("building permit", "1.009994"),
        ("criminal record", "2.000488"),
        ("Marriage", "1.000894"),
    ],
)
def test_search_ranks_the_expected_procedure_first(catalogue, query, first):
    assert catalogue.search(query)[0].code == first


def test_search_chung_thuc_finds_every_certification(catalogue):
    codes = {p.code for p in catalogue.search("chung thuc")}
    assert {"2.000815", "2.000884", "2.001035"} <= codes


def test_search_ranks_exact_code_before_name_matches(catalogue):
    assert catalogue.search("1.001193")[0].code == "1.001193"


def test_search_ranks_name_start_before_words_elsewhere(catalogue):
    codes = [p.code for p in catalogue.search("dang ky khai sinh")]
    assert codes.index("1.003583") < codes.index("LT.001")


def test_search_requires_every_word(catalogue):
    assert catalogue.search("khai sinh xyzxyz") == []


def test_search_accepts_a_half_typed_last_word(catalogue):
    assert catalogue.search("chung thu")[0].sector == "chung-thuc"


def test_empty_search_returns_everything(catalogue):
    assert len(catalogue.search("  ")) == len(catalogue)


# ---------------------------------------------------------------- malformed files


def test_missing_field_is_reported_with_its_path(tmp_path, raw):
    del raw["procedures"][0]["name_vi"]
    with pytest.raises(CatalogueError) as error:
        load_catalogue(write_variant(tmp_path, raw))
    assert "$.procedures[0]: 'name_vi' is a required property" in str(error.value)


def test_wrong_type_is_reported_with_its_path(tmp_path, raw):
    i = index_of(raw, "1.004222")
    raw["procedures"][i]["processing_time"]["working_days"] = "bảy"
    with pytest.raises(CatalogueError) as error:
        load_catalogue(write_variant(tmp_path, raw))
    assert f"$.procedures[{i}].processing_time.working_days: 'bảy'" in str(error.value)


def test_negative_days_are_reported_with_their_path(tmp_path, raw):
    i = index_of(raw, "1.004194")
    raw["procedures"][i]["processing_time"]["working_days"] = -1
    with pytest.raises(CatalogueError) as error:
        load_catalogue(write_variant(tmp_path, raw))
    message = str(error.value)
    assert f"$.procedures[{i}].processing_time.working_days" in message
    assert "minimum" in message


def test_unknown_level_is_reported_with_its_path(tmp_path, raw):
    raw["procedures"][3]["level"] = "district"
    with pytest.raises(CatalogueError) as error:
        load_catalogue(write_variant(tmp_path, raw))
    assert "$.procedures[3].level: 'district' is not one of" in str(error.value)


def test_every_problem_is_listed(tmp_path, raw):
    del raw["procedures"][0]["slug"]
    raw["procedures"][5]["online"] = "sometimes"
    with pytest.raises(CatalogueError) as error:
        load_catalogue(write_variant(tmp_path, raw))
    assert len(error.value.problems) == 2
    assert "$.procedures[5].online" in str(error.value)


def test_unquoted_code_read_as_a_number_is_rejected(tmp_path):
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    path = tmp_path / "procedures.yaml"
    path.write_text(
        text.replace('code: "1.000894"', "code: 1.000894"), encoding="utf-8"
    )
    with pytest.raises(CatalogueError, match=r"\$\.procedures\[\d+\]\.code"):
        load_catalogue(path)


def test_required_paper_already_in_a_national_database_is_rejected(tmp_path, raw):
    i = index_of(raw, "1.001193")
    j = next(
        j
        for j, d in enumerate(raw["procedures"][i]["required_documents"])
        if d["data_in_national_database"]
    )
    raw["procedures"][i]["required_documents"][j]["required"] = True
    with pytest.raises(CatalogueError, match=rf"required_documents\[{j}\]\.required"):
        load_catalogue(write_variant(tmp_path, raw))


def test_duplicate_code_is_rejected(tmp_path, raw):
    raw["procedures"][1]["code"] = raw["procedures"][0]["code"]
    with pytest.raises(CatalogueError, match=r"\$\.procedures\[1\]\.code: duplicate"):
        load_catalogue(write_variant(tmp_path, raw))


def test_duplicate_document_key_is_rejected(tmp_path, raw):
    documents = raw["procedures"][0]["required_documents"]
    documents[1]["key"] = documents[0]["key"]
    with pytest.raises(
        CatalogueError, match=r"required_documents\[1\]\.key: duplicate"
    ):
        load_catalogue(write_variant(tmp_path, raw))


def test_unknown_agency_is_rejected(tmp_path, raw):
    raw["procedures"][0]["competent_agency"] = "district_people_committee"
    with pytest.raises(CatalogueError, match=r"competent_agency: unknown agency"):
        load_catalogue(write_variant(tmp_path, raw))


def test_agency_of_the_wrong_level_is_rejected(tmp_path, raw):
    raw["procedures"][0]["competent_agency"] = "province_police"
    with pytest.raises(CatalogueError, match=r"province-level agency"):
        load_catalogue(write_variant(tmp_path, raw))


def test_unreadable_file_raises_catalogue_error(tmp_path):
    with pytest.raises(CatalogueError, match=r"cannot be read"):
        load_catalogue(tmp_path / "missing.yaml")
