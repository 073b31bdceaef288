"""Tremplin's settings plus one line: the notice board in INSTALLED_APPS."""

from tremplin.settings import *  # noqa: F403
from tremplin.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.plugin_app"]
