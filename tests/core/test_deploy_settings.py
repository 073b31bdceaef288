"""Production settings, checked in a fresh interpreter (where pytest is not imported,
so settings.TESTING is false): `check --deploy` is clean, demo mode is reported, and a
mistyped environment stops start-up with a message naming the variable."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

# Both databases: settings read DATABASE_URL and REDIS_URL: each database's branch.
pytestmark = pytest.mark.both_databases

ROOT = Path(__file__).resolve().parents[2]
# Variables of the developer's or CI's shell that would change what is checked.
_DROPPED_PREFIXES = ("TREMPLIN_", "DJANGO_", "PYTEST", "SECURE_", "SESSION_", "CSRF_")
_DROPPED = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_BACKEND", "SITE_URL"}


def production_env(tmp_path, **overrides: str | None) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in _DROPPED and not key.startswith(_DROPPED_PREFIXES)
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="tremplin.example",
        TREMPLIN_HTTPS="1",
        TREMPLIN_VAR_DIR=str(tmp_path / "var"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def check_deploy(env):
    return run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)


def import_settings(env):
    return run(["-c", "import tremplin.settings"], env)


def test_production_settings_pass_check_deploy_without_a_warning(tmp_path):
    result = check_deploy(production_env(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert "WARNING" not in output
    assert "System check identified no issues" in output


def test_check_deploy_reports_demo_mode(tmp_path):
    result = check_deploy(production_env(tmp_path, TREMPLIN_DEMO_MODE="1"))

    assert result.returncode != 0
    assert "tremplin.W001" in result.stdout + result.stderr


def test_the_subprocess_really_runs_production_settings(tmp_path):
    """Guard for the tests above: the child must not think it is under pytest."""
    code = (
        "from django.conf import settings as s; import django; django.setup(); "
        "print(s.TESTING, s.DEBUG, s.SESSION_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.TREMPLIN_ENFORCE_MFA, s.PASSWORD_HASHERS[0].rsplit('.', 1)[-1])"
    )
    env = production_env(tmp_path, DJANGO_SETTINGS_MODULE="tremplin.settings")

    result = run(["-c", code], env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "False",
        "True",
        "True",
        "True",
        "Argon2PasswordHasher",
    ]


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off(tmp_path):
    result = import_settings(production_env(tmp_path, SECRET_KEY=None))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr


def test_an_empty_secret_key_is_refused_too(tmp_path):
    result = import_settings(production_env(tmp_path, SECRET_KEY=""))

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEBUG", "maybe"),
        ("TREMPLIN_HTTPS", "sure"),
        ("TREMPLIN_DEMO_MODE", "2"),
        ("EMAIL_PORT", "twenty-five"),
        ("EMAIL_PORT", "0"),
        ("SECURE_HSTS_SECONDS", "-1"),
        ("DATABASE_URL", "mysql://db/tremplin"),
        ("REDIS_URL", "http://cache:6379"),
        ("SITE_URL", "tremplin.example"),
    ],
)
def test_it_refuses_a_mistyped_value_naming_the_variable(tmp_path, name, value):
    result = import_settings(production_env(tmp_path, **{name: value}))

    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured")
    assert name in last_line
    assert repr(value) in last_line or value in last_line


def test_it_refuses_to_start_without_allowed_hosts_in_production(tmp_path):
    result = import_settings(production_env(tmp_path, ALLOWED_HOSTS=None))

    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_cookies_carry_the_host_prefix(tmp_path):
    code = (
        "from django.conf import settings as s; import django; django.setup(); "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_PATH, s.SESSION_COOKIE_DOMAIN)"
    )
    env = production_env(tmp_path, DJANGO_SETTINGS_MODULE="tremplin.settings")

    result = run(["-c", code], env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "__Host-sessionid", "__Host-csrftoken", "True", "True", "/", "None",
    ]  # fmt: skip
