"""A small generated world shared by the scenario tests, and the trainee who plays them."""

import pytest

from tests.conftest import HOME_COMMUNE, make_official  # noqa: F401
from tests.fake_portal.conftest import make_citizen, world  # noqa: F401 (fixtures)


@pytest.fixture
def trainee(home_commune):
    return make_official("hocvien", "trainee", "receiving_officer", home_commune)
