"""Names, origins, contacts, cards and residence of the members of one household."""

import functools
from bisect import bisect
from datetime import date
from random import Random

from unidecode import unidecode

from fake_portal.population.generator.context import Context
from fake_portal.population.generator.identity import (
    BIRTHDAYS,
    CARD_BIRTHDAYS,
    RENEWAL_AGES,
    card_expiry_ordinal,
)
from fake_portal.population.generator.people import FEMALE, MALE, Family, Person
from fake_portal.population.generator.spec import CommuneInfo
from fake_portal.population.generator.tables import Weighted

CCCD_START = date(2016, 1, 1).toordinal()  # chip-less 12-digit cards from 2016
CAMPAIGN = (
    date(2021, 3, 1).toordinal(),
    date(2021, 12, 31).toordinal(),
)  # chip-card drive
UNDER_14_FROM = date(2024, 7, 1).toordinal()  # Law 26/2023: cards for under-14s
# The renewal age before each renewal age (none before the first).
PREVIOUS_RENEWAL = dict(zip(RENEWAL_AGES[1:], RENEWAL_AGES, strict=False))


def _issued_from_age(age: int) -> int:
    """Age from which the card someone of `age` (14+) holds was issued (never below 12)."""
    previous = PREVIOUS_RENEWAL.get(next((a for a in RENEWAL_AGES if age < a), 0))
    return max(previous - 2 if previous else 58, 12)


# Position in BIRTHDAYS[birth] of the birthday from which the card of someone of `age`
# (14+) was issued.
ISSUED_FROM = [CARD_BIRTHDAYS.index(_issued_from_age(age)) for age in range(200)]


def _generation_key(year: int) -> str:
    if year < 1960:
        return "before_1960"
    if year < 1980:
        return "1960_1979"
    if year < 2000:
        return "1980_1999"
    return "from_2000"


class Attributes:
    """Fills in everything about the people of a built Family, drawing from `rng`."""

    ctx: Context
    rng: Random
    family: Family
    commune: int
    address: str
    urban: bool
    everyone: list[Person]

    def __init__(
        self,
        ctx: Context,
        rng: Random,
        family: Family,
        commune: int,
        address: str,
        urban: bool,
    ):
        self.ctx, self.rng, self.family = ctx, rng, family
        self.commune, self.address, self.urban = commune, address, urban
        self.everyone = family.people + family.deceased

    def apply(self) -> None:
        self._origin()
        for p in self.everyone:
            self._surname(p)
        used: set[tuple[str, str]] = set()
        for p in self.everyone:
            self._given_names(p, used)
        for p in self.everyone:
            self._life(p)

    # -- origin: birth place code, ethnicity, religion, hometown -----------------------
    def _origin(self) -> None:
        ctx, rng = self.ctx, self.rng
        migrant = rng.random() < ctx.migrant_share
        home_code = (
            ctx.migrant_codes.pick(rng) if migrant else ctx.local_codes.pick(rng)
        )
        ethnicity = ctx.ethnic_by_code[home_code].pick(rng)
        religion_table = self._religion_table(home_code, ethnicity)
        hometown = self._hometown(home_code)
        for p in self.everyone:
            if (
                p.relation in ("spouse", "other")
                and p.father is None
                and rng.random() < 0.3
            ):
                code = (
                    ctx.migrant_codes.pick(rng)
                    if migrant
                    else ctx.local_codes.pick(rng)
                )
                p.code, p.hometown = code, self._hometown(code)
            else:
                p.code, p.hometown = home_code, hometown
            young = p.birth_ord > ctx.cut[15]  # under 15 at the reference date
            if migrant and young and rng.random() < 0.6:
                p.code = ctx.local_codes.pick(rng)
            p.ethnicity = (
                ethnicity
                if rng.random() < 0.93
                else ctx.ethnic_by_code[p.code].pick(rng)
            )
            if p.father is not None:
                p.ethnicity = ethnicity
            p.religion = religion_table.pick(rng) if rng.random() < 0.08 else None
        religion = religion_table.pick(rng)
        for p in self.everyone:
            if p.religion is None:
                p.religion = religion

    def _religion_table(self, code: str, ethnicity: str) -> Weighted:
        ctx = self.ctx
        names = ctx.ethnic_names.get(ethnicity)
        if ethnicity in ctx.religion_by_ethnicity:
            return ctx.religion_by_ethnicity[ethnicity]
        if names and names["style"] == "highlands":
            return ctx.religion_by_ethnicity["highlands"]
        return ctx.religion_by_code.get(code, ctx.religion_national)

    def _hometown(self, code: str) -> str:
        ctx, rng = self.ctx, self.rng
        owner = ctx.code_owner.get(code, ctx.spec.province)
        communes = ctx.spec.other_communes.get(owner) or ctx.commune_list
        commune = communes[int(rng.random() * len(communes))]
        province = ctx.spec.province_names.get(owner) or ctx.spec.province_name
        return f"{commune.name}, {province}" if province else commune.name

    # -- names ------------------------------------------------------------------------
    def _table(self, p: Person) -> dict | None:
        return self.ctx.ethnic_names.get(p.ethnicity)

    def _draw_surname(self, p: Person) -> str:
        table = self._table(p)
        if table is None:
            return self.ctx.kinh_surnames.pick(self.rng)
        return table["surnames"].pick(self.rng)

    def _surname(self, p: Person) -> str:
        if p.surname:
            return p.surname
        rate = self.ctx.mother_surname_rate
        if p.father is not None and (p.mother is None or self.rng.random() >= rate):
            p.surname = self._surname(p.father)
        elif p.mother is not None:
            p.surname = self._surname(p.mother)
        else:
            p.surname = self._draw_surname(p)
        return p.surname

    def _given_names(self, p: Person, used: set[tuple[str, str]]) -> None:
        rng = self.rng
        table = self._table(p)
        sex = p.sex
        if table is None or table["style"] == "kinh":
            self._kinh_names(p, used)
            return
        for _attempt in range(4):
            p.middle = table[f"{sex}_middle"].pick(rng)
            p.given = table[f"{sex}_given"].pick(rng)
            if p.given != p.middle and (p.surname, p.given) not in used:
                break
        used.add((p.surname, p.given))

    def _kinh_names(self, p: Person, used: set[tuple[str, str]]) -> None:
        """Kinh middle and given names (Weighted.pick inlined: the hottest draws)."""
        ctx, random = self.ctx, self.rng.random
        traditional, shares, others = ctx.middle[p.sex]
        share = shares[_generation_key(ctx.year_of[p.birth_ord - ctx.year_base])]
        given = ctx.given[p.sex]
        surname = p.surname
        for _attempt in range(4):
            if random() < share:
                middle = traditional
            else:
                middle = others.values[bisect(others.cum, random() * others.total)]
            name = given.values[bisect(given.cum, random() * given.total)]
            if name != middle and (surname, name) not in used:
                break
        p.middle, p.given = middle, name
        used.add((surname, name))

    # -- life: occupation, contacts, card, residence -----------------------------------
    def _life(self, p: Person) -> None:
        ctx, random = self.ctx, self.rng.random
        p.commune, p.address = self.commune, self.address
        if p.death_ord is not None:  # the dead, and only they, have a death date
            p.occupation = self._occupation(p.age_on(p.death_ord))
            return
        age = ctx.age_at_ref[ctx.ref_ord - p.birth_ord]
        if age >= 18:
            p.occupation = self._occupation(age)
        elif age >= 6:
            p.occupation = "Học sinh"
        if random() < ctx.phone_by_age[age if age < 119 else 119]:
            p.phone = self._phone()
        if random() < ctx.email_by_age[age if age < 119 else 119]:
            p.email = self._email(p)
        self._card(p, age)
        if 18 <= age <= 30 and random() < 0.12 and len(ctx.commune_list) > 1:
            other = ctx.commune_list[int(random() * len(ctx.commune_list))]
            if other.code != self.commune:
                p.temp_commune = other.code
                p.temp_address = self.family_address(other)

    def family_address(self, commune: CommuneInfo) -> str:
        from fake_portal.population.generator.world import make_address

        return make_address(self.ctx, self.rng, commune.kind == "phuong")

    def _occupation(self, age: int) -> str:
        rng = self.rng
        if age < 6:
            return ""
        if age < 18:
            return "Học sinh"
        if age < 23 and rng.random() < 0.35:
            return "Sinh viên"
        if age >= 60 and rng.random() < 0.45:
            return "Hưu trí"
        return self.ctx.occupations.pick(rng)

    def _phone(self) -> str:
        ctx, random = self.ctx, self.rng.random
        carriers = ctx.carriers
        prefixes = ctx.carrier_prefixes[bisect(carriers.cum, random() * carriers.total)]
        prefix = prefixes[int(random() * len(prefixes))]
        return f"{prefix}{int(random() * 10_000_000):07d}"

    def _email(self, p: Person) -> str:
        ctx, rng = self.ctx, self.rng
        given, surname = _email_word(p.given), _email_word(p.surname)
        year = ctx.year_of[p.birth_ord - ctx.year_base] % 100
        style = rng.random()
        if style < 0.4:
            local = f"{given}{surname}{year:02d}"
        elif style < 0.7:
            local = f"{given}.{surname}{ctx.email_tags[int(rng.random() * 200)]}"
        else:
            local = f"{surname}{given}{rng.randrange(100, 999)}"
        domain = ctx.email_domains[int(rng.random() * len(ctx.email_domains))]
        return f"{local}@{domain}"

    def _card(self, p: Person, age: int) -> None:
        """A valid card for most; under 14 only some (allowed since 1 July 2024)."""
        random, ref = self.rng.random, self.ctx.ref_ord
        if age < 14:
            if random() < 0.12:
                self.set_card(p, max(UNDER_14_FROM, p.birth_ord + 30), ref)
            return
        if random() < 0.03:
            return  # no card yet
        # The card in hand was issued from two years before the last renewal age passed.
        birthdays = BIRTHDAYS[p.birth_ord]
        low = birthdays[ISSUED_FROM[age]]
        self.set_card(p, low if low > CCCD_START else CCCD_START, ref)

    def set_card(self, p: Person, low: int, high: int) -> None:
        """Issue `p` a card on a day ordinal in [low, high) (ordinals, as the rows want)."""
        random = self.rng.random
        if low >= high:
            return
        if CAMPAIGN[0] >= low and CAMPAIGN[1] < high and random() < 0.4:
            low, high = CAMPAIGN
        issue = low + int(random() * (high - low))
        p.card_issue = issue
        p.card_expiry = card_expiry_ordinal(p.birth_ord, issue)


@functools.cache
def _email_word(name: str) -> str:
    return unidecode(name).lower().replace(" ", "").replace("'", "")


__all__ = ["FEMALE", "MALE", "Attributes"]
