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
from dataclasses import replace
from datetime import date, timedelta

from fake_portal.counter.models import PaperKind
from fake_portal.counter.papers.builders import (
    birth_extract,
    generic,
    identity_card,
    make_child,
    old_address,
    paper_for,
    unit_name,
)
from fake_portal.counter.papers.facts import PersonFacts
from fake_portal.counter.papers.kinds import kind_of
from fake_portal.counter.papers.specs import REFORM, OldNames, PaperSpec, dmy

__all__ = [
    "DEFECTS",
    "REFORM",
    "OldNames",
    "PaperSpec",
    "corrected_paper",
    "plan_bundle",
]

DEFECTS = (
    "expired_card",
    "birth_date_mismatch",
    "missing_page",
    "someone_else",
    "old_district",
    "missing_paper",
)
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
    child = make_child(facts, rng, today)
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
            spec = spec.with_value(name, old_address(spec.value(name), old))
    for name in ("registered_by", "issued_by"):
        if spec.value(name):
            base = spec.value(name).removeprefix("UBND ").split(",")[0]
            spec = spec.with_value(name, unit_name(base, issued, old))
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
