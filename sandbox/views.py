from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from sandbox.checks import readiness
from sandbox.models import Commune, Role
from sandbox.panels import panels_for


@login_required
def dashboard(request):
    profile = getattr(request.user, "profile", None)
    return render(
        request,
        "sandbox/dashboard.html",
        {"profile": profile, "panels": panels_for(request.user, profile)},
    )


@login_required
def commune_detail(request, code):
    commune = get_object_or_404(Commune.objects.select_related("province"), pk=code)
    profile = getattr(request.user, "profile", None)
    allowed = request.user.is_superuser or (
        profile and profile.can_open_commune(commune)
    )
    if not allowed:
        raise PermissionDenied(_("Bạn không có quyền xem trang của đơn vị này."))
    officials = commune.profiles.select_related("user").order_by("full_name")
    return render(
        request,
        "sandbox/commune_detail.html",
        {
            "commune": commune,
            "officials": officials,
            "is_trainee": profile and profile.role == Role.TRAINEE,
        },
    )


@never_cache
def healthz(request):
    """The process is alive; says nothing about its dependencies."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request):
    """Ready to serve: the database, the cache and the channel layer answer."""
    results = readiness(connection, cache)
    status = 200 if all(r["ok"] for r in results.values()) else 503
    return JsonResponse({"ready": status == 200, "checks": results}, status=status)


def _error(request, template, status, message=""):
    response = render(request, template, {"message": message}, status=status)
    return response


def bad_request(request, exception=None):
    return _error(request, "400.html", 400)


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else ""
    return _error(request, "403.html", 403, message)


def page_not_found(request, exception=None):
    return _error(request, "404.html", 404)


@requires_csrf_token
def server_error(request):
    # No context processors or database: the failure may be theirs.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
