"""The bundle of papers a synthetic citizen brings for a procedure, as plain data.

Pure: facts in, paper specifications out; the same (facts, defects, seed) give the same
bundle. Defects a scenario can ask for (DOMAIN.md; issue 12):

- expired_card         the identity card is past its expiry date
- birth_date_mismatch  the papers give a birth date that differs from the database
- missing_page         a multi-page paper lacks a page
- old_district         a paper from before July 2025 names an abolished district
- someone_else         one paper belongs to another citizen
- missing_paper        a required paper was left at home

SYNTHETIC DATA FOR TRAINING (Sa Bàn): hospitals, certificate numbers and children are
invented; nothing here is a real person's paper.
"""

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from fake_portal.counter.models import PaperKind
from fake_portal.counter.papers.facts import PersonFacts
from fake_portal.counter.papers.kinds import kind_of

DEFECTS = (
    "expired_card",
    "birth_date_mismatch",
    "missing_page",
    "someone_else",
    "old_district",
    "missing_paper",
)
REFORM = date(2025, 7, 1)  # two-tier local government: districts abolished
BIRTH_REGISTRATION = "1.001193"
_CHILD_MIDDLE = ("Minh", "Gia", "Bảo", "Ngọc", "Khánh", "An", "Thảo", "Đức")
_CHILD_GIVEN = ("Khôi", "An", "Vy", "Nam", "Linh", "Phúc", "Hân", "Huy", "Ngân", "Long")
_MOTHER_GIVEN = ("Hương", "Trang", "Thảo", "Ngọc", "Mai", "Yến")
_MOTHER_SURNAME = ("Trần", "Lê", "Phạm", "Vũ", "Đỗ", "Bùi")


@dataclass
class PaperSpec:
    kind: str
    key: str
    title: str
    fields: list  # [(name, value)] in print order
    pages: int = 1
    missing_pages: list = field(default_factory=list)
    issued_on: date | None = None
    other_owner: bool = False
    defects: list = field(default_factory=list)
    confidential: bool = False
    handwritten: bool = False
    required: bool = True

    def value(self, name: str) -> str:
        return dict(self.fields).get(name, "")

    def with_value(self, name: str, value: str) -> "PaperSpec":
        fields = [(n, value if n == name else v) for n, v in self.fields]
        return replace(self, fields=fields)


@dataclass(frozen=True)
class OldNames:
    """How a unit was named before July 2025: its district and old province."""

    district: str
    province: str


def dmy(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _unit(name: str, issued_on: date | None, old: OldNames | None) -> str:
    """A registering unit as a paper names it: with its district if issued before 2025."""
    if old is None or issued_on is None or issued_on >= REFORM:
        return f"UBND {name}"
    kind, _sep, base = name.partition(" ")
    return f"UBND {kind.lower()} {base}, {old.district}, {old.province}"


def _old_address(address: str, old: OldNames) -> str:
    parts = [p.strip() for p in address.split(",") if p.strip()]
    if len(parts) >= 2:
        parts = parts[:-1]  # the new province name goes; district and old province come
    return ", ".join([*parts, old.district, old.province])


@dataclass
class Child:
    name: str
    birth_date: date
    sex: str
    birth_place: str


def _child(facts: PersonFacts, rng: random.Random, today: date) -> Child:
    return Child(
        name=" ".join(
            (facts.surname, rng.choice(_CHILD_MIDDLE), rng.choice(_CHILD_GIVEN))
        ),
        birth_date=today - timedelta(days=rng.randint(2, 45)),
        sex=rng.choice(("Nam", "Nữ")),
        birth_place=f"Bệnh viện đa khoa tỉnh {facts.province_name}",
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
            ("registered_by", _unit(unit, issued, old)),
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
                _unit(record.unit if record else facts.commune_name, issued, old),
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
    fields = [("full_name", facts.full_name), ("id_number", facts.id_number)]
    if kind == PaperKind.RESIDENCE_BOOK:
        fields = [("household_head", facts.full_name), ("address", facts.address)]
    elif kind == PaperKind.DEATH_NOTICE:
        fields = [
            ("deceased_name", facts.father_name or "Nguyễn Văn Tâm"),
            ("death_date", dmy(today - timedelta(days=3))),
            ("issued_by", f"Trạm y tế {facts.commune_name}"),
        ]
    elif kind == PaperKind.AUTHORISATION:
        fields.append(("agent_name", facts.spouse_name or "Nguyễn Văn Hùng"))
    else:
        fields.append(("content", title))
    return PaperSpec(
        kind=kind,
        key=key,
        title=title,
        issued_on=today - timedelta(days=30),
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


# --- the bundle -----------------------------------------------------------------------------


def _chosen_documents(procedure, rng, include_optional):
    for doc in procedure.required_documents:
        if kind_of(doc.key, doc.kind) == PaperKind.IDENTITY_CARD:
            continue  # the card is always in the bundle, added apart
        optional = (
            include_optional if include_optional is not None else rng.random() < 0.4
        )
        if doc.required or optional:
            yield doc


def _card_key(procedure) -> str:
    for doc in procedure.required_documents:
        if kind_of(doc.key, doc.kind) == PaperKind.IDENTITY_CARD:
            return doc.key
    return ""


def plan_bundle(
    procedure,
    facts: PersonFacts,
    *,
    today: date,
    seed,
    defects=(),
    database_birth_date: date | None = None,
    other: PersonFacts | None = None,
    old: OldNames | None = None,
    include_optional: bool | None = None,
) -> list[PaperSpec]:
    """The papers `facts`' citizen brings to the counter for `procedure`, defects applied."""
    rng = random.Random(f"bundle:{seed}")
    child = _child(facts, rng, today)
    papers = [identity_card(facts, _card_key(procedure))]
    for doc in _chosen_documents(procedure, rng, include_optional):
        papers.append(
            paper_for(doc, procedure, facts, child=child, rng=rng, today=today)
        )
    for defect in DEFECTS:
        if defect in defects:
            papers = APPLY[defect](
                papers,
                facts=facts,
                today=today,
                rng=rng,
                procedure=procedure,
                database_birth_date=database_birth_date,
                other=other,
                old=old,
                child=child,
            )
    return papers


def corrected_paper(spec: PaperSpec) -> PaperSpec:
    """The same paper brought again, put right (for a supplement)."""
    return replace(spec, missing_pages=[], defects=[], other_owner=False)


# --- defects --------------------------------------------------------------------------------


def _mark(spec: PaperSpec, defect: str) -> PaperSpec:
    return replace(spec, defects=[*spec.defects, defect])


def _expired_card(papers, *, today, rng, **_):
    card = papers[0]
    expiry = today - timedelta(days=rng.randint(30, 400))
    card = card.with_value("card_expiry_date", dmy(expiry))
    return [_mark(card, "expired_card"), *papers[1:]]


def _wrong_birth_date(born: date) -> date:
    if born.day <= 12 and born.day != born.month:
        return born.replace(month=born.day, day=born.month)
    return born + timedelta(days=-1 if born.day > 1 else 1)


def _birth_date_mismatch(papers, *, facts, database_birth_date, **_):
    if database_birth_date is not None and facts.birth_date != database_birth_date:
        wrong = facts.birth_date  # the world's own defect already makes them differ
    else:
        wrong = _wrong_birth_date(database_birth_date or facts.birth_date)
    result = []
    for spec in papers:
        if spec.value("birth_date") and not spec.other_owner:
            spec = _mark(
                spec.with_value("birth_date", dmy(wrong)), "birth_date_mismatch"
            )
        result.append(spec)
    return result


def _missing_page(papers, **_):
    index = next((i for i, p in enumerate(papers) if p.pages > 1), None)
    if index is None:
        index = 1 if len(papers) > 1 else 0
        papers[index] = replace(papers[index], pages=2)
    spec = papers[index]
    papers[index] = _mark(replace(spec, missing_pages=[spec.pages]), "missing_page")
    return papers


_OLD_KINDS = (
    PaperKind.BIRTH_EXTRACT,
    PaperKind.LAND_CERTIFICATE,
    PaperKind.MARRIAGE_CERTIFICATE,
    PaperKind.RESIDENCE_BOOK,
)


def _old_district(papers, *, facts, old, rng, **_):
    if old is None:
        return papers
    index = next(
        (i for i, p in enumerate(papers) if p.kind in _OLD_KINDS and not p.other_owner),
        None,
    )
    if index is None:
        papers.append(
            generic(facts, "so_ho_khau", PaperKind.RESIDENCE_BOOK, "Sổ hộ khẩu", REFORM)
        )
        index = len(papers) - 1
    spec = papers[index]
    issued = min(spec.issued_on or REFORM, REFORM) - timedelta(
        days=rng.randint(200, 3000)
    )
    spec = replace(spec, issued_on=issued)
    for name in ("address", "land_address"):
        if spec.value(name):
            spec = spec.with_value(name, _old_address(spec.value(name), old))
    for name in ("registered_by", "issued_by"):
        if spec.value(name):
            base = spec.value(name).removeprefix("UBND ").split(",")[0]
            spec = spec.with_value(name, _unit(base, issued, old))
    if spec.value("registration_date"):
        spec = spec.with_value("registration_date", dmy(issued))
    papers[index] = _mark(spec, "old_district")
    return papers


_PERSONAL = (
    PaperKind.BIRTH_EXTRACT,
    PaperKind.LAND_CERTIFICATE,
    PaperKind.MARRIAGE_CERTIFICATE,
)


def _someone_else(papers, *, other, procedure, rng, today, old, child, **_):
    if other is None:
        return papers
    index = next((i for i, p in enumerate(papers) if p.kind in _PERSONAL), None)
    if index is None:
        spec = birth_extract(other, "", old)
        papers.append(_mark(replace(spec, other_owner=True), "someone_else"))
        return papers
    spec = papers[index]
    doc = type("Doc", (), {"key": spec.key, "kind": "copy", "name_vi": spec.title})
    theirs = paper_for(
        doc, procedure, other, child=child, rng=rng, today=today, old=old
    )
    papers[index] = _mark(replace(theirs, other_owner=True), "someone_else")
    return papers


def _missing_paper(papers, **_):
    for index, spec in enumerate(papers):
        if index and spec.required and spec.kind != PaperKind.DECLARATION:
            return papers[:index] + papers[index + 1 :]
    return papers


APPLY = {
    "expired_card": _expired_card,
    "birth_date_mismatch": _birth_date_mismatch,
    "missing_page": _missing_page,
    "old_district": _old_district,
    "someone_else": _someone_else,
    "missing_paper": _missing_paper,
}
