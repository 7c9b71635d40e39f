"""Civil-status registrations, business households, land parcels, social allowances."""

from datetime import date
from random import Random

from fake_portal.population.generator.context import Context
from fake_portal.population.generator.identity import birthday_ordinals
from fake_portal.population.generator.people import Family, Person
from fake_portal.population.generator.tables import ISO_DATES


class Registers:
    """Entry numbers of the civil-status books: one book per commune, kind and year.

    Sequential per book across the whole world (deterministic because households are
    generated in order); bounded memory: one counter per book of the province.
    Registrations in communes outside the province get a random entry number. The
    numbering itself lives in civil_status() (the hot loop).
    """

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.counters: dict[tuple[int, str, int], int] = {}
        self.local: set[int] = {c.code for c in ctx.commune_list}


class _Books(dict):
    """Book numbers by year ("01/2024"), formatted once."""

    def __missing__(self, year):
        book = self[year] = f"01/{year}"
        return book


BOOKS = _Books()
FIRST_BUSINESSES = date(2005, 1, 1).toordinal()  # business households registered from
FIRST_CERTIFICATES = date(1994, 1, 1).toordinal()  # land-use certificates issued from
FIRST_ALLOWANCES = date(2015, 1, 1).toordinal()  # allowances paid since at the earliest
TURNS_18, TURNS_20, TURNS_80 = [birthday_ordinals(age) for age in (18, 20, 80)]


def registrar_pool(ctx: Context, rng: Random) -> list[str]:
    """A few dozen synthetic registrar names per world (drawn once)."""
    surnames = ctx.records["civil_status"]["registrar_surnames"]
    names = []
    for _ in range(60):
        surname = surnames[int(rng.random() * len(surnames))]
        sex = "male" if rng.random() < 0.4 else "female"
        names.append(f"{surname} {ctx.middle[sex][0]} {ctx.given[sex].pick(rng)}")
    return names


def _birth_commune(ctx: Context, rng: Random, p: Person, household_commune: int) -> int:
    owner = ctx.code_owner.get(p.code)
    if owner == ctx.spec.province:
        if p.relation in ("child", "grandchild") or rng.random() < 0.5:
            return household_commune
        return ctx.commune_list[int(rng.random() * len(ctx.commune_list))].code
    communes = ctx.spec.other_communes.get(owner)
    if not communes:
        return household_commune
    return communes[int(rng.random() * len(communes))].code


def civil_status(
    ctx: Context,
    rng: Random,
    registers: Registers,
    family: Family,
    household_commune: int,
) -> list[tuple]:
    """Rows (kind, subject, second party, event, registered, commune, book, entry, registrar)."""
    rows = []
    ref = ctx.ref_ord
    first_year = ctx.records["civil_status"]["birth_records_from_year"]
    first_ord = date(first_year, 1, 1).toordinal()
    late = ctx.records["civil_status"]["late_birth_registration"]
    everyone = family.people + family.deceased
    year_of, year_base, registrars = ctx.year_of, ctx.year_base, ctx.registrars
    counters, local, random = registers.counters, registers.local, rng.random

    def add(
        kind: str,
        subject: Person,
        second: Person | None,
        event_ord: int,
        registered_ord: int,
        commune: int,
    ) -> None:
        if registered_ord > ref:
            registered_ord = ref
        year = year_of[registered_ord - year_base]
        if commune in local:  # Registers.entry, inlined
            key = (commune, kind, year)
            number = counters[key] = counters.get(key, 0) + 1
        else:
            number = 1 + int(random() * 899)
        rows.append(
            (
                kind,
                subject.local_id,
                second.local_id if second else None,
                ISO_DATES[event_ord],
                ISO_DATES[registered_ord],
                commune,
                BOOKS[year],
                number,
                registrars[int(random() * 60)],
            )
        )

    for p in everyone:
        if p.birth_ord >= first_ord:
            delay = (
                1 + int(rng.random() * 59)
                if rng.random() >= late
                else 61 + int(rng.random() * 2939)
            )
            add(
                "birth",
                p,
                None,
                p.birth_ord,
                p.birth_ord + delay,
                _birth_commune(ctx, rng, p, household_commune),
            )
    for husband in everyone:
        wife = husband.spouse
        if husband.sex != "male" or wife is None:
            continue
        married = marriage_ord(ctx, rng, husband, wife, everyone)
        if married and married >= first_ord:
            add("marriage", husband, wife, married, married, household_commune)
    for p in family.deceased:
        died = p.death_ord
        assert died is not None  # the deceased all have a death date
        add(
            "death", p, None, died, died + 1 + int(rng.random() * 29), household_commune
        )
    return rows


def marriage_ord(
    ctx: Context, rng: Random, husband: Person, wife: Person, everyone: list[Person]
) -> int | None:
    """A wedding date: both of legal age, before their first common child."""
    low = max(TURNS_18[wife.birth_ord], TURNS_20[husband.birth_ord])
    kids = [p.birth_ord for p in everyone if p.mother is wife or p.father is husband]
    high = min([ctx.ref_ord] + [k - 200 for k in kids])
    died = husband.death_ord or wife.death_ord
    if died:
        high = min(high, died - 30)
    if high <= low:
        return low if not kids else None
    target = wife.birth_ord + int(
        rng.gauss(ctx.demography["mean_age_first_marriage"]["female"], 2.5) * 365.2425
    )
    return min(max(target, low), high)


def businesses(
    ctx: Context,
    rng: Random,
    family: Family,
    head: Person,
    commune: int,
    address: str,
    serials: list[int],
) -> list[tuple]:
    """At most one business household, owned by the head or the spouse."""
    data = ctx.records["business"]
    if rng.random() >= data["household_share"]:
        return []
    owners = [
        p
        for p in (head, head.spouse)
        if p and p.alive and 20 <= ctx.age(p.birth_ord) <= 72
    ]
    if not owners:
        return []
    owner = owners[int(rng.random() * len(owners))]
    line = ctx.business_lines.pick(rng)
    pattern = data["name_patterns"][int(rng.random() * len(data["name_patterns"]))]
    short = line.split(",")[0].replace("Bán lẻ ", "").replace("Dịch vụ ", "")
    name = pattern.format(
        given=owner.given,
        line_short=short.capitalize(),
        name=owner.given,
        full=owner.full_name,
    )
    low = max(TURNS_20[owner.birth_ord], FIRST_BUSINESSES)
    registered = ISO_DATES[low + int(rng.random() * max(1, ctx.ref_ord - low))]
    low_cap, high_cap = data["capital_vnd"]
    capital = int(rng.uniform(low_cap, high_cap) // 1_000_000 * 1_000_000)
    serials[0] += 1
    # Registration numbers are illustrative: commune code + running number.
    number = f"{commune:05d}-{serials[0]:05d}"
    return [
        (
            owner.local_id,
            name,
            line,
            number,
            registered,
            commune,
            address,
            capital,
            rng.randrange(1, 6),
            ctx.business_status.pick(rng),
        )
    ]


def land(
    ctx: Context,
    rng: Random,
    head: Person,
    commune: int,
    address: str,
    urban: bool,
    parcels: list[int],
) -> list[tuple]:
    data = ctx.records["land"]
    kind = "urban" if urban else "rural"
    rows: list[tuple] = []
    if not (head.alive and head.birth_ord <= ctx.cut[18]):
        return rows
    co_owner = head.spouse if head.spouse is not None and head.spouse.alive else None

    def parcel(use: str, low: float, high: float) -> None:
        parcels[0] += 1
        area = round(rng.uniform(low, high), 1)
        sheet = 1 + parcels[0] // 400 % 80
        number = 1 + parcels[0] % 400 + int(rng.random() * 5) * 400
        if rng.random() < data["without_certificate"]:
            certificate, issued = "", None
        else:
            certificate = (
                f"{'ABCDE'[int(rng.random() * 5)]}"
                f"{'ABCDGHKLMNPQ'[int(rng.random() * 12)]} "
                f"{int(rng.random() * 1_000_000):06d}"
            )
            low_ord = max(TURNS_18[head.birth_ord], FIRST_CERTIFICATES)
            issued = ISO_DATES[
                low_ord + int(rng.random() * max(1, ctx.ref_ord - low_ord))
            ]
        rows.append(
            (
                head.local_id,
                co_owner.local_id if co_owner else None,
                commune,
                sheet,
                number,
                area,
                use,
                address,
                certificate,
                issued,
            )
        )

    if rng.random() < data["residential_share"][kind]:
        low, high = data["residential_area_m2"][kind]
        parcel(data["uses"][f"residential_{kind}"], low, high)
    if rng.random() < data["agricultural_share"][kind]:
        low, high = data["agricultural_area_m2"]
        parcel(ctx.agri_uses.pick(rng), low, high)
    return rows


def allowances(ctx: Context, rng: Random, family: Family, head: Person) -> list[tuple]:
    cats = ctx.allowance["categories"]
    level = ctx.allowance["standard_level_vnd"]
    rows = []
    ref = ctx.ref_ord

    def grant(p: Person, category: str, since_low: int) -> None:
        amount = int(level * cats[category]["coefficient"])
        since_low = max(since_low, FIRST_ALLOWANCES)
        since = ISO_DATES[since_low + int(rng.random() * max(1, ref - since_low))]
        rows.append((p.local_id, category, amount, since))

    ages, random = ctx.age_at_ref, rng.random
    elderly_age, elderly_rate = cats["elderly"]["min_age"], cats["elderly"]["rate"]
    extreme_rate = cats["disabled_extreme"]["rate"]
    severe_rate = cats["disabled_severe"]["rate"]
    for p in family.people:
        age = ages[ref - p.birth_ord]
        if age >= elderly_age and random() < elderly_rate:
            grant(p, "elderly", TURNS_80[p.birth_ord])
        elif random() < extreme_rate:
            grant(p, "disabled_extreme", p.birth_ord + 365)
        elif random() < severe_rate:
            grant(p, "disabled_severe", p.birth_ord + 365)
        elif (
            p.relation == "grandchild"
            and p.father is None
            and p.mother is None
            and age < 16
            and rng.random() < 0.15
        ):
            grant(p, "orphan", p.birth_ord + 30)
    if head.marital in ("widowed", "divorced", "single") and head.alive:
        kids = [
            p
            for p in family.people
            if (p.mother is head or p.father is head) and ages[ref - p.birth_ord] < 16
        ]
        if kids and rng.random() < cats["single_parent"]["rate"]:
            grant(head, "single_parent", max(k.birth_ord for k in kids))
    return rows
