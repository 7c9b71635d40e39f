"""Measurements for bench_population: clocks, the raw COPY ceiling, the naive baseline."""

import os
import random
import resource
import tempfile
import threading
import time
from pathlib import Path

from django.db import connection, transaction

from fake_portal.population.rows import TABLES


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pss_kb(pid) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def tree_pss_kb() -> int:
    """Proportional set size of this process and its children (shared pages split)."""
    pids = ["self"]
    for task in Path("/proc/self/task").iterdir():
        pids += (task / "children").read_text().split()
    return sum(_pss_kb(pid) for pid in pids)


class PeakMemory(threading.Thread):
    """Samples the memory of this process tree (the loader forks its generator) every
    `interval` seconds; `peak_mb` is the largest sum seen, shared pages counted once.

    A sample is not free: the kernel walks every resident page to split the shared ones
    (~18 ms of CPU for 530 MB). Every 0.1 s that took 2.5 s of CPU and ~2 s of wall time
    from a 31-s load of a million citizens on two busy cores; every 0.5 s it takes a
    fifth of that and found the same peak (407 MB both ways: the load's memory is flat,
    one chunk at a time).
    """

    INTERVAL = 0.5

    def __init__(self, interval: float = INTERVAL):
        super().__init__(daemon=True)
        self.interval = interval
        self.peak_kb = 0
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.wait(self.interval):
            self.peak_kb = max(self.peak_kb, tree_pss_kb())

    def __enter__(self):
        self.peak_kb = tree_pss_kb()
        self.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.join()

    @property
    def peak_mb(self) -> float:
        return self.peak_kb / 1024


def own_cpu() -> float:
    """CPU seconds of this process and of its finished children."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def server_cpu() -> float:
    """CPU seconds of this connection's PostgreSQL backend (same machine), else 0."""
    if connection.vendor != "postgresql":
        return 0.0
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


class Clock:
    """Wall time plus the CPU time of this process and of its database backend."""

    def __enter__(self):
        self.wall, self.cpu, self.server = time.perf_counter(), own_cpu(), server_cpu()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = own_cpu() - self.cpu
        self.server = server_cpu() - self.server


def raw_copy(world_id: int) -> Clock:
    """COPY the world's rows (dumped to files first) into same-shaped fresh tables."""
    files = {}
    with tempfile.TemporaryDirectory() as tmp:
        with connection.cursor() as wrapper:
            cursor = wrapper.cursor
            for table, columns in TABLES.items():
                path = Path(tmp) / f"{table}.copy"
                cols = ", ".join(columns)
                with (
                    open(path, "wb") as out,
                    cursor.copy(
                        f"COPY (SELECT {cols} FROM {table} WHERE world_id = {int(world_id)}) TO STDOUT"
                    ) as copy,
                ):
                    for data in copy:
                        out.write(data)
                files[table] = path
            for table in TABLES:
                # Same columns, defaults, indexes and unique constraints; no foreign keys.
                cursor.execute(
                    f"CREATE TABLE bench_{table} (LIKE {table} INCLUDING ALL)"
                )
        with Clock() as clock, transaction.atomic(), connection.cursor() as wrapper:
            cursor = wrapper.cursor
            for table, columns in TABLES.items():
                with (
                    open(files[table], "rb") as source,
                    cursor.copy(
                        f"COPY bench_{table} ({', '.join(columns)}) FROM STDIN"
                    ) as copy,
                ):
                    while block := source.read(1 << 20):
                        copy.write(block)
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"DROP TABLE bench_{table}")
    return clock


def naive(citizens: int, province: int, seed: int = 1) -> Clock:
    """The obvious pipeline: Faker (vi_VN) per field, ORM objects, bulk_create."""

    from faker import Faker

    from fake_portal.population.models import Citizen, CivilStatusRecord, Household
    from sandbox.models import Commune, World

    faker = Faker("vi_VN")
    faker.seed_instance(seed)
    rng = random.Random(seed)
    communes = list(Commune.objects.filter(province_id=province))
    world = World.objects.create(
        name=f"naive {seed}", province_id=province, seed=1000 + seed, citizens=citizens
    )
    with Clock() as clock, transaction.atomic():
        made = 0
        while made < citizens:
            batch = min(1000, citizens - made)
            households, people = [], []
            while len(people) < batch:
                size = min(rng.randint(1, 6), batch - len(people))
                commune = rng.choice(communes)
                household = Household(
                    world=world,
                    code=f"N{made + len(people)}",
                    commune=commune,
                    address=faker.street_address(),
                    size=size,
                )
                households.append(household)
                for i in range(size):
                    sex = rng.choice(["male", "female"])
                    surname, given = (
                        faker.last_name(),
                        (
                            faker.first_name_male()
                            if sex == "male"
                            else faker.first_name_female()
                        ),
                    )
                    people.append(
                        Citizen(
                            world=world,
                            id_number=f"037{rng.randrange(10**9):09d}",
                            surname=surname,
                            middle_name="Văn" if sex == "male" else "Thị",
                            given_name=given,
                            search_name=f"{surname} {given}".lower(),
                            sex=sex,
                            birth_date=faker.date_of_birth(
                                minimum_age=0, maximum_age=95
                            ),
                            birth_place_code="037",
                            ethnicity="Kinh",
                            hometown=faker.city(),
                            phone=faker.phone_number()[:10],
                            email=faker.free_email(),
                            household=household,
                            relation_to_head="head" if i == 0 else "child",
                            permanent_commune=commune,
                            permanent_address=household.address,
                        )
                    )
            Household.objects.bulk_create(households)
            for p in people:
                p.household_id = p.household.pk
            Citizen.objects.bulk_create(people, batch_size=1000)
            CivilStatusRecord.objects.bulk_create(
                [
                    CivilStatusRecord(
                        world=world,
                        kind="birth",
                        subject=p,
                        event_date=p.birth_date,
                        registration_date=p.birth_date,
                        registering_commune=p.permanent_commune,
                        book_number="01",
                        entry_number=1,
                        registrar=faker.name(),
                    )
                    for p in people
                ],
                batch_size=1000,
            )
            heads = {
                p.household_id: p
                for p in reversed(people)
                if p.relation_to_head == "head"
            }
            for h in households:
                h.head = heads[h.pk]
            Household.objects.bulk_update(households, ["head"], batch_size=1000)
            made += batch
    return clock
