"""One builder per kind of paper: what a citizen's paper prints, from their facts.

SYNTHETIC DATA FOR TRAINING (Sa Bàn): hospitals, certificate numbers and children are
invented; nothing here is a real person's paper.
"""

import random
from dataclasses import replace
from datetime import date, timedelta

from fake_portal.counter.models import PaperKind
from fake_portal.counter.papers.facts import PersonFacts
from fake_portal.counter.papers.kinds import kind_of
from fake_portal.counter.papers.specs import REFORM, OldNames, PaperSpec, dmy
from fake_portal.declarations import Child, Death, new_child, recent_death
from fake_portal.request_content import BIRTH_REGISTRATION, DEATH_REGISTRATION

_MOTHER_GIVEN = ("Hương", "Trang", "Thảo", "Ngọc", "Mai", "Yến")
_MOTHER_SURNAME = ("Trần", "Lê", "Phạm", "Vũ", "Đỗ", "Bùi")


def unit_name(name: str, issued_on: date | None, old: OldNames | None) -> str:
    """A registering unit as a paper names it: with its district if issued before 2025."""
    if old is None or issued_on is None or issued_on >= REFORM:
        return f"UBND {name}"
    kind, _sep, base = name.partition(" ")
    return f"UBND {kind.lower()} {base}, {old.district}, {old.province}"


def old_address(address: str, old: OldNames) -> str:
    parts = [p.strip() for p in address.split(",") if p.strip()]
    if len(parts) >= 2:
        parts = parts[:-1]  # the new province name goes; district and old province come
    return ", ".join([*parts, old.district, old.province])


def make_child(facts: PersonFacts, rng: random.Random, today: date) -> Child:
    """The newborn a bundle declares: born 2 to 45 days ago, on time to register."""
    born = today - timedelta(days=rng.randint(2, 45))
    return new_child(facts.surname, facts.province_name, rng, born)


def death_of(facts: PersonFacts, today: date) -> Death:
    """The citizen's father died three days ago (on time to register), at the health post."""
    return recent_death(
        facts.father_name, facts.commune_name, today - timedelta(days=3)
    )


def _age(facts: PersonFacts, today: date) -> int:
    born = facts.birth_date
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _is_mother(facts: PersonFacts, today: date) -> bool:
    return facts.sex == "female" and _age(facts, today) < 50


# --- one builder per kind of paper ----------------------------------------------------------


def identity_card(facts: PersonFacts, key: str = "") -> PaperSpec:
    issued = facts.card_issue_date
    title = (
        "Thẻ căn cước"
        if issued and issued >= date(2024, 7, 1)
        else "Thẻ Căn cước công dân"
    )
    return PaperSpec(
        kind=PaperKind.IDENTITY_CARD,
        key=key,
        title=title,
        issued_on=issued,
        fields=[
            ("id_number", facts.id_number),
            ("full_name", facts.full_name.upper()),
            ("birth_date", dmy(facts.birth_date)),
            ("sex", facts.sex_label),
            ("nationality", "Việt Nam"),
            ("hometown", facts.hometown),
            ("address", facts.address),
            ("card_issue_date", dmy(issued)),
            ("card_expiry_date", dmy(facts.card_expiry_date) or "Không thời hạn"),
        ],
    )


def birth_extract(facts: PersonFacts, key: str, old: OldNames | None) -> PaperSpec:
    record = facts.birth
    issued = record.registered_on if record else facts.birth_date + timedelta(days=20)
    unit = record.unit if record else facts.commune_name
    title = (
        "Trích lục khai sinh" if issued.year >= 2016 else "Giấy khai sinh (bản chính)"
    )
    return PaperSpec(
        kind=PaperKind.BIRTH_EXTRACT,
        key=key,
        title=title,
        issued_on=issued,
        fields=[
            ("full_name", facts.full_name),
            ("id_number", facts.id_number if issued.year >= 2016 else ""),
            ("birth_date", dmy(facts.birth_date)),
            ("sex", facts.sex_label),
            ("birth_place", facts.hometown or facts.province_name),
            ("father_name", facts.father_name),
            ("mother_name", facts.mother_name),
            ("registered_by", unit_name(unit, issued, old)),
            ("registration_date", dmy(issued)),
            ("book_entry", f"Số {record.entry}, quyển {record.book}" if record else ""),
        ],
    )


def marriage_certificate(
    facts: PersonFacts, key: str, old: OldNames | None
) -> PaperSpec:
    record = facts.marriage
    issued = record.registered_on if record else date(2010, 5, 20)
    return PaperSpec(
        kind=PaperKind.MARRIAGE_CERTIFICATE,
        key=key,
        title="Giấy chứng nhận kết hôn",
        issued_on=issued,
        fields=[
            ("full_name", facts.full_name),
            ("id_number", facts.id_number),
            ("birth_date", dmy(facts.birth_date)),
            (
                "spouse_name",
                (record.other_party if record else "") or facts.spouse_name,
            ),
            (
                "registered_by",
                unit_name(record.unit if record else facts.commune_name, issued, old),
            ),
            ("registration_date", dmy(issued)),
            ("book_entry", f"Số {record.entry}, quyển {record.book}" if record else ""),
        ],
    )


def birth_certificate(
    facts: PersonFacts, key: str, child: Child, rng, today
) -> PaperSpec:
    mother = _is_mother(facts, today)
    mother_name = (
        facts.full_name
        if mother
        else f"{rng.choice(_MOTHER_SURNAME)} Thị {rng.choice(_MOTHER_GIVEN)}"
    )
    return PaperSpec(
        kind=PaperKind.BIRTH_CERTIFICATE,
        key=key,
        title="Giấy chứng sinh",
        issued_on=child.birth_date,
        fields=[
            ("mother_name", mother_name),
            ("id_number", facts.id_number if mother else ""),
            ("address", facts.address),
            ("child_birth_date", dmy(child.birth_date)),
            ("child_sex", child.sex),
            ("birth_place", child.birth_place),
            ("weight", f"{rng.randint(26, 38) * 100:,} gam".replace(",", ".")),
            ("issued_by", child.birth_place),
        ],
    )


def declaration(
    facts: PersonFacts, key: str, name: str, procedure, child: Child, today
) -> PaperSpec:
    fields = [
        ("full_name", facts.full_name),
        ("birth_date", dmy(facts.birth_date)),
        ("id_number", facts.id_number),
        ("address", facts.address),
        ("phone", facts.phone),
    ]
    if procedure.code == BIRTH_REGISTRATION:
        relation = (
            "Mẹ"
            if _is_mother(facts, today)
            else "Bà nội"
            if facts.sex == "female"
            else "Ông nội"
        )
        fields += [
            ("relation", relation),
            ("child_name", child.name),
            ("child_birth_date", dmy(child.birth_date)),
            ("child_sex", child.sex),
            ("birth_place", child.birth_place),
        ]
    elif procedure.code == DEATH_REGISTRATION:
        death = death_of(facts, today)
        fields += [
            ("deceased_name", death.deceased_name),
            ("death_date", dmy(death.death_date)),
            ("death_place", death.death_place),
        ]
    else:
        fields.append(("request", f"Đề nghị giải quyết thủ tục: {procedure.name_vi}"))
    return PaperSpec(
        kind=PaperKind.DECLARATION,
        key=key,
        title=name.replace(" (theo mẫu)", ""),
        issued_on=today,
        fields=fields,
        handwritten=True,
    )


def land_certificate(
    facts: PersonFacts, key: str, rng, old: OldNames | None
) -> PaperSpec:
    parcel = facts.parcels[0] if facts.parcels else None
    issued = (parcel.issued_on if parcel else None) or date(2012, 9, 14)
    number = (
        parcel.certificate_number if parcel else ""
    ) or f"CS {rng.randint(10**5, 10**6 - 1)}"
    unit = f"huyện {old.district.split(' ', 1)[-1]}" if old else facts.commune_name
    return PaperSpec(
        kind=PaperKind.LAND_CERTIFICATE,
        key=key,
        title="Giấy chứng nhận quyền sử dụng đất",
        issued_on=issued,
        pages=4,
        fields=[
            ("full_name", facts.full_name),
            ("id_number", facts.id_number),
            ("certificate_number", number),
            ("map_sheet", str(parcel.map_sheet if parcel else rng.randint(1, 60))),
            ("parcel", str(parcel.parcel_number if parcel else rng.randint(1, 900))),
            ("area", parcel.area_m2 if parcel else f"{rng.randint(60, 400)},0"),
            ("land_use", parcel.land_use if parcel else "ONT"),
            ("land_address", parcel.address if parcel else facts.address),
            (
                "issued_by",
                f"UBND {unit}"
                if old and issued < REFORM
                else f"UBND {facts.commune_name}",
            ),
        ],
    )


def generic(facts: PersonFacts, key: str, kind: str, name: str, today) -> PaperSpec:
    title = name.replace(" (theo mẫu)", "")
    issued_on = today - timedelta(days=30)
    fields = [("full_name", facts.full_name), ("id_number", facts.id_number)]
    if kind == PaperKind.RESIDENCE_BOOK:
        fields = [("household_head", facts.full_name), ("address", facts.address)]
    elif kind == PaperKind.DEATH_NOTICE:
        death = death_of(facts, today)
        issued_on = death.death_date
        fields = [
            ("deceased_name", death.deceased_name),
            ("death_date", dmy(death.death_date)),
            ("issued_by", death.death_place),
        ]
    elif kind == PaperKind.AUTHORISATION:
        fields.append(("agent_name", facts.spouse_name or "Nguyễn Văn Hùng"))
    else:
        fields.append(("content", title))
    return PaperSpec(
        kind=kind,
        key=key,
        title=title,
        issued_on=issued_on,
        fields=fields,
        pages=2 if kind == PaperKind.RESIDENCE_BOOK else 1,
    )


def paper_for(doc, procedure, facts, *, child, rng, today, old=None) -> PaperSpec:
    """The paper the citizen brings for catalogue component `doc`."""
    spec = _paper_for(doc, procedure, facts, child=child, rng=rng, today=today, old=old)
    return replace(spec, required=bool(getattr(doc, "required", True)))


def _paper_for(doc, procedure, facts, *, child, rng, today, old) -> PaperSpec:
    kind = kind_of(doc.key, doc.kind)
    if kind == PaperKind.IDENTITY_CARD:
        return identity_card(facts, doc.key)
    if kind == PaperKind.BIRTH_EXTRACT:
        return birth_extract(facts, doc.key, old)
    if kind == PaperKind.MARRIAGE_CERTIFICATE:
        return marriage_certificate(facts, doc.key, old)
    if kind == PaperKind.BIRTH_CERTIFICATE:
        return birth_certificate(facts, doc.key, child, rng, today)
    if kind == PaperKind.DECLARATION:
        return declaration(facts, doc.key, doc.name_vi, procedure, child, today)
    if kind == PaperKind.LAND_CERTIFICATE:
        return land_certificate(facts, doc.key, rng, old)
    return generic(facts, doc.key, kind, doc.name_vi, today)
