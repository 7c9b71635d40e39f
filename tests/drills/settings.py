"""Test settings for drills until the lead installs the app: the suite's settings plus
scenarios.drills, its URLs and its WebSocket routes."""

import os

from tests.settings import *  # noqa: F403
from tests.settings import BASE_DIR, DATABASES, INSTALLED_APPS

if "scenarios.drills" not in INSTALLED_APPS:  # until the project installs the app
    INSTALLED_APPS = [
        *INSTALLED_APPS[: INSTALLED_APPS.index("scenarios") + 1],
        "scenarios.drills",
        *INSTALLED_APPS[INSTALLED_APPS.index("scenarios") + 1 :],
    ]
    ROOT_URLCONF = "tests.drills.urls"
    ASGI_APPLICATION = "tests.drills.asgi.application"
# Fast feeds in tests: the dashboard is polled and pushed without waiting.
DRILL_DASHBOARD_POLL = 0.05
DRILL_DASHBOARD_INTERVAL = 0.05

if os.environ.get("DRILLS_REUSE_DB") and DATABASES["default"]["ENGINE"].endswith(
    "sqlite3"
):
    # A fixed file so that --reuse-db works while developing (the suite's name is per pid).
    DATABASES["default"]["TEST"] = {
        "NAME": str(BASE_DIR / "var" / "test-db-drills.sqlite3")
    }
