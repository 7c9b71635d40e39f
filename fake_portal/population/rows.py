"""Column lists of the bulk-loaded tables, and the mapping of generator rows onto them.

The generator's rows carry world-local ids (0, 1, 2… per table) and dates as ISO text
('YYYY-MM-DD', what COPY and SQLite receive); the loader turns them into database rows
by adding the world id and the offset of a reserved id range.
"""

from operator import itemgetter

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
    ("population_landparcel", "owner_id", "population_citizen"),
    ("population_landparcel", "co_owner_id", "population_citizen"),
    ("population_socialallowance", "beneficiary_id", "population_citizen"),
    ("population_datadefect", "citizen_id", "population_citizen"),
)


def dangling(tables: dict[str, list], communes: frozenset) -> list[str]:
    """`table.column` of every reference in a chunk's rows that points outside it.

    A household's rows only ever refer to its own citizens and household (and to real
    communes), so a chunk of whole households must be closed under its references.
    """
    ids = itemgetter(0)
    known = {
        "population_citizen": set(map(ids, tables["population_citizen"])),
        "population_household": set(map(ids, tables["population_household"])),
        "sandbox_commune": communes,
    }
    bad = []
    for table, column, parent in FOREIGN_KEYS:
        values = set(map(itemgetter(TABLES[table].index(column)), tables[table]))
        values.discard(None)
        if not values <= known[parent]:
            bad.append(f"{table}.{column}")
    return bad


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
