"""PostgreSQL fast path: generate and encode in a child process, COPY in this one.

The generator is pure Python and single-threaded, the server's COPY work is another
process: running the generator (and the COPY text encoding) in a child lets both cores
work at once. The child streams one chunk at a time through a pipe (it blocks while the
parent is behind, so memory stays flat); the parent only forwards bytes to COPY, inside
its one transaction. Ids are final in the child: the loader reserves the id ranges
first, from upper bounds (a household has at most one deceased member and each living
person at most one duplicate record); the unused tail of a range stays unused (ids are
not dense). Splitting the child in two (generate | encode) was measured: more CPU in
total (unpickling) and memory, no faster on two shared cores.
"""

import gc
import multiprocessing
import traceback
from dataclasses import dataclass

# psycopg's own C encoder of COPY text rows (escaping, NULLs, dates), also what
# `Copy.write_row` uses; psycopg is pinned in requirements.txt.
from psycopg._copy_base import format_row_text
from psycopg.adapt import Transformer

from fake_portal.population.generator import WorldSpec, generate
from fake_portal.population.generator.world import Digest
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


def produce(spec: WorldSpec, world_id: int, bases: IdBases, size: int, out) -> None:
    """Child process: send ("chunk", living, counts, {table: COPY text}) per chunk, then
    ("done", digest); any failure goes down the pipe as ("error", traceback)."""
    gc.freeze()  # the inherited heap stays shared: the collector leaves it untouched
    try:
        digest = Digest()
        mapper = RowMapper(world_id, bases.citizen, bases.household)
        communes = commune_codes(spec)
        for chunk in chunked(generate(spec), size):
            for bundle in chunk:
                digest.update(bundle)
            tables = mapper.tables(chunk)
            # The loader may switch the database's own reference checks off.
            if bad := dangling(tables, communes):
                raise DanglingReference(", ".join(bad))
            counts = {name: len(rows) for name, rows in tables.items()}
            living = sum(b.living for b in chunk)
            out.send(("chunk", living, counts, encode(tables)))
        out.send(("done", digest.hexdigest()))
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises
        out.send(("error", traceback.format_exc(limit=5)))
    finally:
        out.close()


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
        self.spec, self.world_id, self.bases, self.size = spec, world_id, bases, size
        self.digest = ""

    def __iter__(self):
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        receive, send = context.Pipe(duplex=False)
        child = context.Process(
            target=produce,
            args=(self.spec, self.world_id, self.bases, self.size, send),
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
            yield message[1:]


def copy_tables(cursor, encoded: dict[str, bytes]) -> None:
    """COPY each table's pre-encoded text (psycopg 3 cursor)."""
    for table, data in encoded.items():
        columns = ", ".join(TABLES[table])
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            copy.write(data)
