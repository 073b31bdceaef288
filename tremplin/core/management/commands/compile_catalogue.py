"""Compile the project's catalogues (locale/*/LC_MESSAGES/*.po) and those an app brings
in its own folder (<app>/locale/...) to .mo with polib, so `make run` needs no GNU
gettext on the machine (compilemessages does)."""

from pathlib import Path
from typing import Any

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the translation catalogues (no GNU gettext needed)."

    def handle(self, *args: Any, **options: Any) -> None:
        app_dirs = [Path(config.path) / "locale" for config in apps.get_app_configs()]
        own = [d for d in app_dirs if d.is_dir() and Path(settings.BASE_DIR) in d.parents]
        for locale_dir in [*settings.LOCALE_PATHS, *own]:
            for po_path in Path(locale_dir).glob("*/LC_MESSAGES/*.po"):
                po = polib.pofile(str(po_path))
                po.save_as_mofile(str(po_path.with_suffix(".mo")))
                self.stdout.write(f"compiled {po_path} ({po.percent_translated()}% translated)")
