"""Test settings with the counter installed and mounted, until the lead adds it to the project.

Run: .venv/bin/python -m pytest -q tests/counter --ds=tests.counter.settings -m "not browser"
"""

import os

from tests.settings import *  # noqa: F403
from tests.settings import DATABASES, INSTALLED_APPS

# A fixed test database name (with --reuse-db) for quick local re-runs; off by default.
if os.environ.get("COUNTER_TEST_DB") and "TEST" in DATABASES["default"]:
    DATABASES["default"]["TEST"]["NAME"] = os.environ["COUNTER_TEST_DB"]

if "fake_portal.counter" not in INSTALLED_APPS:
    INSTALLED_APPS = [
        *INSTALLED_APPS[: INSTALLED_APPS.index("fake_portal")],
        "fake_portal.counter",
        *INSTALLED_APPS[INSTALLED_APPS.index("fake_portal") :],
    ]
ROOT_URLCONF = "tests.counter.urls"
