"""What the world knows about a citizen, read once, as plain data the bundle planner prints.

Values are those printed on the citizen's OWN papers (`papers_view`, data defects applied),
not the population database's: the officer compares the two.
"""

from dataclasses import dataclass, field
from datetime import date

from fake_portal.population.models import (
    Citizen,
    CivilStatusRecord,
    LandParcel,
)
from fake_portal.population.papers import papers_view


@dataclass
class Record:
    registered_on: date
    unit: str  # the commune that registered it (its current name)
    book: str
    entry: int
    registrar: str
    other_party: str = ""


@dataclass
class Parcel:
    certificate_number: str
    issued_on: date | None
    map_sheet: int
    parcel_number: int
    area_m2: str
    land_use: str
    address: str


@dataclass
class PersonFacts:
    pk: int
    id_number: str
    full_name: str
    surname: str
    birth_date: date
    sex: str  # "male" / "female"
    hometown: str
    ethnicity: str
    address: str
    card_issue_date: date | None
    card_expiry_date: date | None
    phone: str
    commune_name: str
    province_name: str
    province_code: int
    father_name: str = ""
    mother_name: str = ""
    spouse_name: str = ""
    birth: Record | None = None
    marriage: Record | None = None
    parcels: list[Parcel] = field(default_factory=list)

    @property
    def sex_label(self) -> str:
        return "Nữ" if self.sex == "female" else "Nam"


def _record(row: CivilStatusRecord | None, other: str = "") -> Record | None:
    if row is None:
        return None
    return Record(
        registered_on=row.registration_date,
        unit=row.registering_commune.name,
        book=row.book_number,
        entry=row.entry_number,
        registrar=row.registrar,
        other_party=other,
    )


def _name(citizen: Citizen | None) -> str:
    return citizen.full_name if citizen else ""


def _marriage(citizen: Citizen) -> Record | None:
    row = (
        CivilStatusRecord.objects.filter(kind=CivilStatusRecord.Kind.MARRIAGE)
        .filter(subject=citizen)
        .select_related("registering_commune", "second_party")
        .first()
        or CivilStatusRecord.objects.filter(
            kind=CivilStatusRecord.Kind.MARRIAGE, second_party=citizen
        )
        .select_related("registering_commune", "subject")
        .first()
    )
    if row is None:
        return None
    other = row.second_party if row.subject_id == citizen.pk else row.subject
    return _record(row, _name(other))


def _parcels(citizen: Citizen) -> list[Parcel]:
    return [
        Parcel(
            certificate_number=p.certificate_number,
            issued_on=p.certificate_issued_on,
            map_sheet=p.map_sheet,
            parcel_number=p.parcel_number,
            area_m2=f"{p.area_m2:.1f}".replace(".", ","),
            land_use=p.land_use,
            address=p.address,
        )
        for p in LandParcel.objects.filter(owner=citizen).order_by("pk")[:3]
    ]


def person_facts(citizen: Citizen) -> PersonFacts:
    """The citizen's facts as their papers print them."""
    paper = papers_view(citizen)
    commune = citizen.permanent_commune
    birth = (
        CivilStatusRecord.objects.filter(
            kind=CivilStatusRecord.Kind.BIRTH, subject=citizen
        )
        .select_related("registering_commune")
        .first()
    )
    return PersonFacts(
        pk=citizen.pk,
        id_number=paper.id_number,
        full_name=paper.full_name,
        surname=paper.surname,
        birth_date=paper.birth_date,
        sex=paper.sex,
        hometown=paper.hometown,
        ethnicity=paper.ethnicity,
        address=paper.permanent_address,
        card_issue_date=paper.card_issue_date,
        card_expiry_date=paper.card_expiry_date,
        phone=citizen.phone,
        commune_name=commune.name,
        province_name=commune.province.name,
        province_code=commune.province_id,
        father_name=_name(citizen.father),
        mother_name=_name(citizen.mother),
        spouse_name=_name(citizen.spouse),
        birth=_record(birth),
        marriage=_marriage(citizen),
        parcels=_parcels(citizen),
    )
