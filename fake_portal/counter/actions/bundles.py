"""Turning a planned bundle into Paper rows (called inside the arrival actions)."""

import random

from fake_portal.counter.models import Paper, PaperKind
from fake_portal.counter.papers.bundle import OldNames, plan_bundle
from fake_portal.counter.papers.facts import person_facts
from fake_portal.population.models import Citizen


def old_names(citizen: Citizen, seed) -> OldNames:
    """How the citizen's unit was named before July 2025 (district and old province)."""
    from fake_portal.population.generator.tables import province_data

    rng = random.Random(f"old:{seed}")
    commune = citizen.permanent_commune
    try:
        olds = province_data(commune.province_id)["old"]
    except KeyError:
        olds = []
    old = rng.choice(olds) if olds else {"name": f"Tỉnh {commune.province.name}"}
    districts = old.get("old_districts") or []
    # Without district data, a district named after the commune: synthetic but plausible.
    district = (
        rng.choice(districts)
        if districts
        else f"Huyện {commune.name.split(' ', 1)[-1]}"
    )
    return OldNames(district=district, province=old["name"])


def someone_else(citizen: Citizen, seed) -> Citizen | None:
    """Another adult of the world whose paper ends up in the bundle (a neighbour's, say)."""
    rng = random.Random(f"other:{seed}")
    others = (
        Citizen.objects.for_world(citizen.world_id)
        .filter(alive=True, birth_date__year__lte=2007)
        .exclude(pk=citizen.pk)
    )
    count = others.count()
    if not count:
        return None
    return others.order_by("pk")[rng.randrange(count)]


def plan_for(
    citizen: Citizen,
    procedure,
    *,
    today,
    seed,
    defects=(),
    include_optional=None,
    facts=None,
):
    """The bundle's specs with the people it concerns: (specs, other citizen or None)."""
    other = someone_else(citizen, seed) if "someone_else" in defects else None
    specs = plan_bundle(
        procedure,
        facts or person_facts(citizen),
        today=today,
        seed=seed,
        defects=defects,
        database_birth_date=citizen.birth_date,
        other=person_facts(other) if other else None,
        old=old_names(citizen, seed),
        include_optional=include_optional,
    )
    return specs, other


def create_papers(sandbox, specs, *, owner, other=None, **links) -> list[Paper]:
    """One Paper row per spec; `links` says whose bundle it is (walk_in, postal_item, dossier)."""
    return [
        Paper.objects.create(
            sandbox=sandbox,
            owner=other if spec.other_owner and other else owner,
            kind=spec.kind,
            key=spec.key,
            title=spec.title,
            pages=spec.pages,
            missing_pages=list(spec.missing_pages),
            fields=[[name, value] for name, value in spec.fields],
            issued_on=spec.issued_on,
            confidential=spec.confidential,
            defects=list(spec.defects),
            **links,
        )
        for spec in specs
    ]


def without_card(specs):
    return [s for s in specs if s.kind != PaperKind.IDENTITY_CARD]
