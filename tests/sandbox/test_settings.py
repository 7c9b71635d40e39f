import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_SETTINGS_MODULE",
            "DB_PREPARE_THRESHOLD",
        }
    }
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
    )


def test_deploy_checks_pass_with_debug_off():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x" * 60 + "-production-like-secret-0123456789",
        ALLOWED_HOSTS="saban.example.test",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_debug_off_without_secret_key_refuses_to_start():
    result = _manage("check", DEBUG="0", ALLOWED_HOSTS="saban.example.test")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_off_without_allowed_hosts_refuses_to_start():
    result = _manage("check", DEBUG="0", SECRET_KEY="s" * 64)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_database_url_switches_to_postgresql():
    code = (
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CHANNEL_LAYERS['default']['BACKEND'], "
        "s.CACHES['default']['BACKEND'])"
    )
    result = _manage(
        "shell",
        "-c",
        code,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/saban",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-3:] == [
        "django.db.backends.postgresql",
        "channels_redis.core.RedisChannelLayer",
        "sandbox.cache.SharedRedisCache",
    ]


def test_docker_compose_names_the_production_services():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"postgres", "redis", "web", "worker"} <= set(services)
    for name in ("postgres", "redis", "web", "worker"):
        assert "healthcheck" in services[name], name
    assert "db_worker" in " ".join(services["worker"]["command"])
    assert services["web"]["environment"]["DATABASE_URL"].startswith("postgres://")
    assert services["web"]["environment"]["REDIS_URL"].startswith("redis://")
    assert any(v.startswith("pgdata:") for v in services["postgres"]["volumes"])
    assert "pgdata" in compose["volumes"]


def _database_options(**env):
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default'].get('OPTIONS'))",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_postgresql_binds_on_the_server_and_prepares_repeated_statements():
    url = "postgres://postgres@127.0.0.1:5432/saban_unused"
    options = _database_options(DATABASE_URL=url)
    assert "'server_side_binding': True" in options
    assert "'prepare_threshold': 5" in options
    # Behind a transaction-pooling PgBouncer: client-side binding, nothing prepared.
    assert _database_options(DATABASE_URL=url, DB_PREPARE_THRESHOLD="0") in (
        "None",
        "{}",
    )


def test_the_lanes_database_binds_as_its_back_end_should(db):
    from django.db import connection

    options = connection.settings_dict.get("OPTIONS", {})
    if connection.vendor != "postgresql":
        assert "server_side_binding" not in options  # SQLite takes no such option
        return
    assert options["server_side_binding"] is True
    with connection.cursor() as cursor:
        for _ in range(6):
            cursor.execute("SELECT %s::int", [1])
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone()[0] >= 1
