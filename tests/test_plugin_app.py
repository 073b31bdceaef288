"""Adding an app is its folder and one line in INSTALLED_APPS.

tests/plugin_app is a small app (a notice board) that registers, from its own hooks.py,
a page, a menu entry, an API router, a notification kind with its sentences, a case-page
section and periodic work, and brings its French catalogue in its folder. A Django of
its own (tests.plugin_app.settings: Tremplin's settings plus that one line), on a fresh
SQLite database, shows each of them reaching the product (tests/plugin_app/check.py)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_an_app_plugs_in_with_its_folder_and_one_line(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.plugin_app.settings",
        "TREMPLIN_VAR_DIR": str(tmp_path),
        "TREMPLIN_TESTING": "1",
        "TREMPLIN_TASKS_IMMEDIATE": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'plugin.sqlite3'}",
    }
    env.pop("REDIS_URL", None)
    # Its catalogue is compiled as `make run` and `make test` compile every catalogue.
    compiled = subprocess.run(
        [sys.executable, "manage.py", "compile_catalogue"], cwd=ROOT, env=env, capture_output=True
    )
    assert compiled.returncode == 0, compiled.stderr
    done = subprocess.run(
        [sys.executable, "-m", "tests.plugin_app.check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines() == [
        "its migration: ok",
        "page and menu entry: ok",
        "API router and refusals: ok",
        "notification kind: ok",
        "case page section: ok",
        "periodic work: ok",
    ]
