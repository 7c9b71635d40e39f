from datetime import date

import pytest

from fake_portal.counter import actions
from fake_portal.population.text import normalise_name
from tests.fake_portal.conftest import (  # noqa: F401 (fixtures)
    MONDAY_9AM,
    PIN,
    citizen,
    make_citizen,
    officer_pin,
    sandbox,
    world,
)

BIRTH = "1.001193"


@pytest.fixture
def neighbour(world, home_commune):  # noqa: F811
    return make_citizen(
        world,
        home_commune,
        "036085004321",
        surname="Trần",
        middle_name="Văn",
        given_name="Bình",
        sex="male",
        birth_date=date(1985, 2, 3),
    )


@pytest.fixture
def grandmother(world, home_commune):  # noqa: F811
    return make_citizen(
        world,
        home_commune,
        "036150000777",
        surname="Lê",
        middle_name="Thị",
        given_name="Mận",
        birth_date=date(1950, 3, 8),
        card_issue_date=date(2021, 6, 1),
        card_expiry_date=None,
        search_name=normalise_name("Lê Thị Mận"),
    )


def serve(box, person, officer, procedure=BIRTH, defects=(), **extra):
    """A walk-in, called and identified, with the e-dossier opened."""
    walk_in = actions.arrive_walk_in(
        box,
        citizen=person,
        procedure_code=procedure,
        defects=defects,
        seed=extra.pop("seed", "t"),
        include_optional=extra.pop("include_optional", False),
    )
    actions.call_walk_in(walk_in, actor=officer)
    actions.identify_citizen(walk_in, citizen=person, actor=officer, method="id_number")
    dossier = actions.open_dossier(
        walk_in,
        actor=officer,
        procedure_code=procedure,
        phone=person.phone,
        request=extra.pop("request", {"child_name": "Nguyễn Minh Khôi"}),
    )
    walk_in.refresh_from_db()
    return walk_in, dossier


def fields_of(paper):
    return dict(paper.fields)


def events(dossier, action):
    return list(dossier.events.filter(action=action))
