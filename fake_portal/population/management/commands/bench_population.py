"""manage.py bench_population [--citizens 1000000] [--sqlite-citizens 100000]

Measures, in one run, on throwaway databases of its own:
  * our loader into PostgreSQL (N citizens with households and records), peak memory;
  * a raw COPY of exactly the same rows into same-shaped tables (the database's ceiling);
  * a naive Faker + bulk_create pipeline on a smaller N, as a rate;
  * our loader into SQLite (M citizens).
Each database part runs in a child process (`--worker`) against its own database so the
peak memory is that of the loader alone. Prints a table with the ratios.
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from fake_portal.population import actions
from fake_portal.population.rows import TABLES

PG_NAME = "saban_bench_population"
SQLITE_PATH = Path(tempfile.gettempdir()) / "saban_bench_population.sqlite3"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


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


def _pg_admin_url(base: str) -> str:
    parts = urlsplit(base)
    return parts._replace(path="/postgres").geturl()


class Command(BaseCommand):
    help = "Benchmark world generation against a raw COPY and a naive Faker pipeline."

    def add_arguments(self, parser):
        parser.add_argument("--citizens", type=int, default=1_000_000)
        parser.add_argument("--sqlite-citizens", type=int, default=100_000)
        parser.add_argument("--naive-citizens", type=int, default=20_000)
        parser.add_argument("--province", type=int, default=37)
        parser.add_argument(
            "--postgres-url",
            default=os.environ.get(
                "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
            ),
        )
        parser.add_argument(
            "--worker", choices=["postgres", "sqlite"], help=argparse_hidden()
        )

    def handle(self, *args, **options):
        if options["worker"]:
            result = getattr(self, f"work_{options['worker']}")(options)
            self.stdout.write("RESULT " + json.dumps(result))
            return
        pg = self.run_child("postgres", options)
        lite = self.run_child("sqlite", options)
        self.report(pg, lite, options)

    # -- parent ---------------------------------------------------------------------------
    def run_child(self, kind: str, options) -> dict:
        if kind == "postgres":
            url = (
                urlsplit(options["postgres_url"])._replace(path=f"/{PG_NAME}").geturl()
            )
            self.recreate_pg(options["postgres_url"])
        else:
            SQLITE_PATH.unlink(missing_ok=True)
            for suffix in ("-wal", "-shm"):
                Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
            url = f"sqlite:///{SQLITE_PATH}"
        env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        self.stderr.write(f"[{kind}] migrate…")
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
        self.stderr.write(f"[{kind}] measuring…")
        args = [*manage, "bench_population", "--worker", kind]
        for name in ("citizens", "sqlite_citizens", "naive_citizens", "province"):
            args += [f"--{name.replace('_', '-')}", str(options[name])]
        done = subprocess.run(args, env=env, check=True, capture_output=True, text=True)
        sys.stderr.write(done.stderr[-2000:])
        line = [x for x in done.stdout.splitlines() if x.startswith("RESULT ")][-1]
        try:
            return json.loads(line[len("RESULT ") :])
        finally:
            if kind == "postgres":
                self.drop_pg(options["postgres_url"])
            else:
                SQLITE_PATH.unlink(missing_ok=True)

    def recreate_pg(self, admin_url):
        import psycopg

        with psycopg.connect(_pg_admin_url(admin_url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}"')
            conn.execute(f'CREATE DATABASE "{PG_NAME}"')

    def drop_pg(self, admin_url):
        import psycopg

        with psycopg.connect(_pg_admin_url(admin_url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')

    def report(self, pg, lite, options):
        n, m = options["citizens"], options["sqlite_citizens"]
        ours = n / pg["ours_s"]
        copy = n / pg["copy_s"]
        naive = pg["naive_n"] / pg["naive_s"]
        rows = [
            (
                "PostgreSQL, our loader",
                f"{n:,}",
                f"{pg['ours_s']:.1f} s",
                f"{ours:,.0f}/s",
                f"{pg['peak_mb']:.0f} MB",
            ),
            (
                "PostgreSQL, raw COPY of the same rows",
                f"{n:,}",
                f"{pg['copy_s']:.1f} s",
                f"{copy:,.0f}/s",
                "–",
            ),
            (
                "PostgreSQL, naive Faker + bulk_create",
                f"{pg['naive_n']:,}",
                f"{pg['naive_s']:.1f} s",
                f"{naive:,.0f}/s",
                "–",
            ),
            (
                "SQLite, our loader",
                f"{m:,}",
                f"{lite['ours_s']:.1f} s",
                f"{m / lite['ours_s']:,.0f}/s",
                f"{lite['peak_mb']:.0f} MB",
            ),
        ]
        widths = [max(len(r[i]) for r in rows) for i in range(5)]
        head = ("run", "citizens", "time", "citizens/s", "peak RSS")
        widths = [max(w, len(h)) for w, h in zip(widths, head, strict=True)]
        fmt = "  ".join(f"{{:<{w}}}" for w in widths)
        self.stdout.write(fmt.format(*head))
        for r in rows:
            self.stdout.write(fmt.format(*r))
        self.stdout.write("")
        self.stdout.write(f"rows written per world: {pg['rows']}")
        self.stdout.write(
            f"CPU seconds (client + PostgreSQL backend): ours {pg['ours_cpu']:.1f} + "
            f"{pg['ours_server']:.1f}; raw COPY server {pg['copy_server']:.1f}; naive "
            f"{pg['naive_cpu']:.1f} + {pg['naive_server']:.1f}; SQLite ours {lite['ours_cpu']:.1f}"
        )
        self.stdout.write(
            f"load average during the runs: {pg['load']:.1f} / {lite['load']:.1f} on "
            f"{os.cpu_count()} cores (wall times stretch when the machine is shared)"
        )
        self.stdout.write(
            f"our rate / raw COPY rate: {100 * ours / copy:.0f} % (goal ≥ 50 %)"
        )
        self.stdout.write(f"our rate / naive rate: {ours / naive:.1f}× (goal ≥ 10×)")
        self.stdout.write(
            f"PostgreSQL {n:,} in {pg['ours_s']:.1f} s (goal ≤ 30 s), peak {pg['peak_mb']:.0f} MB "
            f"(goal ≤ 500 MB); SQLite {m:,} in {lite['ours_s']:.1f} s (goal ≤ 15 s)"
        )

    # -- workers (child processes, DATABASE_URL points at the throwaway database) -----------
    def generate(self, citizens: int, province: int, seed: int):
        world = actions.create_world(
            province_code=province, citizens=citizens, seed=seed
        )
        with Clock() as clock:
            actions.generate_world(world)
        return world, clock

    def work_postgres(self, options) -> dict:
        if connection.vendor != "postgresql":
            raise CommandError("worker needs PostgreSQL")
        world, ours = self.generate(options["citizens"], options["province"], 1)
        peak = peak_rss_mb()
        rows = self.count_rows(world.pk)
        copy = self.raw_copy(world.pk)
        naive_n = options["naive_citizens"]
        naive = self.naive(naive_n, options["province"])
        return {
            "ours_s": ours.wall,
            "ours_cpu": ours.cpu,
            "ours_server": ours.server,
            "peak_mb": peak,
            "copy_s": copy.wall,
            "copy_server": copy.server,
            "naive_n": naive_n,
            "naive_s": naive.wall,
            "naive_cpu": naive.cpu,
            "naive_server": naive.server,
            "rows": rows,
            "load": os.getloadavg()[0],
        }

    def work_sqlite(self, options) -> dict:
        world, ours = self.generate(options["sqlite_citizens"], options["province"], 1)
        return {
            "ours_s": ours.wall,
            "ours_cpu": ours.cpu,
            "peak_mb": peak_rss_mb(),
            "rows": self.count_rows(world.pk),
            "load": os.getloadavg()[0],
        }

    def count_rows(self, world_id):
        with connection.cursor() as cursor:
            total = 0
            for table in TABLES:
                cursor.execute(
                    f"SELECT COUNT(*) FROM {table} WHERE world_id = %s", [world_id]
                )  # noqa: S608
                total += cursor.fetchone()[0]
        return total

    def raw_copy(self, world_id) -> "Clock":
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

    def naive(self, citizens: int, province: int) -> "Clock":
        """The obvious pipeline: Faker (vi_VN) per field, ORM objects, bulk_create."""
        import random

        from faker import Faker

        from fake_portal.population.models import Citizen, CivilStatusRecord, Household
        from sandbox.models import Commune, World

        faker = Faker("vi_VN")
        faker.seed_instance(1)
        rng = random.Random(1)
        communes = list(Commune.objects.filter(province_id=province))
        world = World.objects.create(
            name="naive", province_id=province, seed=999, citizens=citizens
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


def argparse_hidden():
    import argparse

    return argparse.SUPPRESS
