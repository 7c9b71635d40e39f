from datetime import date

from fake_portal.population.models import Citizen, DataDefect
from fake_portal.population.papers import papers_view


def test_papers_without_defects_equal_the_database(big_world, db):
    citizen = Citizen.objects.for_world(big_world).without_defects().first()
    papers = papers_view(citizen)
    assert papers.differences == {}
    assert papers.full_name == citizen.full_name
    assert papers.birth_date == citizen.birth_date


def test_papers_show_the_other_birth_date(big_world, db):
    citizen = (
        Citizen.objects.for_world(big_world).with_defect("birth_date_mismatch").first()
    )
    papers = papers_view(citizen)
    database, paper = papers.differences["birth_date"]
    assert (
        database == citizen.birth_date
        and paper == papers.birth_date != citizen.birth_date
    )
    assert isinstance(paper, date) and paper.year == citizen.birth_date.year


def test_papers_show_the_other_name_and_the_old_address(big_world, db):
    named = Citizen.objects.for_world(big_world).with_defect("name_mismatch").first()
    assert papers_view(named).full_name != named.full_name
    moved = Citizen.objects.for_world(big_world).with_defect("old_address").first()
    paper_address = papers_view(moved).permanent_address
    assert paper_address != papers_view(moved, defects=[]).permanent_address
    assert any(
        word in paper_address for word in ("Huyện", "Thành phố", "Thị xã", "Tỉnh")
    )


def test_missing_field_is_empty_in_the_database_only(big_world, db):
    defect = DataDefect.objects.filter(world=big_world, kind="missing_field").first()
    papers = papers_view(defect.citizen)
    assert defect.field in papers.differences
    assert papers.differences[defect.field][1]


def test_expired_card_and_duplicates_do_not_change_the_papers(big_world, db):
    for kind in ("expired_card", "duplicate_record"):
        citizen = Citizen.objects.for_world(big_world).with_defect(kind).first()
        assert papers_view(citizen).differences == {}
    duplicate = DataDefect.objects.filter(
        world=big_world, kind="duplicate_record"
    ).first()
    twin = Citizen.objects.get(world=big_world, id_number=duplicate.database_value)
    assert twin.duplicate_of == duplicate.citizen
    same = Citizen.objects.for_world(big_world).search(
        name=twin.full_name, birth_date=twin.birth_date
    )
    assert {twin, duplicate.citizen} <= set(same)
