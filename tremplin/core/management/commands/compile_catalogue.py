"""Compile the project's catalogues (locale/*/LC_MESSAGES/*.po) and those an app brings
in its own folder (<app>/locale/...) to .mo with polib, so `make run` needs no GNU
gettext on the machine (compilemessages does). A .mo newer than its .po is left as it
is (parsing the project's catalogue takes seconds); `--force` compiles every one."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the translation catalogues (no GNU gettext needed)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--force", action="store_true", help="Compile up-to-date ones too.")

    def handle(self, *args: Any, **options: Any) -> None:
        app_dirs = [Path(config.path) / "locale" for config in apps.get_app_configs()]
        # The project's apps only: the virtualenv (.venv, inside BASE_DIR) brings Django's
        # and allauth's catalogues already compiled (compiling them again took seconds).
        own = [
            d
            for d in app_dirs
            if d.is_dir()
            and Path(settings.BASE_DIR) in d.parents
            and "site-packages" not in d.parts
        ]
        for locale_dir in [*settings.LOCALE_PATHS, *own]:
            for po_path in Path(locale_dir).glob("*/LC_MESSAGES/*.po"):
                mo_path = po_path.with_suffix(".mo")
                fresh = mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime
                if fresh and not options["force"]:
                    continue
                po = polib.pofile(str(po_path))
                po.save_as_mofile(str(mo_path))
                self.stdout.write(f"compiled {po_path} ({po.percent_translated()}% translated)")
