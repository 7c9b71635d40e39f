"""The one write path of the population app: worlds' generation and audited look-ups."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fake_portal.population.loader import (
    GenerationError,
    WorldLoader,
    check_recipe,
    delete_world_rows,
)
from fake_portal.population.models import Citizen, PopulationLookup, WorldRecipe
from sandbox.numbers import thousands


def _world_model():
    from sandbox.models import World

    return World


@transaction.atomic
def create_world(
    *,
    province_code: int,
    citizens: int,
    seed: int,
    name: str = "",
    defect_rates: dict | None = None,
    actor=None,
):
    """Register a pending world (recipe checked; an identical recipe is refused)."""
    from sandbox.models import Province

    check_recipe(province_code, citizens, seed=seed, defect_rates=defect_rates)
    World = _world_model()
    existing = World.objects.filter(
        province_id=province_code, seed=seed, citizens=citizens
    ).first()
    if existing:
        raise GenerationError(
            _(
                "Thế giới mô phỏng (tỉnh %(province)s, %(citizens)s công dân, hạt giống "
                "%(seed)s) đã tồn tại: “%(name)s”, trạng thái %(status)s."
            )
            % {
                "province": province_code,
                "citizens": citizens,
                "seed": seed,
                "name": existing.name,
                "status": existing.get_status_display(),
            }
        )
    province = Province.objects.get(pk=province_code)
    name = name or _("%(province)s – %(citizens)s công dân – hạt giống %(seed)s") % {
        "province": province.name,
        "citizens": thousands(citizens),
        "seed": seed,
    }
    try:
        with transaction.atomic():
            world = World.objects.create(
                name=name[:120], province=province, seed=seed, citizens=citizens
            )
    except IntegrityError as exc:  # a concurrent identical request won the race
        raise GenerationError(_("Thế giới mô phỏng này đã tồn tại.")) from exc
    WorldRecipe.objects.create(world=world, defect_rates=defect_rates or {})
    return world


def generate_world(world, *, actor=None, on_progress=None, chunk_size=None) -> str:
    """Generate and load a pending (or failed) world; returns its digest.

    Not @atomic on purpose: the loader manages its own transactions (see loader.py) so
    that progress is visible while it runs and a failure leaves nothing half-written.
    """
    World = _world_model()
    world = World.objects.get(pk=world.pk)
    if world.status in (World.Status.READY, World.Status.GENERATING):
        raise GenerationError(
            _("Thế giới “%(name)s” đã tồn tại với trạng thái %(status)s.")
            % {"name": world.name, "status": world.get_status_display()}
        )
    recipe = WorldRecipe.objects.filter(world=world).first()
    options = {"on_progress": on_progress}
    if chunk_size:
        options["chunk_size"] = chunk_size
    loader = WorldLoader(
        world, defect_rates=recipe.defect_rates if recipe else None, **options
    )
    return loader.run()


def delete_world(world, *, actor=None) -> None:
    """Delete a world and its population (a world used by a sandbox is protected)."""
    from sandbox.models import Sandbox

    if Sandbox.objects.filter(world=world).exists():
        raise GenerationError(
            _("Không thể xóa thế giới “%(name)s”: đang được sa bàn sử dụng.")
            % {"name": world.name}
        )
    delete_world_rows(world.pk)
    world.delete()


@transaction.atomic
def record_lookup(
    *,
    actor,
    query: dict,
    world=None,
    sandbox=None,
    dossier_code: str = "",
    citizen: Citizen | None = None,
    results: int = 0,
) -> PopulationLookup:
    """Log one look-up in the population database: who, when, for which dossier, what."""
    return PopulationLookup.objects.create(
        user=actor,
        world=world or (sandbox.world if sandbox else None),
        sandbox=sandbox,
        dossier_code=(dossier_code or "")[:40],
        query={k: v for k, v in query.items() if v not in (None, "")},
        citizen=citizen,
        results=results,
    )
