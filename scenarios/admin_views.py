"""Authoring in the Wagtail admin: edit with line-numbered errors, preview, history, import,
export. Every save is a new immutable version; attempts keep the version they ran."""

import yaml
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from scenarios import actions, planning
from scenarios.forms import ImportForm, SourceForm
from scenarios.library import LIBRARY_DIR
from scenarios.models import Scenario, ScenarioVersion
from scenarios.spec import SpecError

AUTHOR = "sandbox.author_scenarios"
STARTER = LIBRARY_DIR / "01-khai-sinh-truc-tuyen.yaml"


def _require_author(request):
    if not request.user.has_perm(AUTHOR):
        raise PermissionDenied


def index(request):
    _require_author(request)
    scenarios = Scenario.objects.with_current().annotate(
        attempts=Count("versions__attempts")
    )
    return render(
        request,
        "scenarios/admin/index.html",
        {"scenarios": scenarios, "import_form": ImportForm()},
    )


def _numbered(source: str, problems) -> list[dict]:
    bad = {p.line for p in problems}
    return [
        {"number": n, "text": line, "bad": n in bad}
        for n, line in enumerate(source.splitlines(), start=1)
    ]


def _editor(request, form, scenario=None, preview=None, status=200):
    problems = getattr(form, "problems", [])
    source = (
        form.data.get("source", "") if form.is_bound else form.initial.get("source", "")
    )
    return render(
        request,
        "scenarios/admin/edit.html",
        {
            "form": form,
            "scenario": scenario,
            "problems": problems,
            "numbered": _numbered(source, problems) if problems else [],
            "preview": preview,
        },
        status=status,
    )


def _save(request, form, scenario):
    current = scenario.current_id if scenario else None
    try:
        version = actions.save_version(
            form.cleaned_data["source"],
            actor=request.user,
            scenario=scenario,
            note=form.cleaned_data["note"],
            publish=form.cleaned_data["publish"],
        )
    except SpecError as error:
        form.problems = error.problems
        form.add_error("source", _("Không lưu được: %(error)s") % {"error": error})
        return _editor(request, form, scenario, status=400)
    if version.pk == current:
        text = _(
            "Nội dung giống phiên bản hiện hành %(number)s nên không tạo phiên bản mới; "
            "trạng thái: %(status)s."
        )
    else:
        text = _("Đã lưu phiên bản %(number)s của “%(title)s”; trạng thái: %(status)s.")
    version.scenario.refresh_from_db(fields=["status"])
    messages.success(
        request,
        text
        % {
            "number": version.number,
            "title": version.scenario.title,
            "status": version.scenario.get_status_display().lower(),
        },
    )
    return redirect("scenarios_admin:edit", pk=version.scenario_id)


def create(request):
    _require_author(request)
    if request.method == "POST":
        form = SourceForm(request.POST)
        if not form.is_valid():
            return _editor(request, form, status=400)
        if "preview" in request.POST:
            return _editor(request, form, preview=_preview(request, form.spec))
        if Scenario.objects.filter(slug=form.spec["slug"]).exists():
            form.add_error(
                "source",
                _("Đã có kịch bản mã “%(slug)s”.") % {"slug": form.spec["slug"]},
            )
            return _editor(request, form, status=400)
        return _save(request, form, None)
    form = SourceForm(
        initial={
            "source": STARTER.read_text(encoding="utf-8").replace(
                "slug: khai-sinh-truc-tuyen", "slug: kich-ban-moi"
            )
        }
    )
    return _editor(request, form)


def edit(request, pk):
    _require_author(request)
    scenario = get_object_or_404(Scenario.objects.with_current(), pk=pk)
    if request.method == "POST":
        form = SourceForm(request.POST)
        if not form.is_valid():
            return _editor(request, form, scenario, status=400)
        if "preview" in request.POST:
            return _editor(
                request, form, scenario, preview=_preview(request, form.spec)
            )
        return _save(request, form, scenario)
    form = SourceForm(
        initial={
            "source": scenario.current.source if scenario.current else "",
            "publish": scenario.status == Scenario.Status.PUBLISHED,
        }
    )
    return _editor(request, form, scenario)


def _preview_unit(spec, profile):
    if spec.get("unit", "trainee") != "trainee":
        return planning.resolve_unit(spec, None)
    if profile and profile.commune_id:
        return profile.commune
    if profile:
        return profile.province.communes.order_by("name").first()
    return None


def _preview(request, spec):
    """The dry run: dossiers, chosen applicants and timeline, nothing written."""
    profile = getattr(request.user, "profile", None)
    try:
        unit = _preview_unit(spec, profile)
        if unit is None:
            raise planning.PlanError(_("Tài khoản chưa có đơn vị để xem trước."))
        world = planning.find_world(planning.world_recipe(spec, profile))
        plan = planning.make_plan(
            spec,
            world=world,
            unit=unit,
            now=timezone.now(),
            salt=f"{spec['slug']}:preview",
        )
    except planning.PlanError as error:
        return {"error": str(error)}
    if world is not None:
        planning.describe_applicants(plan)
    return {"plan": plan, "timeline": plan.timeline(), "world": world}


def history(request, pk):
    _require_author(request)
    scenario = get_object_or_404(Scenario, pk=pk)
    versions = scenario.versions.select_related("created_by").annotate(
        attempt_count=Count("attempts")
    )
    return render(
        request,
        "scenarios/admin/history.html",
        {"scenario": scenario, "versions": versions},
    )


def version_detail(request, pk, number):
    _require_author(request)
    version = get_object_or_404(
        ScenarioVersion.objects.select_related("scenario"),
        scenario_id=pk,
        number=number,
    )
    if request.method == "POST":
        restored = actions.save_version(
            version.source,
            actor=request.user,
            scenario=version.scenario,
            note=_("Khôi phục từ phiên bản %(number)s") % {"number": number},
        )
        messages.success(
            request,
            _("Đã khôi phục thành phiên bản %(number)s.") % {"number": restored.number},
        )
        return redirect("scenarios_admin:history", pk=pk)
    return render(
        request,
        "scenarios/admin/version.html",
        {"version": version, "scenario": version.scenario},
    )


def export(request, pk, number=None):
    _require_author(request)
    scenario = get_object_or_404(Scenario.objects.with_current(), pk=pk)
    version = (
        scenario.current
        if number is None
        else get_object_or_404(scenario.versions, number=number)
    )
    if version is None:
        raise PermissionDenied
    response = HttpResponse(
        version.source, content_type="application/yaml; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{scenario.slug}-v{version.number}.yaml"'
    )
    return response


def import_file(request):
    _require_author(request)
    if request.method != "POST":
        return redirect("scenarios_admin:index")
    if "source" in request.POST:
        # The editor shown for a file with errors posts the corrected text back here.
        form = SourceForm(request.POST)
    else:
        upload = ImportForm(request.POST, request.FILES)
        if not upload.is_valid():
            for error in upload.errors.get("file", []):
                messages.error(request, error)
            return redirect("scenarios_admin:index")
        source = upload.cleaned_data["file"]
        form = SourceForm(
            {
                "source": source,
                "note": _("Nhập từ tệp"),
                "publish": "on" if _published(source) else "",
            }
        )
    if not form.is_valid():
        return _editor(request, form, status=400)
    if "preview" in request.POST:
        return _editor(request, form, preview=_preview(request, form.spec))
    existing = Scenario.objects.filter(slug=form.spec["slug"]).first()
    return _save(request, form, existing)


def _published(source: str) -> bool:
    """Whether the file is a new version of a published scenario, which it keeps published
    (read leniently: a file with errors still names its slug)."""
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError:
        return False
    slug = data.get("slug") if isinstance(data, dict) else None
    return (
        isinstance(slug, str)
        and Scenario.objects.filter(
            slug=slug, status=Scenario.Status.PUBLISHED
        ).exists()
    )
