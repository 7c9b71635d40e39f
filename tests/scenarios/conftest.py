"""A small generated world shared by the scenario tests, and the trainee who plays them."""

import pytest

from fake_portal.population import actions as population
from fake_portal.population.loader import delete_world_rows
from tests.conftest import HOME_COMMUNE, make_official  # noqa: F401
from tests.fake_portal.conftest import make_citizen, world  # noqa: F401 (fixtures)

PROVINCE = 37
# Defects are commoner than in the demo world so that every built-in scenario finds its
# applicant among a few thousand people.
DEFECT_RATES = {
    "birth_date_mismatch": 0.05,
    "expired_card": 0.15,
    "name_mismatch": 0.03,
}


@pytest.fixture(scope="session")
def scenario_world(django_db_setup, django_db_blocker):
    """Committed outside the per-test transactions, removed at the end of the session."""
    with django_db_blocker.unblock():
        made = population.create_world(
            province_code=PROVINCE, citizens=3000, seed=4711, defect_rates=DEFECT_RATES
        )
        population.generate_world(made)
        made.refresh_from_db()
    yield made
    with django_db_blocker.unblock():
        delete_world_rows(made.pk)
        made.delete()


@pytest.fixture
def trainee(home_commune):
    return make_official("hocvien", "trainee", "receiving_officer", home_commune)
