"""Run the ASGI server as a subprocess, on loopback, with production-like settings."""

import os
import socket
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from importlib import import_module
from pathlib import Path
from urllib.request import urlopen

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.test.utils import override_settings

from sandbox.auth import BACKEND

ROOT = Path(__file__).resolve().parents[2]
BENCH_SECRET_KEY = "bench-only-secret-key-" + "x" * 40
HOST = "127.0.0.1"


def session_cookie(user) -> str:
    """A signed-in session for `user`, stored where the server's settings read it and
    signed with the benchmark server's key (portal and drill load tools share it)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    with override_settings(SECRET_KEY=BENCH_SECRET_KEY):
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = BACKEND
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return session.session_key


def server_env(defaults=None, overrides=None) -> dict:
    """The environment of a benchmark's server: `defaults`, then the caller's environment,
    then production's DEBUG off and quiet logs, then `overrides`. Sessions for the load are
    signed with BENCH_SECRET_KEY, the server's key."""
    return {
        **(defaults or {}),
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": BENCH_SECRET_KEY,
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
        **(overrides or {}),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@contextmanager
def uvicorn_replica(
    port: int,
    env: dict,
    *,
    app: str = "sandbox.asgi:application",
    args=(),
    output=None,
    ready_within=60,
):
    """One uvicorn process of one worker serving `app` on 127.0.0.1:`port`, started
    with `env` (and the extra command-line `args`), ready when it yields the process;
    stopped at the end unless it died already (a benchmark may kill it).

    ServerFailed if it exits during start-up or is not ready within `ready_within` s.
    """
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        app,
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        "1",
        "--log-level",
        "warning",
        "--no-access-log",
        *args,
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=output, stderr=output and subprocess.STDOUT
    )
    try:
        _wait_ready(f"http://{HOST}:{port}/healthz", process, ready_within)
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@contextmanager
def asgi_replicas(
    replicas: int = 2, app: str = "sandbox.asgi:application", extra_env=None
):
    """`replicas` uvicorn processes of one worker each, each on its own loopback port, as
    the web replicas of docker-compose.yml; yields [(port, process id)].

    Not `uvicorn --workers N`: its workers share one listening socket, and whichever is
    awake accepts, so keep-alive connections opened together can all land on one worker
    (measured: 16 of 16, and half the throughput, in one run of three). The load spreads
    its connections over the ports instead, as the proxy spreads requests over replicas.

    The database and thread settings are docker-compose.yml's, unless the caller's
    environment or `extra_env` says otherwise (see server_env).
    """
    env = server_env(
        defaults={"DB_CONN_MAX_AGE": "60", "HTTP_CONCURRENCY": "4"},
        overrides=extra_env,
    )
    with ExitStack() as stack:
        ports = [free_port() for _ in range(replicas)]
        yield [
            (port, stack.enter_context(uvicorn_replica(port, env, app=app)).pid)
            for port in ports
        ]


class ServerFailed(RuntimeError):
    """A benchmark's ASGI server exited during start-up or did not become ready."""


def _wait_ready(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerFailed("the ASGI server exited during start-up")
        try:
            with urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise ServerFailed("the ASGI server did not become ready")
