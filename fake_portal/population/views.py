"""The officials' view of the mock population database: search and person page.

Database values only: a data defect is never pointed out, the official has to notice
that the papers in front of them differ. Every look-up is audited (record_lookup).
"""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from fake_portal.population import actions
from fake_portal.population.forms import CitizenSearchForm
from fake_portal.population.generator.tables import old_province_names
from fake_portal.population.models import (
    BusinessHousehold,
    Citizen,
    CivilStatusRecord,
    LandParcel,
    SocialAllowance,
)
from fake_portal.population.papers import full_address
from sandbox.models import Sandbox, World
from sandbox.params import row_id

MAX_RESULTS = 50
SEARCH_FIELDS = ("id_number", "name", "birth_date")


def chosen_world(request):
    """`?world=<id>` (a ready world), else the world of the user's newest open sandbox,
    else the newest ready world of the user's province."""
    ready = World.objects.filter(status=World.Status.READY).select_related("province")
    raw = request.GET.get("world", "")
    if raw:
        if (pk := row_id(raw)) is None:
            raise Http404(_("Không tìm thấy thế giới mô phỏng."))
        return get_object_or_404(ready, pk=pk)
    # The world the official's dossiers come from, even if a newer one was generated since.
    practised = (
        Sandbox.objects.open()
        .filter(Q(owner=request.user) | Q(members=request.user))
        .filter(world__status=World.Status.READY)
        .order_by("-created_at")
        .values_list("world_id", flat=True)
        .first()
    )
    if practised is not None:
        return ready.get(pk=practised)
    profile = getattr(request.user, "profile", None)
    if profile is not None:
        world = (
            ready.filter(province_id=profile.province_id)
            .order_by("-generated_at")
            .first()
        )
        if world:
            return world
    return None


def _context_query(request, world):
    """Query string that keeps the world and dossier across pages."""
    params = []
    if request.GET.get("world") and world:
        params.append(f"world={world.pk}")
    dossier = request.GET.get("dossier", "")[:40]
    if dossier:
        from urllib.parse import quote

        params.append(f"dossier={quote(dossier)}")
    return "&".join(params)


@never_cache
@login_required
@permission_required("sandbox.use_back_office", raise_exception=True)
def search(request):
    world = chosen_world(request)
    # Submitted means the form's keys are there, even empty: then it says what is missing.
    submitted = any(f in request.GET for f in SEARCH_FIELDS)
    form = CitizenSearchForm(
        request.GET if submitted else None,
        initial={"dossier": request.GET.get("dossier", "")[:40]},
    )
    results = None
    if world and submitted and form.is_valid():
        data = form.cleaned_data
        qs = Citizen.objects.for_world(world).select_related("permanent_commune")
        if data["id_number"]:
            qs = qs.search(id_number=data["id_number"])
        else:
            qs = qs.search(name=data["name"], birth_date=data["birth_date"])
        results = list(qs.order_by("pk")[:MAX_RESULTS])
        actions.record_lookup(
            actor=request.user,
            world=world,
            dossier_code=data["dossier"],
            query={k: str(v) for k, v in data.items() if v and k != "dossier"},
            citizen=results[0] if len(results) == 1 else None,
            results=len(results),
        )
    return render(
        request,
        "population/citizen_search.html",
        {
            "world": world,
            "form": form,
            "results": results,
            "keep": _context_query(request, world),
            "dossier": request.GET.get("dossier", "")[:40],
        },
    )


def _records(citizen):
    civil = CivilStatusRecord.objects.filter(
        Q(subject=citizen) | Q(second_party=citizen)
    ).select_related("subject", "second_party", "registering_commune")
    land = LandParcel.objects.filter(
        Q(owner=citizen) | Q(co_owner=citizen)
    ).select_related("owner", "co_owner", "commune")
    return {
        "civil_records": civil.order_by("registration_date", "pk"),
        "land_parcels": land.order_by("pk"),
        "businesses": BusinessHousehold.objects.filter(owner=citizen).select_related(
            "commune"
        ),
        "allowances": SocialAllowance.objects.filter(beneficiary=citizen),
    }


@never_cache
@login_required
@permission_required("sandbox.use_back_office", raise_exception=True)
def citizen_detail(request, pk):
    world = chosen_world(request)
    citizen = get_object_or_404(
        Citizen.objects.select_related(
            "permanent_commune__province",
            "temporary_commune__province",
            "household",
            "father",
            "mother",
            "spouse",
        ),
        pk=pk,
        world__status=World.Status.READY,
    )
    if world is not None and citizen.world_id != world.pk:
        raise Http404(_("Công dân không thuộc thế giới mô phỏng đang dùng."))
    world = world or citizen.world
    actions.record_lookup(
        actor=request.user,
        world=world,
        dossier_code=request.GET.get("dossier", ""),
        query={"citizen": citizen.pk},
        citizen=citizen,
        results=1,
    )
    members = []
    if citizen.household_id:
        members = citizen.household.members.order_by("pk")
    context = {
        "world": world,
        "citizen": citizen,
        "members": members,
        "address": full_address(citizen),
        "temporary": (
            ", ".join(
                p
                for p in (
                    citizen.temporary_address,
                    citizen.temporary_commune.name,
                    citizen.temporary_commune.province.name,
                )
                if p
            )
            if citizen.temporary_commune_id
            else ""
        ),
        "birth_place": old_province_names().get(citizen.birth_place_code, ""),
        "keep": _context_query(request, world),
        **_records(citizen),
    }
    return render(request, "population/citizen_detail.html", context)


@never_cache
@login_required
def world_status(request, pk):
    """Progress of a world's generation, polled by the admin's progress bar."""
    if not request.user.is_staff:
        raise PermissionDenied
    world = get_object_or_404(World, pk=pk)
    return JsonResponse(
        {
            "status": world.status,
            "status_label": world.get_status_display(),
            "progress": world.progress,
            "citizens": world.citizens,
            "percent": world.progress_percent,
            "error": world.error,
        }
    )
