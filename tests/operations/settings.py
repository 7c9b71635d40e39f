"""Test settings with the operations app installed, whether or not the project's settings
already list it (they do once the lead has merged it); also a fixed SQLite test file so that
--reuse-db works for this lane.

Run: .venv/bin/python -m pytest --ds=tests.operations.settings tests/operations
"""

from tests.settings import *  # noqa: F403
from tests.settings import BASE_DIR, DATABASES, INSTALLED_APPS, MIDDLEWARE

INSTALLED_APPS = list(INSTALLED_APPS)
if "sandbox.operations" not in INSTALLED_APPS:
    INSTALLED_APPS.insert(INSTALLED_APPS.index("sandbox") + 1, "sandbox.operations")

MIDDLEWARE = list(MIDDLEWARE)
if "sandbox.operations.logs.RequestIdMiddleware" not in MIDDLEWARE:
    MIDDLEWARE.insert(0, "sandbox.operations.logs.RequestIdMiddleware")
if "sandbox.operations.middleware.PasswordChangeRequiredMiddleware" not in MIDDLEWARE:
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
        "sandbox.operations.middleware.PasswordChangeRequiredMiddleware",
    )

ROOT_URLCONF = "tests.operations.urls"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A fixed name for this lane, so that --reuse-db can skip the 200 migrations.
    DATABASES["default"]["TEST"] = {
        "NAME": str(BASE_DIR / "var" / "test-db-operations.sqlite3")
    }
