"""Settings come from the environment: a safe embedded default, and a strict production mode."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_SECRET = "p" * 20 + "-not-a-real-secret-but-long-enough-" + "q" * 20


def manage(*args, **env):
    base = {k: v for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "REDIS_URL", "STRIDE_ENV", "SECRET_KEY", "ALLOWED_HOSTS",
                         "DJANGO_SETTINGS_MODULE", "STRIDE_PG_DIR"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env},
        capture_output=True, text=True, timeout=60,
    )


def settings_value(expression, **env):
    code = f"from django.conf import settings; print({expression})"
    return manage("shell", "--no-imports", "-c", code, **env)


def test_with_nothing_set_it_runs_on_the_local_postgresql_with_eager_celery():
    # Only reads the settings: the demo's cluster need not be running.
    result = settings_value(
        "settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'], "
        "settings.DATABASES['default']['USER'], settings.DATABASES['default']['HOST'], "
        "settings.CELERY_TASK_ALWAYS_EAGER, settings.DEBUG"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"django.db.backends.postgresql stride stride {ROOT / 'var' / 'postgres' / 'run'} True True"
    )


@pytest.mark.e2e
def test_the_local_postgresql_script_starts_serves_and_stops_a_cluster():
    # A short path under /tmp: a unix socket's path may not exceed about 107 bytes.
    pg_dir = Path(tempfile.mkdtemp(prefix="pg"))
    script_env = {**os.environ, "STRIDE_PG_DIR": str(pg_dir)}

    def local_postgres(command):
        return subprocess.run([str(ROOT / "scripts" / "local_postgres.sh"), command],
                              env=script_env, capture_output=True, text=True, timeout=120)

    try:
        started = local_postgres("start")
        assert started.returncode == 0, started.stdout + started.stderr
        assert local_postgres("start").returncode == 0  # a second start changes nothing
        with psycopg.connect(host=str(pg_dir / "run"), dbname="stride", user="stride",
                             connect_timeout=5) as connection:
            assert connection.execute("SELECT 1").fetchone() == (1,)
        # With no DATABASE_URL, the settings follow STRIDE_PG_DIR to the same cluster.
        through_django = manage(
            "shell", "--no-imports", "-c",
            "from django.db import connection; connection.ensure_connection(); "
            "print(connection.settings_dict['HOST'])",
            STRIDE_PG_DIR=str(pg_dir),
        )
        assert through_django.returncode == 0, through_django.stderr
        assert through_django.stdout.strip() == str(pg_dir / "run")
        stopped = local_postgres("stop")
        assert stopped.returncode == 0, stopped.stderr
        status = local_postgres("status")
        assert status.stdout.strip() == "stopped" and status.returncode == 3
    finally:
        local_postgres("stop")
        shutil.rmtree(pg_dir, ignore_errors=True)


def test_database_and_redis_urls_select_postgresql_and_redis():
    result = settings_value(
        "settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER, "
        "settings.CELERY_BROKER_URL",
        DATABASE_URL="postgres://root@127.0.0.1:5432/stride", REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql False redis://127.0.0.1:6379/3"


def test_production_refuses_to_start_without_secret_key_or_hosts():
    no_secret = manage("check", STRIDE_ENV="production", ALLOWED_HOSTS="stride.example")
    assert no_secret.returncode != 0 and "SECRET_KEY" in no_secret.stderr
    no_hosts = manage("check", STRIDE_ENV="production", SECRET_KEY=PRODUCTION_SECRET)
    assert no_hosts.returncode != 0 and "ALLOWED_HOSTS" in no_hosts.stderr
    weak = manage("check", STRIDE_ENV="production", SECRET_KEY="short", ALLOWED_HOSTS="x.example")
    assert weak.returncode != 0 and "SECRET_KEY" in weak.stderr


def test_production_passes_the_deploy_check_cleanly():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        STRIDE_ENV="production", SECRET_KEY=PRODUCTION_SECRET, ALLOWED_HOSTS="stride.example",
        DATABASE_URL="postgres://root@127.0.0.1:5432/stride", REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_turns_debug_off_and_https_on():
    result = settings_value(
        "settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
        "settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS > 0",
        STRIDE_ENV="production", SECRET_KEY=PRODUCTION_SECRET, ALLOWED_HOSTS="stride.example",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False True True True True"


def test_production_refuses_to_start_without_redis():
    # Without Redis, login throttles would count per process and tasks would run in the request.
    result = settings_value(
        "settings.CELERY_TASK_ALWAYS_EAGER",
        STRIDE_ENV="production", SECRET_KEY=PRODUCTION_SECRET, ALLOWED_HOSTS="stride.example",
        DATABASE_URL="postgres://root@127.0.0.1:5432/stride",
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "STRIDE_ENV=production needs REDIS_URL" in result.stderr


def test_no_proxy_is_trusted_unless_configured():
    result = settings_value("settings.TRUSTED_PROXY_COUNT, settings.REST_FRAMEWORK['NUM_PROXIES']")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0 0"
    behind_two = settings_value("settings.REST_FRAMEWORK['NUM_PROXIES']", TRUSTED_PROXY_COUNT="2")
    assert behind_two.stdout.strip() == "2"
