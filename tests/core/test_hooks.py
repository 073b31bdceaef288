"""What apps declare from their hooks.py reaches the product: routes, menu, periodic work."""

from django.test import Client
from django.urls import reverse

from tremplin.core import hooks


def test_every_app_with_pages_or_an_api_declared_them():
    declared = {r.app for r in hooks.routes}
    assert {"accounts", "profiles", "network", "feed", "jobs", "counselling"} <= declared
    assert reverse("jobs:list") == "/fr/jobs/"


def test_the_menu_is_the_declared_entries_in_order(db):
    from django.utils import translation

    anonymous = [e.label or e.template for e in hooks.navigation_for(False)]
    with translation.override("en"):
        assert [str(x) for x in anonymous[:3]] == ["People", "Organisations", "Jobs"]
    signed_in = [e.order for e in hooks.navigation_for(True)]
    assert signed_in == sorted(signed_in) and len(signed_in) > len(anonymous)
    page = Client().get("/en/people/").content.decode()
    assert page.index(">People<") < page.index(">Organisations<") < page.index(">Jobs<")


def test_a_registry_refuses_a_late_entry():
    import pytest

    with pytest.raises(RuntimeError):
        hooks.navigation.add(hooks.NavEntry(order=1, label="late", url_name="home"))


def test_periodic_work_runs_a_dotted_path_or_a_function():
    assert hooks.Periodic("x", lambda: 3)() == 3
    names = {p.name for p in hooks.periodic}
    assert {"notification sweeper", "daily digests", "job alerts catch-up"} <= names
