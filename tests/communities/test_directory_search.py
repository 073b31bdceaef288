"""The directory: who sees which communities listed (pages and API), search folded
without accents, filters, orders, pages, the viewer's status, suggestions and the
sitemap of public communities."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.accounts.helpers import sign_in
from tests.communities.directory_world import Api, build, join, make_community
from tests.factories import UserFactory
from tremplin.communities.models import Community, MembershipStatus
from tremplin.communities.queries import directory as queries
from tremplin.network.models import Connection
from tremplin.profiles.models import Profile, Skill

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    return build(personas)


def page_of(user, query: str = "", lang: str = "fr"):
    client = Client()
    if user is not None:
        sign_in(client, user)
    return client.get(f"/{lang}/communities/{query}")


def names(response) -> str:
    return response.content.decode()


def slugs(viewer, **search) -> set[str]:
    page = queries.directory_page(viewer, queries.Search(**search))
    return {c.slug for c in page.communities}


# ------------------------------------------------------------------ who sees what


def test_each_persona_sees_exactly_what_the_rule_lists(world):
    everyone_signed_in = {"sante", "techno", "prive"}
    assert slugs(None) == {"sante"}  # visitors and search engines: public only
    assert slugs(world.carol) == everyone_signed_in  # a stranger
    assert slugs(world.bob) == everyone_signed_in  # a member: not the secret one here
    assert slugs(world.pat) == everyone_signed_in  # pending
    assert slugs(world.mallory) == everyone_signed_in  # a site moderator: no more
    assert slugs(world.alice) == everyone_signed_in  # the owner and moderator too
    # Banned: the private one disappears, the secret one was never listed.
    assert slugs(world.bruno) == {"sante", "techno"}


def test_the_page_lists_the_same_and_never_a_secret_community(world):
    anonymous = names(page_of(None))
    assert "Métiers de la santé" in anonymous
    assert "Techno Montréal" not in anonymous and "Cercle privé" not in anonymous
    for user in (world.alice, world.bob, world.carol, world.bruno):
        html = names(page_of(user))
        assert "Groupe secret" not in html
        assert "Techno Montréal" in html
    assert "Cercle privé" not in names(page_of(world.bruno))


def test_the_api_lists_the_same(world):
    assert [c["slug"] for c in Api().get("/communities/directory").json()["results"]] == ["sante"]
    found = Api(world.bruno).get("/communities/directory").json()["results"]
    assert {c["slug"] for c in found} == {"sante", "techno"}
    mine = Api(world.bob).get("/communities/directory?visibility=private").json()["results"]
    assert [(c["slug"], c["my_status"]) for c in mine] == [("prive", "active")]


def test_an_archived_community_is_not_listed(world):
    Community.objects.filter(pk=world.members.pk).update(archived=timezone.now())
    assert "techno" not in slugs(world.bob)


# ------------------------------------------------------------------ search and filters


def test_search_ignores_case_and_accents(world):
    assert slugs(world.carol, q="SANTE") == {"sante"}
    assert slugs(world.carol, q="métiers santé") == {"sante"}
    assert slugs(world.carol, q="infirmieres") == {"sante"}  # in the description
    assert slugs(world.carol, q="santé inconnu") == set()  # every word must match


def test_filters_topic_region_language_visibility_official(world):
    assert slugs(world.carol, topic="Informatique") == {"techno"}
    assert slugs(world.carol, region="QC") == {"sante", "techno"}
    assert slugs(world.carol, region="ON") == {"prive"}
    make_community(name_en="English only", slug="english", languages="en")
    assert "english" in slugs(world.carol, language="en")
    assert "english" not in slugs(world.carol, language="fr")
    assert slugs(world.carol, visibility="members") == {"techno"}
    assert slugs(world.carol, visibility="secret") == {"sante", "techno", "prive", "english"}
    assert slugs(world.carol, official=True) == {"sante"}


def test_orders_and_pages(world):
    Community.objects.filter(pk=world.private.pk).update(member_count=50)
    Community.objects.filter(pk=world.members.pk).update(
        last_activity=timezone.now() + timedelta(hours=1)
    )
    order = lambda how: [  # noqa: E731
        c.slug for c in queries.directory_page(world.carol, queries.Search(order=how)).communities
    ]
    assert order("largest")[0] == "prive"
    assert order("active")[0] == "techno"
    newest = make_community("Tout neuf", slug="neuf")
    assert order("newest")[0] == newest.slug
    for n in range(queries.DIRECTORY_PAGE):
        make_community(f"Groupe {n}", slug=f"groupe-{n}")
    first = queries.directory_page(world.carol, queries.Search())
    second = queries.directory_page(world.carol, queries.Search(page=2))
    assert first.has_next and not second.has_next and second.has_previous
    assert len(first.communities) == queries.DIRECTORY_PAGE
    assert not {c.pk for c in first.communities} & {c.pk for c in second.communities}


def test_the_page_searches_and_keeps_bad_input_without_an_error(world):
    response = page_of(world.carol, "?q=sant%C3%A9&region=QC&order=active&official=on")
    assert response.status_code == 200
    html = names(response)
    assert "Métiers de la santé" in html and "Techno Montréal" not in html
    assert 'value="santé"' in html  # the words stay in the box
    weird = page_of(world.carol, "?q=a%00b&region=XX&order=nope&page=-3&visibility=secret")
    assert weird.status_code == 200
    assert "Techno Montréal" in names(weird)  # bad filters are dropped, not a 500


def test_the_api_refuses_bad_filters_with_422(world):
    api = Api(world.carol)
    assert api.get("/communities/directory?q=a%00b").status_code == 422
    assert api.get("/communities/directory?region=XX").status_code == 422
    assert api.get("/communities/directory?order=nope").status_code == 422
    assert api.get("/communities/directory?page=0").status_code == 422
    found = api.get("/communities/directory?topic=soins&official=true").json()
    assert [c["slug"] for c in found["results"]] == ["sante"]
    card = found["results"][0]
    assert card["official"]["slug"] == "agence-horizon"
    assert card["topics"] == ["santé", "soins"] and card["my_status"] is None


def test_cards_show_the_badge_the_count_and_my_status(world):
    html = names(page_of(world.pat, lang="en"))
    assert "Official — Agence Horizon" in html
    assert "Asked to join" in html
    assert "Health careers" in html  # the English name on /en/
    assert "Métiers de la santé" in names(page_of(world.pat))


def test_kept_cards_carry_their_own_reader_status_and_the_latest_values(world):
    """The result cards are kept rendered per language and per value shown
    (views.directory.cards_html): Pat's "Asked to join" never reaches Carol, and a
    change to a community shows at once."""
    from tremplin.communities.models import Community
    from tremplin.communities.views import directory as view

    view._kept_cards.clear()
    assert "Asked to join" in names(page_of(world.pat, lang="en"))
    carol = names(page_of(world.carol, lang="en"))
    assert "Health careers" in carol and "Asked to join" not in carol
    Community.objects.filter(slug="sante").update(name_en="Careers in health")
    carol = names(page_of(world.carol, lang="en"))
    assert "Careers in health" in carol and "Health careers" not in carol


# ------------------------------------------------------------------ suggestions


def test_suggestions_from_connections_region_sector_and_skills(world):
    dan = UserFactory(email="dan@example.org", name="Dan Nouveau")
    Connection.objects.create(user_low=min(dan, world.bob, key=lambda u: u.pk),
                              user_high=max(dan, world.bob, key=lambda u: u.pk))  # fmt: skip
    Profile.objects.filter(user=dan).update(region="ON", sector="it")
    profile = Profile.objects.get(user=dan)
    Skill.objects.create(profile=profile, name="Mentorat")
    make_community("Réseau TI", slug="reseau-ti", sector="it")
    found = {s.community.slug: s for s in queries.suggestions(dan)}
    # bob (a connection) is in sante, techno and prive; secret is never suggested.
    assert set(found) == {"sante", "techno", "prive", "reseau-ti"}
    assert found["prive"].connections == 1 and found["prive"].region
    assert found["prive"].skills == ["mentorat"]
    assert found["reseau-ti"].sector and not found["reseau-ti"].connections
    # The best match first: a connection, the region and a skill.
    assert queries.suggestions(dan)[0].community.slug == "prive"


def test_suggestions_leave_out_my_communities_and_bans(world):
    Profile.objects.filter(user=world.bruno).update(region="QC")
    assert {s.community.slug for s in queries.suggestions(world.bruno)} == set()
    Profile.objects.filter(user=world.carol).update(region="QC")
    assert {s.community.slug for s in queries.suggestions(world.carol)} == {"sante", "techno"}
    join(world.public, world.carol, status=MembershipStatus.LEFT)
    assert {s.community.slug for s in queries.suggestions(world.carol)} == {"techno"}
    assert queries.suggestions(None) == []


def test_suggestions_on_the_page_and_in_the_api(world):
    Profile.objects.filter(user=world.carol).update(region="QC")
    html = names(page_of(world.carol, lang="en"))
    assert "Communities for you" in html and "In your province or territory." in html
    assert "Communities for you" not in names(page_of(world.carol, "?q=sante", lang="en"))
    found = Api(world.carol).get("/communities/directory/suggestions").json()
    assert {s["community"]["slug"] for s in found} == {"sante", "techno"}
    assert Api().get("/communities/directory/suggestions").status_code == 401


# ------------------------------------------------------------------ search engines


def test_the_sitemap_lists_public_communities_only(world):
    body = Client().get("/fr/communities/sitemap.xml").content.decode()
    assert "/communities/sante/" in body or "/communities/sante/posts/" in body
    for slug in ("techno", "prive", "secret"):
        assert f"/communities/{slug}/" not in body
    Community.objects.filter(pk=world.public.pk).update(visibility="private")
    assert "sante" not in Client().get("/fr/communities/sitemap.xml").content.decode()
