from __future__ import annotations

import pytest

from tremplin.network.hooks import CONNECTION_REQUEST
from tremplin.notifications.models import Delivery, Preference
from tremplin.notifications.services import notify


@pytest.fixture(autouse=True)
def _in_memory_layer(settings):
    # Unit tests push to the in-memory layer whatever REDIS_URL says (the two-process
    # test uses Redis on purpose, in its own server processes).
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


@pytest.fixture
def make(django_capture_on_commit_callbacks):
    """notify() inside a transaction, with its after-commit delivery run."""

    def create(recipient, kind=CONNECTION_REQUEST, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return notify(recipient, kind, **kwargs)

    return create


@pytest.fixture
def made_but_not_delivered(django_capture_on_commit_callbacks):
    """notify() whose after-commit delivery never runs: a lost task, or a worker that
    died before it started."""

    def create(recipient, kind=CONNECTION_REQUEST, **kwargs):
        with django_capture_on_commit_callbacks(execute=False):
            return notify(recipient, kind, **kwargs)

    return create


def choose(user, kind, delivery: Delivery) -> None:
    Preference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})
