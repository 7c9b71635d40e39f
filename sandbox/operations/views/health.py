from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from sandbox.checks import readiness
from sandbox.operations.health import check_worker


def _worker():
    try:
        check_worker()
    except Exception as exc:  # a probe reports every failure, whatever its kind
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    return {"ok": True}


@never_cache
def readyz(request):
    """Ready to serve: database, cache, channel layer and (when expected) the task worker."""
    results = readiness(connection, cache)
    results.setdefault("task_worker", _worker())
    status = 200 if all(r["ok"] for r in results.values()) else 503
    return JsonResponse({"ready": status == 200, "checks": results}, status=status)
