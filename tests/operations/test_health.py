"""/readyz with the task worker's heartbeat, failing when a dependency is down; JSON logs."""

import io
import json
import logging
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from sandbox.checks import readiness
from sandbox.operations.logs import JsonFormatter, RequestIdFilter
from sandbox.operations.models import PeriodicRun, WorkerHeartbeat

pytestmark = pytest.mark.django_db


def test_ready_when_everything_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    assert set(response.json()["checks"]) >= {
        "database",
        "cache",
        "channel_layer",
        "task_worker",
    }
    assert client.get("/healthz").content == b"ok"


def test_not_ready_when_the_expected_worker_never_beat_then_ready_once_it_does(
    client, settings
):
    settings.OPERATIONS_EXPECT_WORKER = True
    response = client.get("/readyz")
    assert response.status_code == 503
    assert (
        "no task worker heartbeat" in response.json()["checks"]["task_worker"]["error"]
    )
    out = io.StringIO()
    call_command(
        "run_periodic", "--once", stdout=out
    )  # the test backend runs jobs at once
    assert "enqueued worker_heartbeat" in out.getvalue()
    assert client.get("/readyz").status_code == 200
    # A stopped worker: the last beat grows old.
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - timedelta(minutes=10))
    response = client.get("/readyz")
    assert (
        response.status_code == 503
        and "600 s ago" in response.json()["checks"]["task_worker"]["error"]
    )


def test_the_scheduler_enqueues_each_job_once_per_period():
    from sandbox.operations import periodic

    now = timezone.now()
    first = periodic.run_due(now)
    assert set(first) == {
        "worker_heartbeat",
        "purge_idle_sandboxes",
        "clear_expired_sessions",
        "recover_imports",
    }
    assert periodic.run_due(now + timedelta(seconds=30)) == []
    assert periodic.run_due(now + timedelta(minutes=2)) == ["worker_heartbeat"]
    assert PeriodicRun.objects.count() == 4


def test_not_ready_when_the_database_is_down():
    broken = connections.create_connection("default")
    settings_dict = dict(broken.settings_dict)
    if broken.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent-directory/sa-ban.sqlite3"
    else:
        settings_dict["PORT"] = "1"
    broken.settings_dict = settings_dict
    try:
        results = readiness(broken, cache)
    finally:
        broken.close()
    assert not results["database"]["ok"] and results["cache"]["ok"]


def test_readyz_fails_when_redis_is_down(client, settings):
    dead = "redis://127.0.0.1:1/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": dead,
        }
    }
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [{"address": dead, "socket_connect_timeout": 1}]},
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert not checks["cache"]["ok"] and not checks["channel_layer"]["ok"]
    assert checks["database"]["ok"]


def _capture(logger_name):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return stream, lambda: logger.removeHandler(handler)


def test_every_request_gets_an_id_in_its_json_log_line(client, commune_officer):
    stream, detach = _capture("saban.request")
    try:
        client.force_login(commune_officer)
        response = client.get("/healthz")
        given = client.get("/healthz", HTTP_X_REQUEST_ID="caddy-0123456789abcdef")
        forged = client.get("/healthz", HTTP_X_REQUEST_ID="<script>")
    finally:
        detach()
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert (
        lines[0]["request_id"] == response["X-Request-ID"]
        and len(response["X-Request-ID"]) == 32
    )
    assert lines[0] | {"method": "GET", "path": "/healthz", "status": 200} == lines[0]
    assert lines[0]["user_id"] == commune_officer.pk and lines[0]["level"] == "INFO"
    assert given["X-Request-ID"] == "caddy-0123456789abcdef"
    assert lines[1]["request_id"] == "caddy-0123456789abcdef"
    assert forged["X-Request-ID"] != "<script>"


def test_json_formatter_keeps_tracebacks_and_vietnamese():
    formatter = JsonFormatter()
    try:
        raise ValueError("hỏng")
    except ValueError:
        import sys

        record = logging.getLogger("x").makeRecord(
            "x", logging.ERROR, __file__, 1, "Lỗi khi nhập %s", ("tệp",), sys.exc_info()
        )
    RequestIdFilter().filter(record)
    entry = json.loads(formatter.format(record))
    assert entry["message"] == "Lỗi khi nhập tệp" and entry["request_id"] == "-"
    assert "ValueError: hỏng" in entry["exception"]
