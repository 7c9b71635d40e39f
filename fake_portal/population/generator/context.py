"""Per-world prepared tables: everything the per-household code draws from, built once."""

import random
from datetime import date

from faker import Faker
from mimesis import Locale, Person

from fake_portal.population.generator.identity import add_years
from fake_portal.population.generator.spec import CommuneInfo, WorldSpec
from fake_portal.population.generator.tables import (
    Weighted,
    load,
    old_code_owner,
    old_province_names,
    province_data,
)

# Ages and years are looked up in tables spanning this many years before the reference.
CALENDAR_YEARS = 160


def _age_table(bands: dict) -> list[tuple[int, float]]:
    return [(int(k), float(v)) for k, v in bands.items()]


def _by_age(table: dict):
    steps = sorted((int(k), float(v)) for k, v in table.items())

    def share(age: int) -> float:
        value = 0.0
        for start, v in steps:
            if age >= start:
                value = v
        return value

    return [share(a) for a in range(120)]


class Context:
    """Tables of one world, derived from the data files and the spec (deterministic)."""

    # Set by the Generator once the tables exist.
    commune_by_code: dict[int, CommuneInfo]
    registrars: list[str]

    def __init__(self, spec: WorldSpec):
        self.spec = spec
        demography = load("demography")
        self.demography = demography
        self.reference: date = demography["reference_date"]
        self.ref_ord = self.reference.toordinal()
        self._calendar()
        self.province = province_data(spec.province)
        self.region = self.province["region"]
        self._communes(spec)
        self._origins(spec)
        self._names()
        self._religion()
        self._contacts()
        self._addresses()
        self._records()
        self.household_sizes = Weighted(demography["household_sizes"])
        self.mother_surname_rate = demography["child_takes_mother_surname"]
        ratio = demography["sex_ratio_at_birth"]
        self.boy_share = ratio / (ratio + 100)
        self.defect_rates = {**load("defects")["rates"], **spec.defect_rates}
        self.missing_fields = Weighted(load("defects")["missing_fields"])
        self._pools(spec.seed)

    # -- calendar: ages and years by table look-up (hot in the per-person code) -------
    def _calendar(self):
        ref = self.reference
        # cut[k]: the last birth ordinal of someone aged k or more at the reference date.
        self.cut = [add_years(ref, -k).toordinal() for k in range(CALENDAR_YEARS + 1)]
        # age_at_ref[ref_ord - birth_ord]: age in whole years at the reference date.
        ages = []
        for k in range(CALENDAR_YEARS):
            ages += [k] * (self.cut[k] - self.cut[k + 1])
        self.age_at_ref = ages
        # year_of[ordinal - year_base]: the calendar year of an ordinal near the reference.
        self.year_base = self.cut[CALENDAR_YEARS]
        years = []
        for year in range(ref.year - CALENDAR_YEARS, ref.year + 2):
            first = max(date(year, 1, 1).toordinal(), self.year_base)
            years += [year] * (date(year + 1, 1, 1).toordinal() - first)
        self.year_of = years

    def age(self, birth_ord: int) -> int:
        """Age in whole years at the reference date of someone born on `birth_ord`."""
        return self.age_at_ref[self.ref_ord - birth_ord]

    # -- places -------------------------------------------------------------------
    def _communes(self, spec):
        weights = {}
        for c in spec.communes:
            # Wards are denser than rural communes (estimate).
            weights[c] = 1.8 if c.kind == "phuong" else 1.0
        self.communes = Weighted(weights)
        self.commune_list = list(spec.communes)

    def _origins(self, spec):
        old = self.province["old"]
        self.local_codes = Weighted({o["code"]: o["population"] for o in old})
        self.ethnic_by_code = {o["code"]: Weighted(o["ethnic"]) for o in old}
        self.old_by_code = {o["code"]: o for o in old}
        owner = old_code_owner()
        national = {}
        for new_code, data in load("provinces")["provinces"].items():
            for o in data["old"]:
                if new_code != spec.province:
                    national[o["code"]] = o["population"]
                self.ethnic_by_code.setdefault(o["code"], Weighted(o["ethnic"]))
        self.migrant_codes = Weighted(national)
        self.migrant_share = float(self.province.get("migrants", 0.05))
        self.code_owner = owner
        self.old_names = old_province_names()

    # -- names ----------------------------------------------------------------------
    def _names(self):
        names = load("names")
        spelling = names["regional_spelling"]
        surnames = {}
        for name, share in names["kinh_surnames"].items():
            if "/" in name:
                first, second = name.split("/")
                split = spelling[name][self.region]
                surnames[first] = surnames.get(first, 0) + share * split
                surnames[second] = surnames.get(second, 0) + share * (1 - split)
            else:
                surnames[name] = share
        self.kinh_surnames = Weighted(surnames)
        mid = names["middle_names"]
        self.middle = {
            sex: (
                mid[sex]["traditional"],
                mid[sex]["traditional_share"],
                Weighted(mid[sex]["others"]),
            )
            for sex in ("male", "female")
        }
        self.given = {
            sex: Weighted(names["given_names"][sex]) for sex in ("male", "female")
        }
        self.ethnic_names = {}
        for ethnicity, spec in names["ethnic_names"].items():
            self.ethnic_names[ethnicity] = self._ethnic_table(spec)
        for ethnicity, group in names["ethnic_naming_fallback"].items():
            self.ethnic_names[ethnicity] = self.ethnic_names[group]

    @staticmethod
    def _ethnic_table(spec):
        table = {"style": spec["style"], "surnames": Weighted(spec["surnames"])}
        for key in ("male_middle", "female_middle", "male_given", "female_given"):
            if key in spec:
                table[key] = Weighted(spec[key])
        return table

    # -- religion -------------------------------------------------------------------
    def _religion(self):
        data = load("religion")
        labels = {**data["labels"], **data.get("extra_labels", {})}

        def table(shares):
            return Weighted({labels[k]: v for k, v in shares.items()})

        self.religion_national = table(data["national"])
        self.religion_by_code = {
            k: table(v) for k, v in data["by_old_province"].items()
        }
        self.religion_by_ethnicity = {
            k: table(v) for k, v in data["by_ethnicity"].items()
        }
        self.no_religion = labels["none"]

    # -- phones, e-mail -----------------------------------------------------------------
    def _contacts(self):
        data = load("phones")
        self.carriers = Weighted({k: v["share"] for k, v in data["carriers"].items()})
        self.prefixes = {k: v["prefixes"] for k, v in data["carriers"].items()}
        self.carrier_prefixes = [self.prefixes[k] for k in self.carriers.values]
        self.phone_by_age = _by_age(data["phone_by_age"])
        self.email_by_age = _by_age(data["email_by_age"])
        self.email_domains = data["email_domains"]

    # -- addresses ------------------------------------------------------------------
    def _addresses(self):
        data = load("addresses")
        rural_region = self.region
        if self.spec.province in data["north_mountain_provinces"]:
            rural_region = "north_mountain"
        self.rural_patterns = Weighted(data["rural"][rural_region])
        self.urban_patterns = Weighted(data["urban"][self.region])
        self.hamlet_names = data["hamlet_names"]
        self.max_number = data["max_number"]

    # -- records --------------------------------------------------------------------
    def _records(self):
        data = load("records")
        self.records = data
        self.business_lines = Weighted(data["business"]["lines"])
        self.business_status = Weighted(data["business"]["status"])
        self.agri_uses = Weighted(data["land"]["uses"]["agricultural"])
        self.occupations = Weighted({k: v for k, v in data["occupations"].items() if v})
        self.allowance = data["allowance"]

    # -- pools from Faker (vi_VN) and Mimesis, seeded per world ---------------------
    def _pools(self, seed: int):
        faker = Faker("vi_VN")
        faker.seed_instance(seed * 7919 + self.spec.province)
        # Faker's vi_VN street list: real-sounding street names for urban addresses.
        self.streets = sorted({faker.street_name() for _ in range(400)})
        person = Person(Locale.EN, seed=seed * 104729 + self.spec.province)
        # Mimesis: locale-free numeric user-name suffixes for e-mail addresses.
        self.email_tags = [
            person.username(mask="l_d").rsplit("_", 1)[-1] for _ in range(200)
        ]
        rng = random.Random(f"feistel:{self.spec.province}:{seed}")
        self.feistel = [[rng.randrange(1000) for _ in range(1000)] for _ in range(4)]
