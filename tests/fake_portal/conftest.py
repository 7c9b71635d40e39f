from datetime import UTC, date, datetime

import pytest

from fake_portal import actions
from fake_portal.models import Channel
from fake_portal.population.models import Citizen
from fake_portal.signatures import actions as signature_actions
from sandbox.models import World

# The PIN the tests set on training tokens, through the real action.
PIN = "246810"

# A Monday in office hours, with no holiday near it.
MONDAY_9AM = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 09:00 in Vietnam


@pytest.fixture
def world(province):
    return World.objects.create(
        name="Ninh Bình thử nghiệm",
        province=province,
        seed=7,
        citizens=3,
        status="ready",
    )


def make_citizen(world, commune, number, **extra):
    values = dict(
        world=world,
        id_number=number,
        surname="Nguyễn",
        middle_name="Thị",
        given_name="Hoa",
        sex="female",
        birth_date=date(1990, 5, 17),
        birth_place_code=number[:3],
        ethnicity="Kinh",
        phone="0912345678",
        card_issue_date=date(2021, 4, 1),
        card_expiry_date=date(2030, 5, 17),
        permanent_commune=commune,
        permanent_address="Thôn Đông",  # the hamlet: the commune is its own field
    )
    values.update(extra)
    return Citizen.objects.create(**values)


@pytest.fixture
def citizen(world, home_commune):
    return make_citizen(world, home_commune, "036190012345")


@pytest.fixture
def sandbox(world, commune_officer, specialist, leader):
    box = actions.open_practice_sandbox(
        user=commune_officer, world=world, start=MONDAY_9AM, speed=1
    )
    actions.take_seats(box, specialist, ["specialist"])
    actions.take_seats(box, leader, ["leader"])
    return box


BIRTH = "1.001193"
CERTIFIED_COPY = "2.000815"


@pytest.fixture
def filed(sandbox, citizen):
    return actions.file_dossier(
        sandbox=sandbox,
        procedure_code=BIRTH,
        applicant=citizen,
        channel=Channel.ONLINE,
        form_data={"child_name": "Nguyễn Minh Khôi"},
        actor_name="Nguyễn Thị Hoa",
    )


@pytest.fixture
def leader_pin(leader):
    """The leader's token with a PIN the test knows, set through the real action."""
    signature_actions.reset_pin(leader, actor=None, pin=PIN)
    return PIN


@pytest.fixture
def officer_pin(commune_officer):
    signature_actions.reset_pin(commune_officer, actor=None, pin=PIN)
    return PIN
