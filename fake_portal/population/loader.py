"""Write a generated world into the database, fast and all-or-nothing.

PostgreSQL: the whole world is ONE transaction; a child process generates the rows and
encodes them as COPY text, and they go in through staging tables (streaming.py), with
citizen and household ids reserved up front from their sequences, so foreign keys
between them need no round trip. Progress is written by a second connection in
autocommit, so the admin sees it while the load runs; the world row is only touched by
the main transaction at the very end (status, digest), after the last progress update,
so the two connections never wait on each other.

SQLite (one writer at a time): each chunk is its own transaction with `executemany` (a
second connection could not write progress while one long transaction holds the lock);
on any failure every row of the world is deleted again and the world is marked failed.
"""

import gc
import time
from collections.abc import Callable
from contextlib import contextmanager

from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fake_portal.population.generator import CommuneInfo, WorldSpec, generate
from fake_portal.population.generator.defects import ORDER as DEFECT_KINDS
from fake_portal.population.generator.tables import known_provinces
from fake_portal.population.generator.world import MAX_CITIZENS
from fake_portal.population.rows import TABLES, Digest, RowMapper
from fake_portal.population.streaming import (
    CopyWriter,
    IdBases,
    Staging,
    Stream,
    chunked,
    citizen_bound,
)
from sandbox.numbers import thousands

# Living citizens per chunk. PostgreSQL waits for the first chunk and the child for the
# last one to go in, so smaller chunks waste less at both ends (measured over a million:
# 0.4-0.6 s to the first chunk and 0.2-0.5 s after the last with 10,000, against
# 0.7-0.9 s and 0.5-1.9 s with 20,000); each costs some 20 statements of its own.
CHUNK_CITIZENS = 10_000
# World.seed is a PositiveIntegerField: a 4-byte integer on PostgreSQL.
MAX_SEED = 2**31 - 1
DELETE_ORDER = (
    "population_datadefect",
    "population_socialallowance",
    "population_landparcel",
    "population_businesshousehold",
    "population_civilstatusrecord",
    "population_citizen",
    "population_household",
)


class GenerationError(Exception):
    """A world that cannot be generated (bad recipe, existing world, failed load)."""


def check_recipe(
    province_code: int,
    citizens: int,
    *,
    seed: int = 0,
    defect_rates: dict | None = None,
) -> None:
    """Raise GenerationError (Vietnamese message) for an unusable recipe."""
    if province_code not in known_provinces():
        raise GenerationError(
            _("Không có tỉnh, thành phố mã %(code)s trong 34 đơn vị cấp tỉnh.")
            % {"code": province_code}
        )
    if citizens <= 0:
        raise GenerationError(_("Số công dân phải lớn hơn 0."))
    if citizens > MAX_CITIZENS:
        raise GenerationError(
            _("Số công dân tối đa là %(max)s.") % {"max": thousands(MAX_CITIZENS)}
        )
    check_seed(seed)
    check_defect_rates(defect_rates or {})


def check_seed(seed: int) -> None:
    """Raise GenerationError unless the seed fits the world's seed column."""
    if not 0 <= seed <= MAX_SEED:
        raise GenerationError(
            _("Hạt giống phải là số nguyên từ 0 đến %(max)s (nhận được %(seed)s).")
            % {"max": thousands(MAX_SEED), "seed": seed}
        )


def check_defect_rates(rates) -> None:
    """Raise GenerationError unless `rates` maps known defect kinds to rates in [0, 1]."""
    known = ", ".join(DEFECT_KINDS)
    if not isinstance(rates, dict):
        raise GenerationError(
            _(
                'Tỉ lệ lỗi dữ liệu phải có dạng {"loại lỗi": tỉ lệ}; các loại lỗi: %(known)s.'
            )
            % {"known": known}
        )
    for kind, rate in rates.items():
        if kind not in DEFECT_KINDS:
            raise GenerationError(
                _("Không có loại lỗi dữ liệu “%(kind)s”; các loại lỗi: %(known)s.")
                % {"kind": kind, "known": known}
            )
        number = isinstance(rate, int | float) and not isinstance(rate, bool)
        if not (number and 0 <= rate <= 1):
            raise GenerationError(
                _("Tỉ lệ lỗi “%(kind)s” phải là số từ 0 đến 1 (nhận được %(rate)s).")
                % {"kind": kind, "rate": rate}
            )


def world_spec(world, defect_rates: dict | None = None) -> WorldSpec:
    """The generator's input for `world`: its recipe and the real communes."""
    from sandbox.models import Commune, Province

    by_province: dict[int, list[CommuneInfo]] = {}
    for code, name, kind, province_id in Commune.objects.order_by("code").values_list(
        "code", "name", "kind", "province_id"
    ):
        by_province.setdefault(province_id, []).append(CommuneInfo(code, name, kind))
    names = dict(Province.objects.values_list("code", "name"))
    return WorldSpec(
        province=world.province_id,
        seed=world.seed,
        citizens=world.citizens,
        communes=by_province.get(world.province_id, []),
        province_name=names.get(world.province_id, ""),
        other_communes=by_province,
        province_names=names,
        defect_rates=defect_rates or {},
    )


class Writer:
    """Database-specific part: reserve ids (and, for SQLite, write one chunk's tables)."""

    def __init__(self, connection):
        self.connection = connection


class PostgresWriter(Writer):
    def begin(self) -> None:
        """Skip per-row foreign-key triggers when allowed (superuser), as pg_restore's
        --disable-triggers does; every reference is checked before it is sent instead
        (streaming.produce). Otherwise PostgreSQL checks each row."""
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            row = cursor.fetchone()
            if not (row and row[0]):
                return
            cursor.execute("SET LOCAL session_replication_role = replica")

    def reserve(self, table, count):
        if not count:
            return 0
        with self.connection.cursor() as cursor:
            # One statement: nextval is atomic, setval moves past the whole range.
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'),"
                " nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
                [table, table, count],
            )
            last = cursor.fetchone()[0]
        return last - count + 1


class SqliteWriter(Writer):
    def reserve(self, table, count):
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
            return cursor.fetchone()[0] + 1

    def write(self, tables):
        with self.connection.cursor() as cursor:
            for table, rows in tables.items():
                if not rows:
                    continue
                columns = TABLES[table]
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                    rows,
                )


class Progress:
    """Writes World.progress where the admin can read it during the load."""

    def __init__(self, world, separate: bool):
        self.world_id = world.pk
        self.separate = separate
        self.connection = connections.create_connection("default") if separate else None

    def update(self, done: int):
        sql = "UPDATE sandbox_world SET progress = %s WHERE id = %s"
        if self.connection is not None:
            with self.connection.cursor() as cursor:  # autocommit: visible at once
                cursor.execute(sql, [done, self.world_id])
        else:
            with connections["default"].cursor() as cursor:
                cursor.execute(sql, [done, self.world_id])

    def close(self):
        if self.connection is not None:
            self.connection.close()


def _set_status(world, **fields):
    type(world).objects.filter(pk=world.pk).update(**fields)
    for name, value in fields.items():
        setattr(world, name, value)


def delete_world_rows(world_id: int) -> None:
    """Delete every population row of a world, fast (the ORM cascade would load them all).

    Foreign-key checks are suspended for the deletion (every row of the world goes, so
    nothing can be left dangling); without that both databases would look up each deleted
    citizen in the unindexed self-references (father, mother, spouse…): quadratic.
    """
    connection = connections["default"]
    sqlite = connection.vendor == "sqlite"
    disabled = sqlite and connection.disable_constraint_checking()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
                )
                row = cursor.fetchone()
                if row and row[0]:
                    cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(
                "UPDATE population_populationlookup SET citizen_id = NULL WHERE world_id = %s",
                [world_id],
            )
            for table in DELETE_ORDER:
                cursor.execute(f"DELETE FROM {table} WHERE world_id = %s", [world_id])  # noqa: S608
    finally:
        if disabled:
            connection.enable_constraint_checking()


@contextmanager
def collector_paused():
    """Automatic garbage collection off while this process generates a world; yields
    `tidy`, to call once per chunk.

    A chunk is tens of thousands of fresh rows, and automatic collections rescan
    them over and over (measured: mapping a chunk took 1.25x as long with them on).
    The rows themselves are freed by reference counting; the little cyclic garbage a
    chunk makes (spouses refer to each other) is young, so `tidy` collects only the
    young generations. The collector's previous state is restored at the end, whatever
    happens.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield lambda: gc.collect(1)
    finally:
        if was_enabled:
            gc.enable()


class WorldLoader:
    """Generates `world` and writes it; fills World.status/progress/digest/error."""

    def __init__(
        self,
        world,
        *,
        defect_rates=None,
        chunk_size=CHUNK_CITIZENS,
        on_progress: Callable[[int, int], None] | None = None,
    ):
        self.world = world
        self.defect_rates = defect_rates
        self.chunk_size = chunk_size
        self.on_progress = on_progress
        self.connection = connections["default"]
        self.postgres = self.connection.vendor == "postgresql"
        writer_class = PostgresWriter if self.postgres else SqliteWriter
        self.writer = writer_class(self.connection)
        self.counts = dict.fromkeys(TABLES, 0)
        self.seconds = 0.0

    def run(self):
        world = self.world
        _set_status(world, status="generating", progress=0, error="", digest="")
        started = time.perf_counter()
        # Inside a caller's transaction the world row may be locked by it: a second
        # connection would wait for ever, so progress then goes through this connection.
        separate = self.postgres and not self.connection.in_atomic_block
        progress = Progress(world, separate=separate)
        try:
            digest = self._load(progress)
        except BaseException as exc:
            if not self.postgres:
                delete_world_rows(world.pk)
            _set_status(
                world,
                status="failed",
                progress=0,
                error=f"{type(exc).__name__}: {exc}"[:2000],
            )
            raise
        finally:
            progress.close()
        self.seconds = time.perf_counter() - started
        return digest

    def _load(self, progress):
        world = self.world
        spec = world_spec(world, self.defect_rates)
        if not spec.communes:
            raise GenerationError(_("Tỉnh chưa có dữ liệu xã, phường."))
        if self.postgres:
            with transaction.atomic():
                self.writer.begin()
                done, digest = self._stream(spec, progress)
                self._finish(digest, done)
            return digest
        # SQLite scans child tables on every parent insert while deferred foreign keys
        # are pending (quadratic); the generator guarantees the references, so checks
        # are off during the load and verified once at the end instead. Inside a
        # caller's transaction SQLite cannot switch them off; they are verified at the
        # end all the same, before the world is called ready.
        digest = Digest()
        disabled = self.connection.disable_constraint_checking()
        try:
            done = self._chunks(spec, digest, progress)
            self.connection.check_constraints(table_names=list(TABLES))
        finally:
            if disabled:
                self.connection.enable_constraint_checking()
        with transaction.atomic():
            self._finish(digest.hexdigest(), done)
        return digest.hexdigest()

    def _stream(self, spec, progress):
        """PostgreSQL: COPY the chunks a child process generates (see streaming.py)."""
        bases = IdBases(
            citizen=self.writer.reserve(
                "population_citizen", citizen_bound(spec.citizens)
            ),
            household=self.writer.reserve("population_household", spec.citizens),
        )
        stream = Stream(spec, self.chunk_size)
        # A thread writes each chunk while this one receives the next. It alone uses this
        # connection until it is closed: progress goes through Progress's own connection,
        # or, inside a caller's transaction (where no one else could see it anyway), only
        # to `on_progress`; _finish records the final count.
        with self.connection.cursor() as wrapper:
            with (
                Staging(wrapper.cursor, self.world.pk, bases) as staging,
                CopyWriter(staging.write) as writer,
            ):
                done = self._copy_stream(stream, writer, progress, spec.citizens)
        return done, stream.digest

    def _copy_stream(self, stream, writer, progress, total):
        done = 0
        for living, counts, encoded in stream:
            writer.put(encoded)
            for name, count in counts.items():
                self.counts[name] += count
            done += living
            self._progress(progress, done, total, during_copy=True)
        return done

    def _progress(self, progress, done, total, during_copy=False):
        if progress.separate or not during_copy:
            progress.update(done)
        if self.on_progress:
            self.on_progress(done, total)

    def _chunks(self, spec, digest, progress):
        """SQLite: generate and insert chunk by chunk, one transaction each."""
        done = 0
        with collector_paused() as tidy:
            for chunk in chunked(generate(spec), self.chunk_size):
                digest.update_many(chunk)
                with transaction.atomic():
                    self._write(chunk)  # SQLite has one writer at a time
                done += sum(b.living for b in chunk)
                self._progress(progress, done, spec.citizens)
                tidy()
        return done

    def _write(self, chunk):
        citizens = sum(len(b.citizens) for b in chunk)
        first_local_c = chunk[0].citizens[0][0]
        first_local_h = chunk[0].household[0]
        c_base = self.writer.reserve("population_citizen", citizens)
        h_base = self.writer.reserve("population_household", len(chunk))
        mapper = RowMapper(
            self.world.pk, c_base - first_local_c, h_base - first_local_h
        )
        tables = mapper.tables(chunk)
        for name, rows in tables.items():
            self.counts[name] += len(rows)
        self.writer.write(tables)

    def _finish(self, digest: str, done: int):
        _set_status(
            self.world,
            status="ready",
            progress=done,
            digest=digest,
            generated_at=timezone.now(),
        )
