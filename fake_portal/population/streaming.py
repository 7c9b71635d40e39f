"""PostgreSQL fast path: generate in a child process, encode and COPY in this one.

The generator is pure Python and single-threaded, the server's COPY work is another
process: running the generator in a child lets both cores work at once. The child is
the bottleneck (the generator costs more CPU than the server's COPY), so it only
generates and pickles each chunk's bundles, the very bytes the world's digest hashes,
and streams them one chunk at a time through a pipe (it blocks while the parent is
behind, so memory stays flat). The parent unpickles them (cheap: rows hold only str,
int, float and None), offsets the ids, checks the references and encodes COPY text,
inside its one transaction. The loader reserves the id ranges first, from upper bounds
(a household has at most one deceased member and each living person at most one
duplicate record); the unused tail of a range stays unused (ids are not dense).
"""

import gc
import multiprocessing
import queue
import threading
import traceback
from contextlib import contextmanager
from dataclasses import dataclass

# psycopg's own C encoder of COPY text rows (escaping, NULLs, dates), also what
# `Copy.write_row` uses; psycopg is pinned in requirements.txt.
from psycopg._copy_base import format_row_text
from psycopg.adapt import Transformer

from fake_portal.population.generator import WorldSpec, generate
from fake_portal.population.generator.world import Digest, load_bundles
from fake_portal.population.rows import TABLES, RowMapper, dangling


@dataclass(frozen=True)
class IdBases:
    """First database id of the world's citizen and household ranges."""

    citizen: int
    household: int


def citizen_bound(citizens: int) -> int:
    """Most citizen rows a world of `citizens` living people can have."""
    return 3 * citizens


def encode(tables: dict[str, list]) -> dict[str, bytes]:
    """COPY text of each table's rows (tables without rows are left out)."""
    transformer = Transformer()
    out = {}
    for table, rows in tables.items():
        if rows:
            buffer = bytearray()
            for row in rows:
                format_row_text(row, transformer, buffer)
            out[table] = bytes(buffer)
    return out


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


def produce(spec: WorldSpec, size: int, out) -> None:
    """Child process: send ("chunk", living, pickled bundles) per chunk, then ("done",
    digest); any failure goes down the pipe as ("error", traceback)."""
    try:
        bundles = generate(spec)  # builds the world's tables
        # The inherited heap and the tables stay as they are: the collector leaves them
        # untouched (and the inherited pages shared). The generator breaks its only
        # reference cycles (spouses) itself, so one collection per chunk, as a safety
        # net, finds next to nothing; automatic collections cost ~7 % of the child's
        # CPU, mostly scanning the chunk's rows over and over.
        gc.freeze()
        gc.disable()
        digest = Digest()
        for living, data in _pickled(chunked(bundles, size), digest):
            out.send(("chunk", living, data))
            gc.collect()
        out.send(("done", digest.hexdigest()))
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises
        out.send(("error", traceback.format_exc(limit=5)))
    finally:
        out.close()


def _pickled(chunks, digest: Digest):
    """(living, pickled bundles) per chunk; the bundles themselves are let go at once
    (cleared in place: `chunked` still holds the list while it waits)."""
    for chunk in chunks:
        living = sum(b.living for b in chunk)
        data = digest.update_many(chunk)
        chunk.clear()
        yield living, data


@contextmanager
def collector_paused():
    """Automatic garbage collection off while a world is loaded in this process; yields
    `tidy`, to call once per chunk.

    A chunk is millions of fresh rows, and automatic collections rescan them over and
    over (measured: unpickling took 1.8x and mapping 1.25x as long with them on).
    The rows themselves are freed by reference counting; the little cyclic garbage a
    chunk makes (spouses refer to each other, when this process generates) is young,
    so `tidy` collects only the young generations. The collector's previous state is
    restored at the end, whatever happens.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield lambda: gc.collect(1)
    finally:
        if was_enabled:
            gc.enable()


def commune_codes(spec: WorldSpec) -> frozenset:
    """Codes of every real commune the spec knows (the targets of commune references)."""
    codes = {c.code for c in spec.communes}
    for communes in spec.other_communes.values():
        codes.update(c.code for c in communes)
    return frozenset(codes)


class ChildFailed(Exception):
    """The generating child process failed (its traceback is the message)."""


class DanglingReference(Exception):
    """Generated rows refer to a row that is not being written."""


class Stream:
    """Iterate (living, counts, {table: bytes}) per chunk from the child; after the
    iteration `digest` holds the world's digest."""

    def __init__(self, spec: WorldSpec, world_id: int, bases: IdBases, size: int):
        self.spec, self.size = spec, size
        self.mapper = RowMapper(world_id, bases.citizen, bases.household)
        self.communes = commune_codes(spec)
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
        while True:
            try:
                message = receive.recv()
            except EOFError as exc:
                raise ChildFailed(f"exit code {child.exitcode}") from exc
            if message[0] == "done":
                self.digest = message[1]
                return
            if message[0] == "error":
                raise ChildFailed(message[1])
            _kind, living, data = message
            yield (living, *self._encode(load_bundles(data)))

    def _encode(self, bundles) -> tuple[dict, dict]:
        """({table: row count}, {table: COPY text}) of one chunk of bundles (an iterator:
        each bundle is let go once mapped)."""
        tables = self.mapper.tables(bundles)
        # The loader may switch the database's own reference checks off.
        if bad := dangling(tables, self.communes):
            raise DanglingReference(", ".join(bad))
        return {name: len(rows) for name, rows in tables.items()}, encode(tables)


def copy_tables(cursor, encoded: dict[str, bytes]) -> None:
    """COPY each table's pre-encoded text (psycopg 3 cursor)."""
    for table, data in encoded.items():
        columns = ", ".join(TABLES[table])
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            copy.write(data)


class CopyFailed(Exception):
    """A COPY the writer thread ran failed (the database's error is the cause)."""


class CopyWriter:
    """Write chunks from a thread (`write(chunk)`, e.g. copy_tables on a cursor), so the
    server ingests one chunk while the caller encodes the next (psycopg leaves the GIL
    while it waits for the server).

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
