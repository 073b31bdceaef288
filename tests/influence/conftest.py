"""Influence fixtures: alice's items, and helpers that write views, reactions and
follows on given days (rows are dated with a queryset update, as the feed writes them
with today's date)."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import UserFactory
from tremplin.api.services import create_token
from tremplin.feed import services as feed
from tremplin.feed.models import ItemView, Reaction
from tremplin.network.models import Follow
from tremplin.profiles.models import Profile


def today() -> date:
    return timezone.localdate()


def days_ago(n: int) -> date:
    return today() - timedelta(days=n)


def noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def view(item, viewer, day: date | None = None) -> None:
    ItemView.objects.get_or_create(item=item, viewer=viewer, day=day or today())


def react(user, item, day: date | None = None, kind: str = "like") -> Reaction:
    reaction = feed.react(user, item, kind)
    if day is not None:
        Reaction.objects.filter(pk=reaction.pk).update(created=noon(day))
    return reaction


def follow(follower, person, day: date | None = None) -> Follow:
    from tremplin.network.services import follow as do_follow

    made = do_follow(follower, person=person)
    if day is not None:
        Follow.objects.filter(pk=made.pk).update(created=noon(day))
    return made


def member(name: str, region: str = "", sector: str = "", basics: str = "members"):
    user = UserFactory(name=name)
    Profile.objects.filter(user=user).update(region=region, sector=sector, basics_visibility=basics)
    return user


def members(prefix: str, n: int, **kwargs) -> list:
    return [member(f"{prefix} {i}", **kwargs) for i in range(n)]


@pytest.fixture
def post(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return feed.publish_post(
            personas.alice, "Mon premier billet sur l'emploi", audience="public"
        )


@pytest.fixture
def article(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return feed.create_article(
            personas.alice,
            "Réussir son entrevue",
            "Trois conseils.",
            audience="members",
            publish=True,
        )


class Api:
    """GET /api/v1/influence/... with one member's read token (or none)."""

    base = "/api/v1/influence"

    def __init__(self, user=None):
        self.client = Client()
        self.headers = {}
        if user is not None:
            _token, raw = create_token(user, "tests", can_write=False)
            self.headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    def get(self, url, **extra):
        response = self.client.get(self.base + url, **self.headers, **extra)
        response.data = json.loads(response.content)  # type: ignore[attr-defined]
        return response
