"""Each notification reads in the READER's language, links only to what they may
still see, and never leaks a target that became invisible or was deleted."""

from __future__ import annotations

from django.utils import translation

from tremplin.feed.hooks import REACTION
from tremplin.messaging.hooks import MESSAGE
from tremplin.network import services as network
from tremplin.network.hooks import CONNECTION_ACCEPTED
from tremplin.notifications import kinds
from tremplin.notifications.models import Notification
from tremplin.notifications.rendering import render, text_of
from tremplin.profiles import services as profiles
from tremplin.profiles.hooks import ENDORSEMENT
from tremplin.profiles.models import Audience, Recommendation, Skill


def test_a_grouped_reaction_reads_bob_roy_and_3_others_in_each_language(personas, make):
    from tests.factories import UserFactory

    key = "reaction:post:9"
    for n in range(3):
        make(personas.alice, REACTION, actor=UserFactory(), group_key=key)
    make(personas.alice, REACTION, actor=personas.bob, group_key=key)
    row = Notification.objects.select_related("actor__profile").get()
    with translation.override("en"):
        assert text_of(row) == "Bob Roy and 3 other people reacted to your post."
    with translation.override("fr"):
        assert "Bob Roy" in text_of(row)


def test_one_person_sending_several_messages_is_counted_in_messages(personas, make):
    for _ in range(3):
        make(personas.alice, MESSAGE, actor=personas.bob, group_key="message:c:1")
    row = Notification.objects.get()
    with translation.override("en"):
        assert text_of(row) == "Bob Roy sent you 3 messages."


def test_every_kind_has_a_sentence_for_one_and_for_many(personas):
    for kind in kinds.all_keys():
        one = Notification(kind=kind, actor=personas.bob, recipient=personas.alice)
        many = Notification(
            kind=kind, actor=personas.bob, recipient=personas.alice, count=3, actor_count=3
        )
        with translation.override("en"):
            if kinds.get(kind).actorless:
                assert "Bob Roy" not in text_of(one) and text_of(one).endswith(".")
                assert "2 more" in text_of(many) or "Bob Roy" in text_of(many)
            else:
                assert "Bob Roy" in text_of(one)
                assert "Bob Roy and 2 other people" in text_of(many)


def test_a_visible_target_gives_its_link_and_excerpt(personas, make):
    # A profile target: the connection's profile, which alice may see.
    make(
        personas.alice,
        CONNECTION_ACCEPTED,
        actor=personas.bob,
        target=personas.bob.profile,
        data={"excerpt": "Bonjour"},
    )
    with translation.override("en"):
        item = render(personas.alice, Notification.objects.all())[0]
    assert item.url == "/en/p/bob-roy/"
    assert item.excerpt == "Bonjour"


def test_a_target_that_became_invisible_loses_its_link_and_excerpt(personas, make):
    carol = personas.carol
    make(
        personas.alice,
        CONNECTION_ACCEPTED,
        actor=carol,
        target=carol.profile,
        data={"excerpt": "Texte privé"},
    )
    carol.profile.basics_visibility = Audience.ONLY_ME
    carol.profile.save()
    item = render(personas.alice, Notification.objects.all())[0]
    assert item.url is None
    assert item.excerpt == ""
    assert "Carol Singh" in item.text  # acting told alice the name; nothing more


def test_a_deleted_target_loses_its_link_and_excerpt(personas, make):
    skill = Skill.objects.create(profile=personas.alice.profile, name="Soudure")
    endorsement = profiles.endorse(personas.bob, skill)
    Notification.objects.filter(kind=ENDORSEMENT).update(data={"excerpt": "x"})
    endorsement.delete()
    item = render(personas.alice, Notification.objects.all())[0]
    assert item.excerpt == ""
    # Endorsements link to the reader's own profile, which leaks nothing.
    assert item.url == "/fr/p/alice-martin/"


def test_a_target_model_without_any_visibility_rule_is_denied(personas, make):
    from tremplin.network.models import ConnectionRequest

    request = network.request_connection(personas.carol, personas.alice)
    Notification.objects.update(data={"excerpt": "Le mot d'accompagnement"})
    assert not hasattr(ConnectionRequest.objects, "visible_to")
    item = render(personas.alice, Notification.objects.filter(target_id=request.pk))[0]
    assert item.excerpt == ""
    assert item.url == "/fr/network/"


def test_the_page_costs_a_fixed_number_of_queries(personas, make, django_assert_max_num_queries):
    from tests.factories import UserFactory

    for _ in range(10):
        other = UserFactory()
        make(personas.alice, CONNECTION_ACCEPTED, actor=other, target=other.profile)
    skill = Skill.objects.create(profile=personas.alice.profile, name="Soudure")
    profiles.endorse(personas.bob, skill)
    profiles.write_recommendation(personas.bob, personas.alice.profile, "Collègue", "Excellente.")
    assert Recommendation.objects.exists()
    rows = Notification.objects.select_related("actor__profile")
    with django_assert_max_num_queries(6):
        items = render(personas.alice, rows)
    assert len(items) == 12
