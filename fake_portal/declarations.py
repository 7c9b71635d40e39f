"""The birth or death a citizen declares when filing, invented for training.

SYNTHETIC DATA FOR TRAINING (Sa Bàn): the children, deaths and hospitals are made up. The
counter's papers (the birth certificate, the death notice, the handwritten declaration)
print them, and the practice stream's online filings declare them, so the form and the
papers of one filing agree.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from fake_portal.request_content import BIRTH_REGISTRATION, DEATH_REGISTRATION

_CHILD_MIDDLE = ("Minh", "Gia", "Bảo", "Ngọc", "Khánh", "An", "Thảo", "Đức")
_CHILD_GIVEN = ("Khôi", "An", "Vy", "Nam", "Linh", "Phúc", "Hân", "Huy", "Ngân", "Long")
_DECEASED = "Nguyễn Văn Tâm"  # when the database names no father


@dataclass(frozen=True)
class Child:
    name: str
    birth_date: date
    sex: str
    birth_place: str


@dataclass(frozen=True)
class Death:
    """The death a citizen declares: the death notice and the declaration both print it."""

    deceased_name: str
    death_date: date
    death_place: str


def new_child(
    surname: str, province_name: str, rng: random.Random, birth_date: date
) -> Child:
    """A newborn with the declarant's surname, born in the province's hospital."""
    return Child(
        name=" ".join((surname, rng.choice(_CHILD_MIDDLE), rng.choice(_CHILD_GIVEN))),
        birth_date=birth_date,
        sex=rng.choice(("Nam", "Nữ")),
        birth_place=f"Bệnh viện đa khoa tỉnh {province_name}",
    )


def recent_death(father_name: str, commune_name: str, death_date: date) -> Death:
    """The declarant's father died at the commune's health post."""
    return Death(
        deceased_name=father_name or _DECEASED,
        death_date=death_date,
        death_place=f"Trạm y tế {commune_name}",
    )


def as_request(declared: Child | Death) -> dict[str, str]:
    """The declared event as a filing's request (form keys, ISO dates)."""
    if isinstance(declared, Child):
        return {
            "child_name": declared.name,
            "child_birth_date": declared.birth_date.isoformat(),
            "child_sex": declared.sex,
            "birth_place": declared.birth_place,
        }
    return {
        "deceased_name": declared.deceased_name,
        "death_date": declared.death_date.isoformat(),
        "death_place": declared.death_place,
    }


def simulated_request(procedure, citizen, rng: random.Random, today: date) -> dict:
    """What a simulated citizen declares online: a birth or a death for those procedures
    (most on time, some late, so the fee waiver is sometimes not due), otherwise the
    procedure asked for in words."""
    commune = citizen.permanent_commune
    if procedure.code == BIRTH_REGISTRATION:
        born = today - timedelta(days=rng.randint(2, 80))  # the waiver ends at 60 days
        return as_request(new_child(citizen.surname, commune.province.name, rng, born))
    if procedure.code == DEATH_REGISTRATION:
        died = today - timedelta(days=rng.randint(1, 20))  # the waiver ends at 15 days
        father = citizen.father.full_name if citizen.father_id else ""
        return as_request(recent_death(father, commune.name, died))
    return {"request_text": f"Đề nghị giải quyết thủ tục: {procedure.name_vi}."}
