"""Deliberate data-quality defects: the database says one thing, the papers another.

At most one defect per person (one draw against the cumulative rates). Each returns a
row (citizen, kind, field, database value, paper value); the Person keeps the DATABASE
value, so papers_view() can print the paper value back.
"""

import unicodedata
from datetime import date
from random import Random

from fake_portal.population.generator.context import Context
from fake_portal.population.generator.identity import (
    RENEWAL_AGES,
    birthday_ordinals,
    card_expiry_ordinal,
)
from fake_portal.population.generator.people import Family, Person
from fake_portal.population.generator.tables import ISO_DATES

ORDER = (
    "missing_field",
    "name_mismatch",
    "birth_date_mismatch",
    "expired_card",
    "old_address",
    "duplicate_record",
)
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# Old and new tone placement (both seen on real papers): Hòa/Hoà, Thủy/Thuỷ.
TONE_PLACEMENT = {
    "òa": "oà",
    "óa": "oá",
    "ỏa": "oả",
    "õa": "oã",
    "ọa": "oạ",
    "òe": "oè",
    "óe": "oé",
    "ỏe": "oẻ",
    "õe": "oẽ",
    "ọe": "oẹ",
    "ùy": "uỳ",
    "úy": "uý",
    "ủy": "uỷ",
    "ũy": "uỹ",
    "ụy": "uỵ",
}
CCCD_START = date(2016, 1, 1).toordinal()


def full_address(ctx: Context, commune_code: int, address: str) -> str:
    commune = ctx.commune_by_code.get(commune_code)
    parts = [address, commune.name if commune else "", ctx.spec.province_name]
    return ", ".join(p for p in parts if p)


def _strip_tone(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if c not in TONES)
    )


def misspell(rng: Random, given: str) -> str:
    for old, new in TONE_PLACEMENT.items():
        if old in given:
            return given.replace(old, new)
    stripped = _strip_tone(given)
    if stripped != given:
        return stripped
    return given[:-1] + {
        "a": "à",
        "e": "è",
        "i": "ì",
        "o": "ò",
        "u": "ù",
        "y": "ỳ",
    }.get(given[-1], given[-1] + "h")


class Defects:
    ctx: Context
    thresholds: list[tuple[float, str]]

    def __init__(self, ctx: Context):
        self.ctx = ctx
        rates = ctx.defect_rates
        self.thresholds = []
        total = 0.0
        for kind in ORDER:
            total += float(rates.get(kind, 0))
            self.thresholds.append((total, kind))

    def apply(self, rng: Random, family: Family) -> tuple[list, list[Person]]:
        rows: list[tuple] = []
        duplicates: list[Person] = []
        total, random = self.thresholds[-1][0], rng.random
        for p in family.people:
            roll = random()
            if roll >= total:
                continue  # most people: no defect
            for threshold, kind in self.thresholds:
                if roll < threshold:
                    row = getattr(self, kind)(rng, p, duplicates)
                    if row:
                        rows.append((p, kind, *row))
                    break
        return rows, duplicates

    def missing_field(self, rng, p, _dups):
        name = self.ctx.missing_fields.pick(rng)
        if name == "permanent_address":
            if not p.address:
                return None
            paper = full_address(self.ctx, p.commune, p.address)
            p.address = ""
            return name, full_address(self.ctx, p.commune, ""), paper
        value = getattr(p, name)
        if not value:
            return None
        setattr(p, name, "")
        return name, "", value

    def name_mismatch(self, rng, p, _dups):
        if p.middle in ("Văn", "Thị") and rng.random() < 0.3:
            paper, p.middle = p.middle, ""
            return "middle_name", "", paper
        paper = p.given
        p.given = misspell(rng, p.given)
        return "given_name", p.given, paper

    def birth_date_mismatch(self, rng, p, _dups):
        born = date.fromordinal(p.birth_ord)
        if born.day <= 12 and born.day != born.month:
            wrong = born.replace(month=born.day, day=born.month)
        else:
            wrong = born.fromordinal(p.birth_ord + (-1 if born.day > 1 else 1))
        p.birth_ord = wrong.toordinal()
        return "birth_date", wrong.isoformat(), born.isoformat()

    def expired_card(self, rng, p, _dups):
        ref = self.ctx.ref_ord

        def birthday(age):
            return birthday_ordinals(age)[p.birth_ord]

        passed = [a for a in RENEWAL_AGES[1:] if birthday(a) <= ref]
        if not passed:
            return None
        due = passed[-1]
        before = RENEWAL_AGES[RENEWAL_AGES.index(due) - 1]
        low = max(birthday(before - 2), CCCD_START)
        high = birthday(due - 2)
        if low >= high:
            return None
        issue = low + int(rng.random() * (high - low))
        p.card_issue, p.card_expiry = issue, card_expiry_ordinal(p.birth_ord, issue)
        value = ISO_DATES[p.card_expiry]
        return "card_expiry_date", value, value

    def old_address(self, rng, p, _dups):
        ctx = self.ctx
        if (
            len(ctx.province["old"]) == 1
            and "old_districts" not in ctx.province["old"][0]
        ):
            return None  # an unchanged province without district data: nothing to show
        old = ctx.old_by_code[ctx.local_codes.pick(rng)]
        commune = ctx.commune_by_code[p.commune]
        kind, _sep, base = commune.name.partition(" ")
        parts = [p.address, f"{kind.lower()} {base}"]
        districts = old.get("old_districts")
        if districts:
            parts.append(districts[int(rng.random() * len(districts))])
        parts.append(old["name"])
        paper = ", ".join(x for x in parts if x)
        return "permanent_address", full_address(ctx, p.commune, p.address), paper

    def duplicate_record(self, rng, p, duplicates):
        if not p.alive or p.birth_ord > self.ctx.cut[14]:  # under 14
            return None
        from fake_portal.population.generator.world import make_address

        dup = Person(p.sex, p.birth_ord)
        for name in (
            "surname",
            "middle",
            "given",
            "code",
            "ethnicity",
            "religion",
            "hometown",
            "marital",
            "occupation",
        ):
            setattr(dup, name, getattr(p, name))
        other = self.ctx.commune_list[int(rng.random() * len(self.ctx.commune_list))]
        dup.commune = other.code
        dup.address = make_address(self.ctx, rng, other.kind == "phuong")
        dup.duplicate_of = p
        duplicates.append(dup)
        return "id_number", dup, p  # ids filled in once numbers are assigned
