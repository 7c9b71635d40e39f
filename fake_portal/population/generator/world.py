"""The generation loop: one seeded household after another, streamed as bundles."""

import random
from collections.abc import Iterator
from typing import NamedTuple

from fake_portal.population.generator.attributes import Attributes
from fake_portal.population.generator.context import Context
from fake_portal.population.generator.defects import Defects
from fake_portal.population.generator.identity import SerialAllocator
from fake_portal.population.generator.people import Family, Person
from fake_portal.population.generator.records import (
    Registers,
    allowances,
    businesses,
    civil_status,
    land,
    registrar_pool,
)
from fake_portal.population.generator.spec import CommuneInfo, WorldSpec

MAX_CITIZENS = 20_000_000


class HouseholdBundle(NamedTuple):
    """Rows of one household, ids local to the world; one field per table, in the order
    of rows.TABLES (see rows.py for the columns)."""

    household: tuple
    citizens: list
    civil_status: list
    businesses: list
    land_parcels: list
    allowances: list
    defects: list
    living: int


def world_seed(province: int, seed: int) -> int:
    """The seed of a world's one random stream, from its (province, seed) recipe."""
    return seed * 1_000_003 + province


def make_address(ctx: Context, rng: random.Random, urban: bool) -> str:
    pattern = (ctx.urban_patterns if urban else ctx.rural_patterns).pick(rng)
    top = ctx.max_number
    return pattern.format(
        n=1 + int(rng.random() * top["n"]),
        name=ctx.hamlet_names[int(rng.random() * len(ctx.hamlet_names))],
        house=1 + int(rng.random() * top["house"]),
        alley=1 + int(rng.random() * top["alley"]),
        street=ctx.streets[int(rng.random() * len(ctx.streets))],
    )


class Generator:
    ctx: Context
    allocator: SerialAllocator
    registers: Registers
    defects: Defects
    next_citizen: int

    def __init__(self, spec: WorldSpec):
        self.spec = spec
        self.ctx = Context(spec)
        self.ctx.commune_by_code = {c.code: c for c in spec.communes}
        self.allocator = SerialAllocator(self.ctx.feistel)
        self.registers = Registers(self.ctx)
        self.ctx.registrars = registrar_pool(
            self.ctx, random.Random(f"registrars:{spec.seed}")
        )
        self.defects = Defects(self.ctx)
        self.next_citizen = 0
        self.business_serial = [0]
        self.parcel_serial = [0]

    def run(self) -> Iterator[HouseholdBundle]:
        living, index = 0, 0
        # One stream for the whole world, drawn in household order: the generator is
        # sequential anyway (identity serials, register entries, record numbers), and
        # re-seeding Mersenne Twister for every household cost ~10 % of its CPU.
        rng = random.Random(world_seed(self.spec.province, self.spec.seed))
        while living < self.spec.citizens:
            size = min(self.ctx.household_sizes.pick(rng), self.spec.citizens - living)
            bundle = self.household(rng, index, size)
            living += bundle.living
            index += 1
            yield bundle

    def household(self, rng: random.Random, index: int, size: int) -> HouseholdBundle:
        ctx = self.ctx
        commune = ctx.communes.pick(rng)
        urban = commune.kind == "phuong"
        address = make_address(ctx, rng, urban)
        family = Family(ctx, rng)
        head = family.build(size)
        # Children who would have been born after the reference date are trimmed by
        # construction (age > 0); a household may come out one short: keep `living` true.
        Attributes(ctx, rng, family, commune.code, address, urban).apply()
        members = family.people + family.deceased
        self._number(members)
        civil = civil_status(ctx, rng, self.registers, family, commune.code)
        business = businesses(
            ctx, rng, family, head, commune.code, address, self.business_serial
        )
        parcels = land(ctx, rng, head, commune.code, address, urban, self.parcel_serial)
        grants = allowances(ctx, rng, family, head)
        defect_rows, duplicates = self.defects.apply(rng, family)
        self._number(duplicates)
        number = self.allocator.number
        year_of, year_base = self.ctx.year_of, self.ctx.year_base
        for p in members + duplicates:
            p.id_number = number(p.code, p.sex, year_of[p.birth_ord - year_base])
        defects = [self._defect_row(row) for row in defect_rows]
        code = f"{self.spec.province:02d}{index + 1:08d}"
        household = (
            index,
            code,
            head.local_id,
            commune.code,
            address,
            len(family.people),
        )
        citizens = [p.row(index) for p in family.people]
        citizens += [p.row(None) for p in family.deceased + duplicates]
        # Spouses refer to each other, the household's only reference cycles: broken
        # here, reference counting frees each household at once and the loaders'
        # per-chunk collections find next to nothing to scan.
        for p in members:
            p.spouse = None
        return HouseholdBundle(
            household,
            citizens,
            civil,
            business,
            parcels,
            grants,
            defects,
            len(family.people),
        )

    def _number(self, people: list[Person]) -> None:
        for p in people:
            p.local_id = self.next_citizen
            self.next_citizen += 1

    @staticmethod
    def _defect_row(row: tuple) -> tuple:
        person, kind, field, database_value, paper_value = row
        if kind == "duplicate_record":
            database_value, paper_value = (
                database_value.id_number,
                paper_value.id_number,
            )
        return (person.local_id, kind, field, database_value, paper_value)


def generate(spec: WorldSpec) -> Iterator[HouseholdBundle]:
    """Yield the world's households in order; the same spec always yields the same rows."""
    if spec.citizens <= 0 or spec.citizens > MAX_CITIZENS:
        raise ValueError("citizens out of range")
    return Generator(spec).run()


__all__ = [
    "CommuneInfo",
    "HouseholdBundle",
    "WorldSpec",
    "generate",
]
