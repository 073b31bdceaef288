"""The profile page's reads are compiled once per process with stand-in values
(tremplin.core.compiled): run with each persona's values, each must give exactly what
its freshly built queryset gives (the profile and its sections as `for_display`
prefetches them, the recommendations, the buttons' relation, the owner's articles, and
the viewer's blocks and connections)."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.personas import VIEWERS, viewer_of
from tremplin.core.audience import Audience
from tremplin.feed import queries as feed_queries
from tremplin.feed import services as feed
from tremplin.feed.models import owner_audiences
from tremplin.network import queries as network_queries
from tremplin.network import relations
from tremplin.network.models import Block, ConnectionRequest, Follow, Mute
from tremplin.profiles import queries
from tremplin.profiles.models import (
    Education,
    Endorsement,
    Experience,
    LanguageSkill,
    Profile,
    Recommendation,
    RecommendationStatus,
    Skill,
)


@pytest.fixture
def alice_filled(personas):
    """alice's profile with every section filled in, open to the public; a skill endorsed
    by bob; an approved and a pending recommendation; requests, follows, mutes, blocks
    and articles around her."""
    profile = personas.alice.profile
    profile.basics_visibility = Audience.PUBLIC
    profile.about = "À propos"
    profile.save()
    for year in (2018, 2021):
        Experience.objects.create(
            profile=profile, title=f"Poste {year}", organization_name="Atelier",
            start=date(year, 1, 1),
        )  # fmt: skip
    Education.objects.create(profile=profile, school="Cégep", program="DEC", start_year=2012)
    LanguageSkill.objects.create(profile=profile, language="Français", level="native")
    welding = Skill.objects.create(profile=profile, name="Soudure")
    Skill.objects.create(profile=profile, name="Lecture de plans")
    Endorsement.objects.create(skill=welding, endorser=personas.bob)
    Recommendation.objects.create(
        author=personas.bob, recipient=personas.alice, relationship="Collègue",
        text="Excellente", status=RecommendationStatus.APPROVED,
    )  # fmt: skip
    Recommendation.objects.create(
        author=personas.carol, recipient=personas.alice, relationship="Voisine",
        text="En attente", status=RecommendationStatus.PENDING,
    )  # fmt: skip
    ConnectionRequest.objects.create(from_user=personas.carol, to_user=personas.alice)
    ConnectionRequest.objects.create(from_user=personas.alice, to_user=personas.erin, note="Hé")
    Follow.objects.create(follower=personas.bob, user=personas.alice)
    Mute.objects.create(muter=personas.dave, muted=personas.alice)
    Block.objects.create(blocker=personas.mallory, blocked=personas.alice)
    for audience in ("public", "members", "connections"):
        feed.create_article(personas.alice, f"Article {audience}", "x", audience=audience,
                            publish=True)  # fmt: skip
    return profile


def _who(personas, name):
    return viewer_of(personas, name) or AnonymousUser()


@pytest.mark.parametrize("name", VIEWERS)
def test_the_profile_and_its_sections_are_what_for_display_reads(personas, alice_filled, name):
    viewer = _who(personas, name)
    built = Profile.objects.for_display(viewer).get(handle="alice-martin")
    if not built.is_visible_to(viewer):
        return  # mallory's block: a 404, tested with the pages
    compiled = queries.profile_or_404(viewer, "alice-martin")
    assert compiled.pk == built.pk and compiled.user.email == built.user.email
    for section in queries.FILLED:
        mine, theirs = getattr(compiled, section).all(), getattr(built, section).all()
        assert [row.pk for row in mine] == [row.pk for row in theirs], (name, section)
    assert queries.skill_lines(compiled, viewer) == queries.skill_lines(built, viewer)
    assert queries.completeness(compiled) == queries.completeness(built)


@pytest.mark.parametrize("name", VIEWERS)
def test_the_recommendations_are_what_the_built_query_reads(personas, alice_filled, name):
    viewer = _who(personas, name)
    for variant in [("all", False), ("active", False), ("active", True), (None, True)]:
        if variant[1] and not viewer.is_authenticated:
            continue
        values = {"recipient_id": personas.alice.pk, "viewer": viewer}
        compiled = queries.RECOMMENDATIONS_ON.run(variant, **values)
        built = list(queries._recommendations_on(variant, **values))
        assert [r.pk for r in compiled] == [r.pk for r in built], (name, variant)
        assert [r.author.profile.handle for r in compiled] == [
            r.author.profile.handle for r in built
        ]


@pytest.mark.parametrize("name", [n for n in VIEWERS if n not in ("anonymous", "alice")])
def test_the_buttons_relation_is_what_the_built_query_reads(personas, alice_filled, name):
    viewer = _who(personas, name)
    for connected in (False, True):
        values = {"viewer": viewer, "other": personas.alice}
        compiled = network_queries.RELATION_FLAGS.run(connected, **values)
        built = list(network_queries._relation_flags(connected, **values))
        assert compiled == built, (name, connected)


@pytest.mark.parametrize("name", VIEWERS)
def test_the_owner_articles_are_what_the_built_query_reads(personas, alice_filled, name):
    viewer = _who(personas, name)
    audiences = owner_audiences(personas.alice, viewer)
    expected = list(
        feed_queries.Item.objects.by_author_visible_to(personas.alice, viewer)
        .published()
        .articles()
        .order_by("-published", "-id")[:5]
    )
    found = feed_queries.article_cards(viewer, personas.alice)
    assert [i.pk for i in found] == [i.pk for i in expected], (name, audiences)
    if audiences is not None and audiences[0]:
        values = {"owner": personas.alice, "viewer": viewer}
        built = list(feed_queries._article_cards((audiences, 2), **values))
        compiled = feed_queries.ARTICLE_CARDS.run((audiences, 2), **values)
        assert [i.pk for i in compiled] == [i.pk for i in built]


@pytest.mark.parametrize("name", [n for n in VIEWERS if n != "anonymous"])
def test_the_blocks_and_connections_are_what_the_built_queries_read(personas, alice_filled, name):
    viewer = _who(personas, name)
    assert relations.BLOCKED.run(user_id=viewer.pk) == list(
        relations._blocked_query((), user_id=viewer.pk)
    )
    everyone = [getattr(personas, n).pk for n in VIEWERS if n != "anonymous"]
    for ids in (everyone[:1], everyone):
        compiled = relations.CONNECTED_AMONG.run(len(ids), user_id=viewer.pk, ids=ids)
        built = list(relations._connected_query(None, viewer.pk, ids))
        assert sorted(compiled) == sorted(built), (name, ids)


def test_the_dashboard_profile_knows_what_is_filled_as_a_fresh_query_would(personas, alice_filled):
    """The home page's dashboard reads the member's profile with which lists are filled
    (one compiled query): the completeness it gives is the one a plain profile gives,
    for a filled profile and an empty one."""
    for user in (personas.alice, personas.bob):
        dashboard = queries.my_profile_for_dashboard(user)
        plain = Profile.objects.get(user=user)
        assert dashboard.pk == plain.pk
        assert queries.filled_sections(dashboard) == queries.filled_sections(plain)
        assert queries.completeness(dashboard) == queries.completeness(plain)
    assert queries.filled_sections(queries.my_profile_for_dashboard(personas.alice)) == set(
        queries.FILLED
    )
