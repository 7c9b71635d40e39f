"""Column lists of the bulk-loaded tables, the rows' COPY text, and how ids are offset.

The generator's rows carry world-local ids (0, 1, 2… per table) and dates as ISO text
('YYYY-MM-DD', what COPY and SQLite receive); their columns are the table's minus
`world_id`, in the same order. The loader turns them into database rows by adding the
world id and the offset of a reserved id range: in SQL on PostgreSQL (streaming.py),
with `RowMapper` on SQLite.
"""

import hashlib
from collections.abc import Sequence
from itertools import chain
from operator import itemgetter

from django.apps import apps
from psycopg import postgres

# psycopg's own C encoder of COPY text rows (escaping, NULLs, numbers), also what
# `Copy.write_row` uses; psycopg is pinned in requirements.txt.
from psycopg._copy_base import format_row_text
from psycopg.adapt import Transformer
from psycopg.pq import Format

HOUSEHOLD_COLUMNS = (
    "id",
    "world_id",
    "code",
    "head_id",
    "commune_id",
    "address",
    "size",
)
CITIZEN_COLUMNS = (
    "id",
    "world_id",
    "id_number",
    "surname",
    "middle_name",
    "given_name",
    "search_name",
    "sex",
    "birth_date",
    "birth_place_code",
    "ethnicity",
    "religion",
    "hometown",
    "phone",
    "email",
    "card_issue_date",
    "card_expiry_date",
    "household_id",
    "relation_to_head",
    "father_id",
    "mother_id",
    "spouse_id",
    "permanent_commune_id",
    "permanent_address",
    "temporary_commune_id",
    "temporary_address",
    "alive",
    "death_date",
    "marital_status",
    "occupation",
    "duplicate_of_id",
)
CIVIL_COLUMNS = (
    "world_id",
    "kind",
    "subject_id",
    "second_party_id",
    "event_date",
    "registration_date",
    "registering_commune_id",
    "book_number",
    "entry_number",
    "registrar",
)
BUSINESS_COLUMNS = (
    "world_id",
    "owner_id",
    "name",
    "business_line",
    "registration_number",
    "registered_on",
    "commune_id",
    "address",
    "capital_vnd",
    "employees",
    "status",
)
LAND_COLUMNS = (
    "world_id",
    "owner_id",
    "co_owner_id",
    "commune_id",
    "map_sheet",
    "parcel_number",
    "area_m2",
    "land_use",
    "address",
    "certificate_number",
    "certificate_issued_on",
)
ALLOWANCE_COLUMNS = (
    "world_id",
    "beneficiary_id",
    "category",
    "monthly_amount",
    "since",
)
DEFECT_COLUMNS = (
    "world_id",
    "citizen_id",
    "kind",
    "field",
    "database_value",
    "paper_value",
)

# In this order the generator's HouseholdBundle holds them: its household row, then a
# list of rows per table.
TABLES = {
    "population_household": HOUSEHOLD_COLUMNS,
    "population_citizen": CITIZEN_COLUMNS,
    "population_civilstatusrecord": CIVIL_COLUMNS,
    "population_businesshousehold": BUSINESS_COLUMNS,
    "population_landparcel": LAND_COLUMNS,
    "population_socialallowance": ALLOWANCE_COLUMNS,
    "population_datadefect": DEFECT_COLUMNS,
}

# Foreign keys written by the load. PostgreSQL loads with its per-row checks off (see
# loader.PostgresWriter.begin), so each chunk is checked against them before it is sent.
FOREIGN_KEYS = (
    ("population_household", "head_id", "population_citizen"),
    ("population_household", "commune_id", "sandbox_commune"),
    ("population_citizen", "household_id", "population_household"),
    ("population_citizen", "father_id", "population_citizen"),
    ("population_citizen", "mother_id", "population_citizen"),
    ("population_citizen", "spouse_id", "population_citizen"),
    ("population_citizen", "duplicate_of_id", "population_citizen"),
    ("population_citizen", "permanent_commune_id", "sandbox_commune"),
    ("population_citizen", "temporary_commune_id", "sandbox_commune"),
    ("population_civilstatusrecord", "subject_id", "population_citizen"),
    ("population_civilstatusrecord", "second_party_id", "population_citizen"),
    ("population_civilstatusrecord", "registering_commune_id", "sandbox_commune"),
    ("population_businesshousehold", "owner_id", "population_citizen"),
    ("population_businesshousehold", "commune_id", "sandbox_commune"),
    ("population_landparcel", "owner_id", "population_citizen"),
    ("population_landparcel", "co_owner_id", "population_citizen"),
    ("population_landparcel", "commune_id", "sandbox_commune"),
    ("population_socialallowance", "beneficiary_id", "population_citizen"),
    ("population_datadefect", "citizen_id", "population_citizen"),
)


ID_RANGES = ("population_citizen", "population_household")


def range_columns(table: str) -> tuple[str, ...]:
    """The columns of `table` that hold a citizen or household id: its own id, if it
    is one of those tables, and its references to them."""
    own = ("id",) if table in ID_RANGES else ()
    return own + tuple(
        column
        for name, column, parent in FOREIGN_KEYS
        if name == table and parent in ID_RANGES
    )


def dangling(extents: dict[str, tuple[int, dict]]) -> list[str]:
    """`table.column` of every citizen or household reference in a chunk that points
    outside it, from each table's row count and the (min, max) of its `range_columns`
    (None, None when a column holds no value).

    A table's ids in the chunk are dense when its row count equals max - min + 1 (they
    are unique: a repeated id breaks the primary key when the rows go in); a reference
    then points inside the chunk exactly when it lies between that min and max.
    """
    bad = []
    for table, column, parent in FOREIGN_KEYS:
        if parent not in ID_RANGES:
            continue
        low, high = extents[table][1][column]
        if low is None:
            continue
        count, bounds = extents[parent]
        first, last = bounds["id"]
        dense = first is not None and count == last - first + 1
        if not (dense and first <= low and high <= last):
            bad.append(f"{table}.{column}")
    return bad


# Which id range each id-bearing column points into (the rest are copied as they are).
OFFSET = {
    ("population_citizen", "id"): "citizen",
    ("population_household", "id"): "household",
    **{
        (table, column): parent.removeprefix("population_")
        for table, column, parent in FOREIGN_KEYS
        if parent != "sandbox_commune"
    },
}


def generated_columns(table: str) -> tuple[str, ...]:
    """The columns of the generator's rows of `table`, in order."""
    return tuple(column for column in TABLES[table] if column != "world_id")


INTEGER_FIELDS = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "ForeignKey",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
}


def _text_transformer(table: str) -> Transformer:
    """A psycopg transformer with one fixed dumper per generated column of `table`
    (looked up by type for every value otherwise: a fifth of the encoding time).

    The types are those of the generator's values, read off the model: integers and
    references are int, booleans bool, decimals float; dates travel as ISO text, like
    every other column. A value of another type fails loudly.
    """
    model = next(m for m in apps.get_models() if m._meta.db_table == table)
    fields = {field.column: field for field in model._meta.concrete_fields}
    names = []
    for column in generated_columns(table):
        kind = fields[column].get_internal_type()
        if kind in INTEGER_FIELDS:
            names.append("int8")
        elif kind == "BooleanField":
            names.append("bool")
        elif kind in ("DecimalField", "FloatField"):
            names.append("float8")
        else:
            names.append("text")
    transformer = Transformer()
    transformer.set_dumper_types(
        [postgres.types[name].oid for name in names], Format.TEXT
    )
    return transformer


def row_counts(bundles: Sequence) -> dict[str, int]:
    """Rows per table in a chunk of bundles (a bundle's fields follow TABLES)."""
    counts = {}
    for field, table in enumerate(TABLES):
        if field == 0:  # one household row per bundle
            counts[table] = len(bundles)
        else:
            counts[table] = sum(len(bundle[field]) for bundle in bundles)
    return counts


class Encoder:
    """The COPY text of a chunk of bundles, one buffer per table, with world-local ids
    and no world id (what the digest hashes and the PostgreSQL loader stages)."""

    def __init__(self):
        self.transformers = [_text_transformer(table) for table in TABLES]

    def encode(self, bundles: Sequence) -> dict[str, bytearray]:
        """{table: COPY text} of `bundles` (a bundle's fields follow TABLES: its
        household row, then lists of rows)."""
        out = {}
        for field, table in enumerate(TABLES):
            rows = map(itemgetter(field), bundles)
            if field:
                rows = chain.from_iterable(rows)
            text, transformer = bytearray(), self.transformers[field]
            for row in rows:
                format_row_text(row, transformer, text)
            out[table] = text
        return out


class Digest:
    """sha256 over the COPY text of every generated row (Encoder), table by table: the
    same recipe gives the same digest in any database, however the world is chunked.

    The PostgreSQL loader's child encodes and the loader hashes what it receives
    (`update_texts`, off the child's critical path); elsewhere `update_many` does both.
    """

    def __init__(self):
        self.hashes = {table: hashlib.sha256() for table in TABLES}
        self.encoder = None

    def update(self, bundle) -> None:
        self.update_many((bundle,))

    def update_many(self, bundles: Sequence) -> None:
        """Hash a chunk of bundles."""
        if self.encoder is None:
            self.encoder = Encoder()
        self.update_texts(self.encoder.encode(bundles))

    def update_texts(self, texts: dict[str, bytes]) -> None:
        """Hash a chunk's COPY text (every table, as Encoder.encode returns it)."""
        for table, digest in self.hashes.items():
            digest.update(texts[table])

    def hexdigest(self) -> str:
        total = hashlib.sha256()
        for digest in self.hashes.values():
            total.update(digest.digest())
        return total.hexdigest()


class RowMapper:
    """Turns one chunk of bundles into database rows, given the chunk's id offsets."""

    def __init__(self, world_id: int, citizen_offset: int, household_offset: int):
        self.w, self.c, self.h = world_id, citizen_offset, household_offset

    def household(self, r):
        return (r[0] + self.h, self.w, r[1], r[2] + self.c, r[3], r[4], r[5])

    def citizen(self, r):
        c = self.c
        return (
            r[0] + c,
            self.w,
            *r[1:16],
            None if r[16] is None else r[16] + self.h,
            r[17],
            None if r[18] is None else r[18] + c,
            None if r[19] is None else r[19] + c,
            None if r[20] is None else r[20] + c,
            *r[21:29],
            None if r[29] is None else r[29] + c,
        )

    def civil(self, r):
        c = self.c
        return (self.w, r[0], r[1] + c, None if r[2] is None else r[2] + c, *r[3:])

    def business(self, r):
        return (self.w, r[0] + self.c, *r[1:])

    def land(self, r):
        c = self.c
        return (self.w, r[0] + c, None if r[1] is None else r[1] + c, *r[2:])

    def allowance(self, r):
        return (self.w, r[0] + self.c, *r[1:])

    def defect(self, r):
        return (self.w, r[0] + self.c, *r[1:])

    def tables(self, bundles):
        """{table: [rows]} for a chunk of bundles, in a fixed order."""
        out = {name: [] for name in TABLES}
        for b in bundles:
            out["population_household"].append(self.household(b.household))
            out["population_citizen"].extend(map(self.citizen, b.citizens))
            out["population_civilstatusrecord"].extend(map(self.civil, b.civil_status))
            out["population_businesshousehold"].extend(map(self.business, b.businesses))
            out["population_landparcel"].extend(map(self.land, b.land_parcels))
            out["population_socialallowance"].extend(map(self.allowance, b.allowances))
            out["population_datadefect"].extend(map(self.defect, b.defects))
        return out
