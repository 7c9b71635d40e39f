import os

import pytest

from sandbox import actions
from sandbox.models import Commune, Province

DEMO_PROVINCE = 37  # Ninh Bình
HOME_COMMUNE = 14329  # Phường Hoa Lư
OTHER_COMMUNE = 14464  # Xã Gia Viễn
FOREIGN_COMMUNE = 70  # Phường Hoàn Kiếm, Hà Nội
PASSWORD = "mat-khau-thu-nghiem-2026"


@pytest.fixture(autouse=True)
def _site_language_after_each_test():
    """A request in English (the language cookie, an /en/ address) leaves English active
    in the thread after it; every test hands the next one the site's own language."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


def pytest_sessionstart(session):
    """A lane whose services are named must reach them: fail loudly, never skip."""
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        import redis

        try:
            redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
        except Exception as exc:
            pytest.exit(f"REDIS_URL={redis_url} is unreachable: {exc}", returncode=3)


def ensure_units():
    """Transactional tests flush tables, data-migration rows included: reload the map."""
    if Commune.objects.count() < 3321:
        from sandbox.units import load_units

        load_units(Province, Commune)


@pytest.fixture
def province(db):
    ensure_units()
    return Province.objects.get(pk=DEMO_PROVINCE)


@pytest.fixture
def home_commune(province):
    return Commune.objects.get(pk=HOME_COMMUNE)


@pytest.fixture
def other_commune(province):
    return Commune.objects.get(pk=OTHER_COMMUNE)


def make_official(username, role, position="other", commune=None, province=None):
    province = province or (
        commune.province if commune else Province.objects.get(pk=DEMO_PROVINCE)
    )
    return actions.create_official(
        username=username,
        full_name=f"Cán bộ {username}",
        role=role,
        position=position,
        province=province,
        commune=commune,
        password=PASSWORD,
        actor=None,
    )


@pytest.fixture
def commune_officer(home_commune):
    return make_official("tiepnhan", "trainee", "receiving_officer", home_commune)


@pytest.fixture
def specialist(home_commune):
    return make_official("chuyenvien", "trainee", "specialist", home_commune)


@pytest.fixture
def leader(home_commune):
    return make_official("lanhdao", "trainee", "leader", home_commune)


@pytest.fixture
def other_officer(other_commune):
    return make_official("tiepnhan_khac", "trainee", "receiving_officer", other_commune)


@pytest.fixture
def trainer(province):
    return make_official("giangvien", "trainer", province=province)


@pytest.fixture
def coordinator(province):
    return make_official("dieuphoi", "coordinator", province=province)


@pytest.fixture
def administrator(province):
    return make_official("quantri", "administrator", province=province)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never a downloaded build; no background networking on a closed net."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-dev-shm-usage",
        ],
    }


# ---------------------------------------------------------------- a world for scenarios

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
    """A small generated world shared by the scenario tests of every app: committed
    outside the per-test transactions, removed at the end of the session."""
    from fake_portal.population import actions as population
    from fake_portal.population.loader import delete_world_rows

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
