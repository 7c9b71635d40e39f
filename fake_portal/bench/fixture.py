"""A benchmark sandbox with many dossiers, in realistic statuses, written in bulk."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from fake_portal.actions import open_practice_sandbox, take_seats
from fake_portal.codes import commune_agency_code, dossier_code
from fake_portal.models import Channel, Dossier, DossierEvent, Stage, Status
from sandbox import actions as core
from sandbox.models import Commune, World

PROVINCE, COMMUNE = 37, 14329
USERS = {
    "bench_tiepnhan": "receiving_officer",
    "bench_chuyenvien": "specialist",
    "bench_lanhdao": "leader",
}
# (status, stage, share)
MIX = [
    (Status.FILED, "", 0.30),
    (Status.RECEIVED, "", 0.25),
    (Status.PROCESSING, Stage.ASSIGNED, 0.20),
    (Status.PROCESSING, Stage.AWAITING_APPROVAL, 0.10),
    (Status.SUPPLEMENT_REQUESTED, "", 0.05),
    (Status.RETURNED, Stage.SIGNED, 0.10),
]


def bench_users():
    commune = Commune.objects.get(pk=COMMUNE)
    User = get_user_model()
    users = {}
    for username, position in USERS.items():
        user = User.objects.filter(username=username).first() or core.create_official(
            username=username,
            full_name=username,
            role="trainee",
            position=position,
            province=commune.province,
            commune=commune,
            password="bench",
        )
        users[position] = user
    return users


def bench_world(citizens: int):
    from fake_portal.population.actions import create_world, generate_world

    world = World.objects.filter(
        province_id=PROVINCE, seed=99, citizens=citizens, status="ready"
    ).first()
    if world is None:
        world = create_world(
            province_code=PROVINCE, citizens=citizens, seed=99, name="Bench"
        )
        generate_world(world)
        world.refresh_from_db()
    return world


@transaction.atomic
def bench_sandbox(world, users, dossiers: int, seed: int = 1):
    """A practice sandbox holding `dossiers` dossiers with their events."""
    from fake_portal.population.models import Citizen

    officer = users["receiving_officer"]
    sandbox = open_practice_sandbox(user=officer, world=world, speed=1)
    take_seats(sandbox, users["specialist"], ["specialist"])
    take_seats(sandbox, users["leader"], ["leader"])
    rng = random.Random(seed)
    applicants = list(
        Citizen.objects.for_world(world)
        .filter(alive=True)
        .values_list("pk", "surname", "given_name", "id_number")[:3000]
    )
    now = sandbox.now()
    agency = commune_agency_code(COMMUNE, PROVINCE)
    rows, plan = [], []
    for index in range(dossiers):
        status, stage = _draw(rng)
        pk, surname, given, number = rng.choice(applicants)
        filed = now - timedelta(minutes=dossiers - index)
        day_seq = index % 9999 + 1
        rows.append(
            Dossier(
                sandbox=sandbox,
                code=dossier_code(
                    agency, (filed - timedelta(days=index // 9999)).date(), day_seq
                ),
                procedure_code="1.001193",
                applicant_id=pk,
                channel=Channel.ONLINE,
                status=status,
                stage=stage,
                receiving_commune_id=COMMUNE,
                competent_commune_id=COMMUNE,
                competent_agency="commune_people_committee",
                filed_at=filed,
                received_at=filed if status != Status.FILED else None,
                due_at=filed + timedelta(days=rng.choice([-2, 1, 3]))
                if status != Status.FILED
                else None,
                assignee=users["specialist"] if stage else None,
                form_data={
                    "applicant": {
                        "full_name": f"{surname} {given}",
                        "id_number": number,
                    }
                },
            )
        )
        plan.append(status)
    created = Dossier.objects.bulk_create(rows, batch_size=1000)
    events = [
        DossierEvent(
            sandbox=sandbox,
            dossier=d,
            action="dossier.filed",
            to_status=Status.FILED,
            sim_time=d.filed_at,
            actor_name="bench",
        )
        for d in created
    ]
    DossierEvent.objects.bulk_create(events, batch_size=2000)
    return sandbox


def _draw(rng):
    roll, total = rng.random(), 0.0
    for status, stage, share in MIX:
        total += share
        if roll < total:
            return status, stage
    return MIX[-1][:2]
