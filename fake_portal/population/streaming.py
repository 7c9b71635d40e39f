"""PostgreSQL fast path: generate and encode in a child process, COPY in this one.

The generator is pure Python and single-threaded, the server's work is another process:
running the generator in a child lets both cores work at once. The child generates each
chunk of households and encodes its rows as COPY text, with world-local ids: the very
text the world's digest hashes (rows.Digest; the parent hashes it, off the child's
critical path). It streams the text one chunk at a time through a pipe (it blocks while
the parent is behind, so memory stays flat). Bytes cross the pipe for the price of a
copy; Python rows would have to be pickled and rebuilt (that cost a third of the
loader's CPU when the parent encoded them).

The parent COPYs each chunk into temporary staging tables shaped like the generator's
rows, checks that every reference stays inside the chunk, and moves the rows into the
real tables with one INSERT … SELECT per table that adds the world id and the offsets of
the citizen and household id ranges. The loader reserves those ranges first, from upper
bounds (a household has at most one deceased member and each living person at most one
duplicate record); the unused tail of a range stays unused (ids are not dense).
"""

import gc
import multiprocessing
import queue
import threading
import traceback
from dataclasses import dataclass

from fake_portal.population.generator import WorldSpec, generate
from fake_portal.population.rows import (
    FOREIGN_KEYS,
    OFFSET,
    TABLES,
    Digest,
    Encoder,
    dangling,
    generated_columns,
    range_columns,
    row_counts,
)


@dataclass(frozen=True)
class IdBases:
    """First database id of the world's citizen and household ranges."""

    citizen: int
    household: int


def citizen_bound(citizens: int) -> int:
    """Most citizen rows a world of `citizens` living people can have."""
    return 3 * citizens


def chunked(bundles, size: int):
    chunk, people = [], 0
    for bundle in bundles:
        chunk.append(bundle)
        people += len(bundle.citizens)
        if people >= size:
            yield chunk
            chunk, people = [], 0
    if chunk:
        yield chunk


def encoded_chunks(spec: WorldSpec, size: int):
    """Generate the world and yield (living, {table: row count}, {table: COPY text})
    per chunk of `size` living citizens, as the loader's child does: in a process of
    its own, whose garbage collector it takes over until the last chunk (then gives
    it back as it found it)."""
    bundles = generate(spec)  # builds the world's tables
    # The inherited heap and the tables stay as they are: the collector leaves them
    # untouched (and the inherited pages shared). The generator breaks its only
    # reference cycles (spouses) itself, so one collection per chunk, as a safety
    # net, finds next to nothing; automatic collections cost ~7 % of the child's
    # CPU, mostly scanning the chunk's rows over and over. The safety net looks at
    # the youngest generation only: everything made since the last one, as nothing
    # else collects. A full collection (which also empties the allocator's free
    # lists) took 0.55 s per million citizens, this one 0.05 s.
    was_enabled = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        encoder = Encoder()
        for chunk in chunked(bundles, size):
            living = sum(b.living for b in chunk)
            counts = row_counts(chunk)
            encoded = encoder.encode(chunk)
            chunk.clear()  # `chunked` still holds the list while it waits
            yield living, counts, encoded
            gc.collect(0)
    finally:
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def produce(spec: WorldSpec, size: int, out) -> None:
    """Child process: send ("chunk", living, {table: row count}, {table: COPY text})
    per chunk, then ("done",); any failure goes down the pipe as ("error", traceback)."""
    try:
        for living, counts, encoded in encoded_chunks(spec, size):
            out.send(("chunk", living, counts, encoded))
        out.send(("done",))
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises
        out.send(("error", traceback.format_exc(limit=5)))
    finally:
        out.close()


class ChildFailed(Exception):
    """The generating child process failed (its traceback is the message)."""


class DanglingReference(Exception):
    """Generated rows refer to a row that is not being written."""


class Stream:
    """Iterate (living, {table: row count}, {table: COPY text}) per chunk from the child,
    hashing the text as it comes; after the iteration `digest` holds the world's
    digest."""

    def __init__(self, spec: WorldSpec, size: int):
        self.spec, self.size = spec, size
        self.digest = ""

    def __iter__(self):
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        receive, send = context.Pipe(duplex=False)
        child = context.Process(
            target=produce,
            args=(self.spec, self.size, send),
            daemon=True,
        )
        child.start()
        send.close()  # the child holds it now: its death is an end of file here
        try:
            yield from self._messages(receive, child)
        finally:
            receive.close()
            if child.is_alive():
                child.kill()
            child.join()

    def _messages(self, receive, child):
        digest = Digest()
        while True:
            try:
                message = receive.recv()
            except EOFError as exc:
                raise ChildFailed(f"exit code {child.exitcode}") from exc
            if message[0] == "done":
                self.digest = digest.hexdigest()
                return
            if message[0] == "error":
                raise ChildFailed(message[1])
            _kind, living, counts, encoded = message
            digest.update_texts(encoded)
            yield living, counts, encoded


def stage(table: str) -> str:
    return f"stage_{table.removeprefix('population_')}"


def _insert_staged(table: str) -> str:
    exprs = []
    for column in TABLES[table]:
        if column == "world_id":
            exprs.append("%(world)s")
        elif (target := OFFSET.get((table, column))) is not None:
            exprs.append(f"{column} + %({target})s")
        else:
            exprs.append(column)
    return (
        f"INSERT INTO {table} ({', '.join(TABLES[table])}) "  # noqa: S608 - our names
        f"SELECT {', '.join(exprs)} FROM {stage(table)}"
    )


def _extent_sql(table: str) -> str:
    """Row count and (min, max) of each of `range_columns(table)` in its staging table."""
    bounds = ", ".join(f"min({c}), max({c})" for c in range_columns(table))
    return f"SELECT count(*), {bounds} FROM {stage(table)}"  # noqa: S608 - our names


def _communes_sql() -> str:
    """`table.column` of every staged commune reference to no real commune.

    Each column's distinct codes first (a few hundred per chunk), then one look-up of
    them all in sandbox_commune: ~2.5 times faster than distinct (label, code) pairs
    filtered column by column."""
    references = " UNION ALL ".join(
        f"SELECT '{table}.{column}' AS label, ref"
        f" FROM (SELECT DISTINCT {column} AS ref FROM {stage(table)}) AS codes"
        for table, column, parent in FOREIGN_KEYS
        if parent == "sandbox_commune"
    )
    return (
        f"WITH refs AS MATERIALIZED ({references})"  # noqa: S608 - our names
        " SELECT DISTINCT label FROM refs"
        " WHERE ref NOT IN (SELECT code FROM sandbox_commune) ORDER BY label"
    )


def _staged_order(table: str) -> tuple[str, ...]:
    """The staging table's columns, those the check reads first: it then reads the
    leading integers of each row and nothing of its texts (COPY names the columns, in
    the rows' order)."""
    checked = [*range_columns(table)]
    checked += [c for t, c, parent in FOREIGN_KEYS if t == table and c not in checked]
    return (*checked, *(c for c in generated_columns(table) if c not in checked))


STAGED_ORDER = {table: _staged_order(table) for table in TABLES}
COPY_STAGED = {
    table: f"COPY {stage(table)} ({', '.join(generated_columns(table))}) FROM STDIN"
    for table in TABLES
}
INSERT_STAGED = {table: _insert_staged(table) for table in TABLES}
EXTENTS = {table: (range_columns(table), _extent_sql(table)) for table in TABLES}
COMMUNES = _communes_sql()
STAGES = ", ".join(stage(table) for table in TABLES)


class Staging:
    """Temporary tables shaped like the generator's rows, for the loader's transaction:
    `write(encoded)` COPYs one chunk's text into them, checks its references, moves the
    rows into the real tables (world id and id offsets added) and empties them again.

    The loader may switch the database's own reference checks off (loader.PostgresWriter
    .begin), so each chunk is checked before its rows go in: a household's rows only
    ever refer to its own citizens and household (and to real communes), so a chunk of
    whole households must be closed under its references. Each staged table is scanned
    once for its id extents (rows.dangling; its checked columns lead, STAGED_ORDER), and
    the distinct commune codes are looked up: about 9 ms of the server's time per chunk
    of 10,000 citizens, where NOT IN over the staged ids took about 50 ms.
    """

    def __init__(self, cursor, world_id: int, bases: IdBases):
        self.cursor = cursor  # a psycopg 3 cursor
        self.params = {
            "world": world_id,
            "citizen": bases.citizen,
            "household": bases.household,
        }

    def __enter__(self):
        for table in TABLES:
            # A load earlier in the caller's transaction may have left them.
            self.cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{stage(table)}")
            self.cursor.execute(
                f"CREATE TEMPORARY TABLE {stage(table)} ON COMMIT DROP AS "
                f"SELECT {', '.join(STAGED_ORDER[table])} FROM {table} WITH NO DATA"
            )
        return self

    def __exit__(self, kind, value, traceback_):
        if kind is None:
            self.cursor.execute(f"DROP TABLE {STAGES}")

    def write(self, encoded: dict[str, bytes]) -> None:
        cursor = self.cursor
        for table, data in encoded.items():
            if data:
                with cursor.copy(COPY_STAGED[table]) as copy:
                    copy.write(data)
        self.check()
        for table, data in encoded.items():
            if data:
                cursor.execute(INSERT_STAGED[table], self.params)
        cursor.execute(f"TRUNCATE {STAGES}")

    def check(self) -> None:
        """Raise DanglingReference for a staged reference that points outside the chunk."""
        cursor, extents = self.cursor, {}
        for table, (columns, sql) in EXTENTS.items():
            cursor.execute(sql)
            count, *bounds = cursor.fetchone()
            pairs = zip(bounds[::2], bounds[1::2], strict=True)
            extents[table] = (count, dict(zip(columns, pairs, strict=True)))
        bad = dangling(extents)
        cursor.execute(COMMUNES)
        bad += [label for (label,) in cursor.fetchall()]
        if bad:
            raise DanglingReference(", ".join(sorted(bad)))


class CopyFailed(Exception):
    """A write the writer thread ran failed (the database's error, or the chunk's
    DanglingReference, is the cause)."""


class CopyWriter:
    """Write chunks from a thread (`write(chunk)`, e.g. Staging.write), so the server
    ingests one chunk while the caller receives the next (psycopg leaves the GIL while
    it waits for the server).

    `put` hands over a chunk and blocks while `depth` chunks are still waiting (memory
    stays flat); `close` waits for the last chunk. A failed write is raised in the
    caller's thread, as CopyFailed, by the next `put` or by `close`; after a failure, or
    when the caller fails, nothing more is written. Only the writer uses the connection
    until `close` returns, so the caller must not run statements on it in between.
    """

    _END = object()

    def __init__(self, write, depth: int = 1):
        self.write = write
        self.chunks = queue.Queue(maxsize=depth)
        self.error = None
        self.thread = threading.Thread(
            target=self._run, name="population-copy", daemon=True
        )

    def __enter__(self):
        self.thread.start()
        return self

    def put(self, encoded: dict[str, bytes]) -> None:
        self._raise_failure()
        self.chunks.put(encoded)

    def close(self) -> None:
        self.chunks.put(self._END)
        self.thread.join()
        self._raise_failure()

    def __exit__(self, kind, value, traceback_):
        if kind is None:
            self.close()
            return
        # The caller failed: drop what waits, let the chunk in flight finish, stop.
        self.error = self.error or value
        while True:
            try:
                self.chunks.get_nowait()
            except queue.Empty:
                break
        self.chunks.put(self._END)
        self.thread.join()

    def _run(self):
        while (encoded := self.chunks.get()) is not self._END:
            if self.error is not None:
                continue  # drain until the end marker; nothing more is written
            try:
                self.write(encoded)
            except BaseException as exc:  # noqa: BLE001 - raised in the caller's thread
                self.error = exc

    def _raise_failure(self):
        if self.error is not None:
            raise CopyFailed(str(self.error)) from self.error
