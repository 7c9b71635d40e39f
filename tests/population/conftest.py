"""A 20,000-person world shared by the tests that need one (generated once per session)."""

import pytest

from fake_portal.population import actions
from fake_portal.population.generator import generate
from fake_portal.population.loader import delete_world_rows, world_spec
from fake_portal.population.rows import Digest

PROVINCE = 37  # Ninh Bình, the demo province
WORLD_SIZE = 20_000
WORLD_SEED = 7


@pytest.fixture(scope="session")
def big_world(django_db_setup, django_db_blocker):
    """Committed outside the per-test transactions, removed at the end of the session."""
    with django_db_blocker.unblock():
        world = actions.create_world(
            province_code=PROVINCE, citizens=WORLD_SIZE, seed=WORLD_SEED
        )
        actions.generate_world(world)
        world.refresh_from_db()
    yield world
    with django_db_blocker.unblock():
        delete_world_rows(world.pk)
        world.delete()


@pytest.fixture(scope="session")
def big_spec(big_world, django_db_blocker):
    with django_db_blocker.unblock():
        return world_spec(big_world)


@pytest.fixture(scope="session")
def bundles(big_spec):
    """The same world as plain rows from the pure generator (no database)."""
    return list(generate(big_spec))


def digest_of(spec) -> str:
    digest = Digest()
    for bundle in generate(spec):
        digest.update(bundle)
    return digest.hexdigest()
