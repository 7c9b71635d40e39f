"""The real settings plus the drills app, for servers started by bench_drill (and by hand)
until the lead installs the app in sandbox/settings.py, sandbox/urls.py and routing."""

from sandbox.settings import *  # noqa: F403
from sandbox.settings import INSTALLED_APPS

if "scenarios.drills" not in INSTALLED_APPS:
    INSTALLED_APPS = [
        *INSTALLED_APPS[: INSTALLED_APPS.index("scenarios") + 1],
        "scenarios.drills",
        *INSTALLED_APPS[INSTALLED_APPS.index("scenarios") + 1 :],
    ]
    ROOT_URLCONF = "tests.drills.urls"
    ASGI_APPLICATION = "tests.drills.asgi.application"
