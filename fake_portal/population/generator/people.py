"""People and families: who lives in one household, coherent by construction.

Rules kept here (the tests check them): a mother is 16–50 at each birth, spouses are
adults of legal marriage age, children mostly carry the father's surname, siblings do not
share a given name, a person's identity number matches sex, birth year and birth place.
"""

import functools
from datetime import date
from random import Random

from fake_portal.population.generator.context import Context
from fake_portal.population.generator.tables import ISO_DATES
from fake_portal.population.text import normalise_words

MALE, FEMALE = "male", "female"


class Person:
    """A person under construction (plain attributes; turned into a row at the end)."""

    # Compiled (mypyc, see native.py), the annotations make these C struct fields; the
    # values must have these types, or a TypeError says which.
    local_id: int
    sex: str
    birth_ord: int
    surname: str
    middle: str
    given: str
    code: str
    ethnicity: str
    religion: str | None
    relation: str
    father: "Person | None"
    mother: "Person | None"
    spouse: "Person | None"
    marital: str
    alive: bool
    death_ord: int | None
    hometown: str
    occupation: str
    phone: str
    email: str
    card_issue: int | None
    card_expiry: int | None
    commune: int
    address: str
    temp_commune: int | None
    temp_address: str
    id_number: str
    duplicate_of: "Person | None"
    __slots__ = tuple(__annotations__)  # the fields above, for the pure-Python build

    def __init__(self, sex: str, birth_ord: int):
        self.sex = sex
        self.birth_ord = birth_ord
        self.father = self.mother = self.spouse = None
        self.marital = "single"
        self.alive = True
        self.death_ord = None
        self.relation = ""
        self.occupation = self.phone = self.email = ""
        self.card_issue = self.card_expiry = None
        self.temp_commune = None
        self.temp_address = ""
        self.duplicate_of = None
        self.surname = self.middle = self.given = ""
        self.hometown = ""

    @property
    def birth_date(self) -> date:
        return date.fromordinal(self.birth_ord)

    def age_on(self, ordinal: int) -> int:
        born = date.fromordinal(self.birth_ord)
        on = date.fromordinal(ordinal)
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.middle, self.given) if p)

    def row(self, household_local: int | None) -> tuple:
        """The citizen row (world-local ids; see rows.CITIZEN_COLUMNS)."""
        return (
            self.local_id,
            self.id_number,
            self.surname,
            self.middle,
            self.given,
            search_name(self.surname, self.middle, self.given),
            self.sex,
            ISO_DATES[self.birth_ord],
            self.code,
            self.ethnicity,
            self.religion,
            self.hometown,
            self.phone,
            self.email,
            self.card_issue and ISO_DATES[self.card_issue],
            self.card_expiry and ISO_DATES[self.card_expiry],
            household_local,
            self.relation,
            self.father.local_id if self.father else None,
            self.mother.local_id if self.mother else None,
            self.spouse.local_id if self.spouse else None,
            self.commune,
            self.address,
            self.temp_commune,
            self.temp_address,
            self.alive,
            ISO_DATES[self.death_ord] if self.death_ord else None,
            self.marital,
            self.occupation,
            self.duplicate_of.local_id if self.duplicate_of else None,
        )


@functools.cache
def _normalised(part: str) -> str:
    return normalise_words(part)


def search_name(surname: str, middle: str, given: str) -> str:
    """normalise_words(surname, middle, given), cached per part (parts repeat a lot)."""
    if middle:
        return f"{_normalised(surname)} {_normalised(middle)} {_normalised(given)}"
    return f"{_normalised(surname)} {_normalised(given)}"


def _clip(value: float, low: float, high: float) -> float:
    return low if value < low else high if value > high else value


class Family:
    """Builds the members of one household from its size (ages as fractional years)."""

    ctx: Context
    rng: Random
    people: list[Person]
    deceased: list[Person]

    def __init__(self, ctx: Context, rng: Random):
        self.ctx = ctx
        self.rng = rng
        self.people = []
        self.deceased = []

    # -- people -------------------------------------------------------------------
    def person(self, sex, age_years: float, relation: str) -> Person:
        ordinal = self.ctx.ref_ord - int(age_years * 365.2425) - 1
        p = Person(sex, ordinal)
        p.relation = relation
        self.people.append(p)
        return p

    def child_sex(self) -> str:
        return MALE if self.rng.random() < self.ctx.boy_share else FEMALE

    def marry(self, a: Person, b: Person) -> None:
        a.spouse, b.spouse = b, a
        a.marital = b.marital = "married"

    def children_of(
        self,
        mother_age: float,
        father: Person | None,
        mother: Person | None,
        count: int,
        relation: str,
    ) -> list[Person]:
        """`count` children of a mother now `mother_age`, born when she was 16–50."""
        rng = self.rng
        mean = self.ctx.demography["mean_age_mother_at_birth"]
        low, high = self.ctx.demography["mother_age_range"]
        top = min(high, mother_age - 0.1)
        ages_at_birth = []
        for _ in range(count):
            at_birth = _clip(rng.gauss(mean - 1.5, 5.0), low + 0.2, top)
            ages_at_birth.append(at_birth)
        ages_at_birth.sort()
        kids = []
        previous: float | None = None
        for at_birth in ages_at_birth:
            if previous is not None and at_birth - previous < 1.2:
                at_birth = min(previous + 1.2 + rng.random(), top)
            previous = at_birth
            age = mother_age - at_birth
            if age < 0.05:
                continue
            kid = self.person(self.child_sex(), age, relation)
            kid.father, kid.mother = father, mother
            kids.append(kid)
        return kids

    # -- household shapes ---------------------------------------------------------------
    def build(self, size: int) -> Person:
        rng = self.rng
        if size == 1:
            return self._single()
        if size == 2:
            roll = rng.random()
            if roll < 0.6:
                return self._couple(0, elderly=rng.random() < 0.68)
            if roll < 0.9:
                return self._single_parent(1)
            return self._skipped_generation(1)
        roll = rng.random()
        if size >= 5 and roll < 0.55 or size >= 3 and roll < 0.3:
            return self._three_generations(size)
        if roll < 0.93:
            return self._couple(size - 2, elderly=False)
        return self._single_parent(size - 1)

    def _single(self) -> Person:
        rng = self.rng
        roll = rng.random()
        if roll < 0.38:
            age = rng.uniform(20, 38)
            p = self.person(MALE if rng.random() < 0.66 else FEMALE, age, "head")
        elif roll < 0.52:
            age = rng.uniform(38, 64)
            p = self.person(MALE if rng.random() < 0.5 else FEMALE, age, "head")
            p.marital = "divorced" if rng.random() < 0.5 else "single"
        else:
            age = rng.uniform(62, 95)
            p = self.person(FEMALE if rng.random() < 0.52 else MALE, age, "head")
            self.widow(p)
        return p

    def _spouse_ages(self, wife_age: float) -> float:
        husband = wife_age + self.rng.gauss(3.5, 3.0)
        return max(husband, 20.5, wife_age - 3)

    def _couple(self, kids: int, elderly: bool) -> Person:
        rng = self.rng
        if kids == 0:
            wife_age = rng.uniform(58, 88) if elderly else rng.uniform(19, 34)
        else:
            wife_age = self._mother_age(kids)
        husband = self.person(MALE, self._spouse_ages(wife_age), "spouse")
        wife = self.person(FEMALE, wife_age, "spouse")
        self.marry(husband, wife)
        head = (
            husband if rng.random() > self.ctx.demography["female_head_share"] else wife
        )
        head.relation = "head"
        self.children_of(wife_age, husband, wife, kids, "child")
        return head

    def _mother_age(self, kids: int) -> float:
        rng = self.rng
        low = 19 + 1.5 * kids
        # Mothers of children still at home: mostly 25-55 (estimate, tuned to the pyramid).
        return _clip(rng.gauss(41 + 1.0 * kids, 8.5), low, 62)

    def _single_parent(self, kids: int) -> Person:
        rng = self.rng
        mother_age = self._mother_age(kids)
        if rng.random() < 0.62:
            parent = self.person(FEMALE, mother_age, "head")
            mother, father = parent, None
        else:
            parent = self.person(MALE, mother_age + 3, "head")
            mother, father = None, parent
        roll = rng.random()
        if roll < 0.45:
            self.widow(parent)
        elif roll < 0.85:
            parent.marital = "divorced"
        # else never married: a child without a registered father (nhận cha, con)
        self.children_of(mother_age, father, mother, kids, "child")
        return parent

    def _skipped_generation(self, kids: int) -> Person:
        """A grandparent raising grandchildren whose parents live elsewhere."""
        rng = self.rng
        grand = self.person(
            FEMALE if rng.random() < 0.5 else MALE, rng.uniform(58, 82), "head"
        )
        self.widow(grand)
        for _ in range(kids):
            self.person(self.child_sex(), rng.uniform(0.5, 15), "grandchild")
        return grand

    def _three_generations(self, size: int) -> Person:
        """Elder couple (or widowed elder) + a married child + grandchildren."""
        rng = self.rng
        young_wife_age = _clip(rng.gauss(33, 6), 21, 48)
        son_age = self._spouse_ages(young_wife_age)
        elder_mother_age = son_age + _clip(rng.gauss(27, 4.5), 18, 45)
        elder_father_age = self._spouse_ages(elder_mother_age)
        both_elders = size >= 5 and rng.random() < 0.6
        son = self.person(MALE, son_age, "child")
        daughter_in_law = self.person(FEMALE, young_wife_age, "other")
        self.marry(son, daughter_in_law)
        if both_elders:
            elder_f = self.person(FEMALE, elder_mother_age, "spouse")
            elder_m = self.person(MALE, elder_father_age, "head")
            self.marry(elder_m, elder_f)
            son.father, son.mother = elder_m, elder_f
            head = elder_m
        elif rng.random() < 0.6:
            head = self.person(FEMALE, elder_mother_age, "head")
            son.mother = head
            self.widow(head, other_age=elder_father_age, child=son)
        else:
            head = self.person(MALE, elder_father_age, "head")
            son.father = head
            self.widow(head, other_age=elder_mother_age, child=son)
        # Some households are headed by the middle generation instead.
        if rng.random() < 0.4:
            head.relation = "parent"
            if both_elders and head.spouse is not None:
                head.spouse.relation = "parent"
            son.relation, daughter_in_law.relation = "head", "spouse"
            head = son
            grandkid_relation = "child"
        else:
            daughter_in_law.relation = "other"
            grandkid_relation = "grandchild"
        remaining = size - len(self.people)
        self.children_of(
            young_wife_age, son, daughter_in_law, remaining, grandkid_relation
        )
        return head

    # -- deaths ---------------------------------------------------------------------
    def widow(
        self,
        person: Person,
        other_age: float | None = None,
        child: Person | None = None,
    ) -> Person | None:
        """Make `person` widowed; a recent death (≤ 10 years) also gets a deceased row."""
        rng = self.rng
        person.marital = "widowed"
        years_ago = rng.uniform(0.05, 25)
        if years_ago > 10:
            return None
        age_now = (self.ctx.ref_ord - person.birth_ord) / 365.2425
        other_sex = MALE if person.sex == FEMALE else FEMALE
        age = other_age if other_age else age_now + (3.5 if other_sex == MALE else -3.5)
        dead = Person(other_sex, self.ctx.ref_ord - int(age * 365.2425) - 1)
        dead.alive = False
        dead.death_ord = self.ctx.ref_ord - int(years_ago * 365.2425)
        dead.marital = "married"
        dead.spouse, person.spouse = person, dead
        if child is not None:
            if other_sex == MALE:
                child.father = dead
            else:
                child.mother = dead
        self.deceased.append(dead)
        return dead
