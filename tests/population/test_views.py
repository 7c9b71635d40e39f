"""The officials' view of the population database: access, search, person page, audit."""

import pytest
from django.urls import reverse

from fake_portal.population.models import Citizen, DataDefect, PopulationLookup

SEARCH = reverse("population:search")


@pytest.fixture
def officer_client(client, commune_officer):
    client.force_login(commune_officer)
    return client


def test_anonymous_users_are_sent_to_login(client, db):
    response = client.get(SEARCH)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_users_without_back_office_permission_are_refused(
    client, db, django_user_model
):
    user = django_user_model.objects.create_user("khach", password="x")
    client.force_login(user)
    assert client.get(SEARCH).status_code == 403


def test_search_by_identity_number_is_logged_with_the_dossier(
    officer_client, big_world, commune_officer
):
    person = Citizen.objects.for_world(big_world).alive().originals().first()
    response = officer_client.get(
        SEARCH,
        {"world": big_world.pk, "id_number": person.id_number, "dossier": "H37-1"},
    )
    assert response.status_code == 200
    assert person.full_name in response.content.decode()
    lookup = PopulationLookup.objects.get()
    assert lookup.user == commune_officer and lookup.dossier_code == "H37-1"
    assert lookup.citizen == person and lookup.results == 1
    assert lookup.query["id_number"] == person.id_number and lookup.world == big_world
    # The official's own data names the citizen by identity number, not an internal id.
    from fake_portal.personal_data import population_lookups

    (mine,) = population_lookups(commune_officer)
    assert mine["citizen_id_number"] == person.id_number


def test_search_by_name_and_birth_date_ignores_case_and_accents(
    officer_client, big_world
):
    person = Citizen.objects.for_world(big_world).alive().originals().last()
    response = officer_client.get(
        SEARCH,
        {
            "world": big_world.pk,
            "name": person.full_name.lower(),
            "birth_date": person.birth_date.strftime("%d/%m/%Y"),
        },
    )
    assert person.id_number in response.content.decode()


def test_the_province_world_is_used_without_a_parameter(officer_client, big_world):
    person = Citizen.objects.for_world(big_world).first()
    response = officer_client.get(SEARCH, {"id_number": person.id_number})
    assert response.context["world"] == big_world


def test_bad_input_gets_a_clear_error_and_no_log(officer_client, big_world):
    response = officer_client.get(SEARCH, {"world": big_world.pk, "id_number": "12345"})
    assert "12 chữ số" in response.content.decode()
    response = officer_client.get(
        SEARCH, {"world": big_world.pk, "name": "Nguyễn Văn A"}
    )
    assert "ngày sinh" in response.content.decode()
    assert not PopulationLookup.objects.exists()


def test_unknown_world_is_404(officer_client, db):
    assert officer_client.get(SEARCH, {"world": "999999"}).status_code == 404
    assert officer_client.get(SEARCH, {"world": "abc"}).status_code == 404


def test_person_page_shows_household_and_records_but_not_defects(
    officer_client, big_world
):
    defect = DataDefect.objects.filter(
        world=big_world, kind="birth_date_mismatch"
    ).first()
    person = defect.citizen
    url = reverse("population:citizen-detail", args=[person.pk])
    response = officer_client.get(url, {"world": big_world.pk, "dossier": "H37-2"})
    page = response.content.decode()
    assert response.status_code == 200
    assert person.id_number in page and person.birth_date.strftime("%d/%m/%Y") in page
    for member in person.household.members.all():
        assert member.full_name in page
    assert "Khai sinh" in page
    assert "birth_date_mismatch" not in page and "lỗi dữ liệu" not in page.lower()
    assert PopulationLookup.objects.get().citizen == person


def test_person_of_another_world_is_404(officer_client, big_world, db):
    from fake_portal.population import actions

    other = actions.create_world(province_code=37, citizens=30, seed=3)
    actions.generate_world(other)
    person = Citizen.objects.for_world(other).first()
    url = reverse("population:citizen-detail", args=[person.pk])
    assert officer_client.get(url, {"world": big_world.pk}).status_code == 404


def test_world_status_is_json_for_staff_only(
    client, officer_client, administrator, big_world
):
    url = reverse("population:world-status", args=[big_world.pk])
    assert officer_client.get(url).status_code == 403
    client.force_login(administrator)
    data = client.get(url).json()
    assert data["status"] == "ready" and data["percent"] == 100


@pytest.mark.parametrize("number", ["035²84656183", "035１84656183", "03 5１8465618 3"])
def test_digit_like_identity_numbers_get_a_clear_error(
    officer_client, big_world, number
):
    response = officer_client.get(SEARCH, {"world": big_world.pk, "id_number": number})
    assert response.status_code == 200
    assert "chữ số từ 0 đến 9" in response.content.decode()
    assert not PopulationLookup.objects.exists()


@pytest.mark.parametrize("world", ["²", "１", "99999999999999999999999"])
def test_a_world_that_is_not_a_plain_number_is_404(officer_client, big_world, world):
    person = Citizen.objects.for_world(big_world).first()
    detail = reverse("population:citizen-detail", args=[person.pk])
    assert officer_client.get(SEARCH, {"world": world}).status_code == 404
    assert officer_client.get(detail, {"world": world}).status_code == 404


MISSING = "Nhập số định danh cá nhân, hoặc nhập đủ họ tên và ngày sinh"


def test_an_empty_submitted_search_says_what_is_missing(officer_client, big_world):
    first_visit = officer_client.get(SEARCH, {"world": big_world.pk})
    assert MISSING not in first_visit.content.decode()
    response = officer_client.get(
        SEARCH,
        {"world": big_world.pk, "id_number": "", "name": "", "birth_date": ""},
    )
    assert response.status_code == 200 and MISSING in response.content.decode()
    assert response.context["results"] is None
    assert not PopulationLookup.objects.exists()


def test_a_nul_character_in_a_name_gets_a_vietnamese_error(officer_client, big_world):
    response = officer_client.get(
        SEARCH,
        {"world": big_world.pk, "name": "Nguyễn\x00 An", "birth_date": "05/09/1990"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "ký tự NUL" in page
    assert "Null characters" not in page


def _every_table_scrolls(page):
    """Each table sits in a focusable, labelled region that scrolls sideways."""
    tables = page.count("<table")
    wrapped = page.count(
        '<div class="table-scroll" role="region" tabindex="0" aria-labelledby="'
    )
    return tables > 0 and tables == wrapped


def test_result_and_person_tables_scroll_sideways_on_narrow_screens(
    officer_client, big_world
):
    from django.contrib.staticfiles import finders

    person = (
        Citizen.objects.for_world(big_world)
        .filter(household__isnull=False, civil_status_records__isnull=False)
        .first()
    )
    results = officer_client.get(
        SEARCH, {"world": big_world.pk, "id_number": person.id_number}
    )
    assert _every_table_scrolls(results.content.decode())
    detail = officer_client.get(
        reverse("population:citizen-detail", args=[person.pk]),
        {"world": big_world.pk},
    )
    assert _every_table_scrolls(detail.content.decode())
    # The wrapper's rule is the whole site's (the 360 px browser test checks it works).
    with open(finders.find("sandbox/site.css"), encoding="utf-8") as css:
        assert ".table-scroll{overflow-x:auto}" in css.read()


def test_the_dashboard_links_officials_to_the_population_search(officer_client, db):
    page = officer_client.get(reverse("dashboard")).content.decode()
    assert f'href="{SEARCH}"' in page


def test_without_a_parameter_the_world_of_the_officials_open_sandbox_is_used(
    officer_client, commune_officer, home_commune, db
):
    """A world generated later for the province must not switch the look-up away from
    the world the official's dossiers come from."""
    from fake_portal.population import actions
    from sandbox import actions as sandbox_actions

    practised = actions.create_world(province_code=37, citizens=30, seed=11)
    actions.generate_world(practised)
    sandbox_actions.open_sandbox(
        world=practised,
        commune=home_commune,
        kind="practice",
        owner=commune_officer,
    )
    newer = actions.create_world(province_code=37, citizens=30, seed=12)
    actions.generate_world(newer)
    person = Citizen.objects.for_world(practised).first()

    response = officer_client.get(SEARCH, {"id_number": person.id_number})
    assert response.context["world"] == practised
    assert person.full_name in response.content.decode()
    detail = reverse("population:citizen-detail", args=[person.pk])
    assert officer_client.get(detail).status_code == 200


def test_the_search_page_asks_which_dossier_a_look_up_is_for(officer_client, big_world):
    page = officer_client.get(SEARCH, {"world": big_world.pk}).content.decode()
    assert 'name="dossier"' in page and "Mã hồ sơ đang kiểm tra" in page
    came_from_a_dossier = officer_client.get(
        SEARCH, {"world": big_world.pk, "dossier": "H37-9"}
    ).content.decode()
    assert 'value="H37-9"' in came_from_a_dossier
