"""The network pages: "My network", the request form, the buttons on profile and
organisation pages. Every action is a POST form that works without JavaScript."""

from __future__ import annotations

import pytest

from tests.factories import OrganizationFactory
from tremplin.network import services
from tremplin.network.models import Block, ConnectionRequest, Follow, Mute, RequestStatus

NETWORK = "/fr/network/"


def html(response) -> str:
    return response.content.decode()


# ------------------------------------------------------------------ personas


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/fr/network/"),
        ("get", "/fr/network/connect/alice-martin/"),
        ("post", "/fr/network/connect/alice-martin/"),
        ("post", "/fr/network/requests/1/accept/"),
        ("post", "/fr/network/people/alice-martin/block/"),
        ("post", "/fr/network/organizations/agence-horizon/follow/"),
        ("post", "/fr/network/hashtags/"),
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(personas, client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not ConnectionRequest.objects.exists()
    assert not Block.objects.exists()


def test_the_network_page_renders_every_section_in_both_languages(personas, as_user):
    services.request_connection(personas.carol, personas.alice, "Salut Alice")
    for lang, title in [("fr", "<h1>"), ("en", "My network")]:
        page = as_user(personas.alice).get(f"/{lang}/network/")
        assert page.status_code == 200
        assert title in html(page)
        assert "Bob Roy" in html(page)  # a connection
        assert "Carol Singh" in html(page)  # an invitation
        assert "Salut Alice" in html(page)
    assert 'href="/fr/network/"' in html(as_user(personas.alice).get("/fr/"))  # the main nav


@pytest.mark.both_databases  # search (icontains folds case per database)
def test_a_stranger_asks_with_a_note_and_the_recipient_accepts(personas, as_user):
    carol, alice = as_user(personas.carol), as_user(personas.alice)
    form = carol.get("/fr/network/connect/alice-martin/")
    assert form.status_code == 200
    assert 'name="note"' in html(form)

    sent = carol.post(
        "/fr/network/connect/alice-martin/",
        {"note": "Rencontrées au salon", "next": "/fr/p/alice-martin/"},
    )
    assert sent.status_code == 302 and sent["Location"] == "/fr/p/alice-martin/"
    request = ConnectionRequest.objects.get()
    assert request.note == "Rencontrées au salon"
    assert "Rencontrées au salon" in html(alice.get(NETWORK))
    assert f"/fr/network/requests/{request.pk}/withdraw/" in html(carol.get(NETWORK))

    accepted = alice.post(f"/fr/network/requests/{request.pk}/accept/")
    assert accepted.status_code == 302 and accepted["Location"] == NETWORK
    assert services.are_connected(personas.alice, personas.carol)
    connections = html(carol.get(NETWORK, {"q": "Alice"}))
    assert "/fr/p/alice-martin/" in connections


def test_a_note_with_personal_data_is_kept_and_needs_confirmation(personas, as_user):
    carol = as_user(personas.carol)
    note = "Appelle-moi au 613-555-0199"
    first = carol.post("/fr/network/connect/alice-martin/", {"note": note})
    assert first.status_code == 200
    assert note in html(first)  # the text is kept
    assert 'name="confirm_pii"' in html(first)
    assert not ConnectionRequest.objects.exists()
    confirmed = carol.post("/fr/network/connect/alice-martin/", {"note": note, "confirm_pii": "on"})
    assert confirmed.status_code == 302
    assert ConnectionRequest.objects.get().note == note


def test_a_too_long_note_re_renders_with_the_text(personas, as_user):
    note = "Bonjour! " * 40
    page = as_user(personas.carol).post("/fr/network/connect/alice-martin/", {"note": note})
    assert page.status_code == 200
    assert "Bonjour!" in html(page)
    assert 'class="errorlist' in html(page)
    assert not ConnectionRequest.objects.exists()


def test_a_refused_request_shows_the_reason_without_a_500(personas, as_user):
    page = as_user(personas.bob).post("/fr/network/connect/alice-martin/", {"note": ""})
    assert page.status_code == 200  # already connected: the page says so
    assert "déjà" in html(page) or "already" in html(page)


@pytest.mark.parametrize("action", ["accept", "decline", "ignore"])
def test_a_third_party_cannot_answer_someone_elses_request(personas, as_user, action):
    request = services.request_connection(personas.carol, personas.alice)
    for intruder in (personas.bob, personas.carol, personas.dave):
        response = as_user(intruder).post(f"/fr/network/requests/{request.pk}/{action}/")
        assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING


def test_only_the_sender_withdraws_on_the_page(personas, as_user):
    request = services.request_connection(personas.carol, personas.alice)
    assert (
        as_user(personas.alice).post(f"/fr/network/requests/{request.pk}/withdraw/").status_code
        == 404
    )
    assert (
        as_user(personas.carol).post(f"/fr/network/requests/{request.pk}/withdraw/").status_code
        == 302
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN


def test_answering_twice_gives_a_message_not_an_error(personas, as_user):
    request = services.request_connection(personas.carol, personas.alice)
    alice = as_user(personas.alice)
    alice.post(f"/fr/network/requests/{request.pk}/ignore/")
    again = alice.post(f"/fr/network/requests/{request.pk}/ignore/", follow=True)
    assert again.status_code == 200
    assert 'class="message error"' in html(again)
    alice.post(f"/fr/network/requests/{request.pk}/decline/")
    # A closed request is no longer hers to answer.
    assert alice.post(f"/fr/network/requests/{request.pk}/accept/").status_code == 404
    assert not services.are_connected(personas.alice, personas.carol)


def test_ignore_hides_the_invitation_from_the_recipient_but_not_the_sender(personas, as_user):
    request = services.request_connection(personas.carol, personas.alice, "Une note unique")
    alice, carol = as_user(personas.alice), as_user(personas.carol)
    alice.post(f"/fr/network/requests/{request.pk}/ignore/")
    assert "Une note unique" not in html(alice.get(NETWORK))
    sent = html(carol.get(NETWORK))
    assert f"/fr/network/requests/{request.pk}/withdraw/" in sent  # still "waiting"


# ------------------------------------------------------------------ profile page buttons


def test_the_profile_page_shows_the_right_buttons(personas, as_user):
    carol, alice, bob = as_user(personas.carol), as_user(personas.alice), as_user(personas.bob)
    stranger_view = html(carol.get("/fr/p/alice-martin/"))
    assert 'action="/fr/network/connect/alice-martin/"' in stranger_view
    assert 'action="/fr/network/people/alice-martin/follow/"' in stranger_view
    assert 'action="/fr/network/people/alice-martin/block/"' in stranger_view
    assert 'action="/fr/network/people/alice-martin/mute/"' in stranger_view

    connection_view = html(bob.get("/fr/p/alice-martin/"))
    assert 'action="/fr/network/people/alice-martin/remove/"' in connection_view
    assert 'action="/fr/network/connect/alice-martin/"' not in connection_view

    own = html(alice.get("/fr/p/alice-martin/"))
    assert "/fr/network/people/alice-martin/" not in own  # no buttons on one's own page

    request = services.request_connection(personas.carol, personas.alice)
    assert f"/fr/network/requests/{request.pk}/withdraw/" in html(carol.get("/fr/p/alice-martin/"))
    assert f"/fr/network/requests/{request.pk}/accept/" in html(alice.get("/fr/p/carol-singh/"))

    anonymous = html(as_user(None).get("/fr/p/alice-martin/"))  # 404: members only
    assert "/fr/network/" not in anonymous


def test_follow_mute_and_remove_from_the_profile_page(personas, as_user):
    bob = as_user(personas.bob)
    back = {"next": "/fr/p/alice-martin/"}
    assert bob.post("/fr/network/people/alice-martin/follow/", back)["Location"] == back["next"]
    assert Follow.objects.filter(follower=personas.bob, user=personas.alice).exists()
    assert 'action="/fr/network/people/alice-martin/unfollow/"' in html(
        bob.get("/fr/p/alice-martin/")
    )
    bob.post("/fr/network/people/alice-martin/mute/", back)
    assert Mute.objects.filter(muter=personas.bob, muted=personas.alice).exists()
    bob.post("/fr/network/people/alice-martin/unmute/", back)
    bob.post("/fr/network/people/alice-martin/unfollow/", back)
    assert not Mute.objects.exists() and not Follow.objects.exists()
    bob.post("/fr/network/people/alice-martin/remove/", back)
    assert not services.are_connected(personas.alice, personas.bob)


def test_an_outside_next_address_is_ignored(personas, as_user):
    response = as_user(personas.bob).post(
        "/fr/network/people/alice-martin/follow/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == NETWORK


def test_blocking_from_the_profile_page_and_unblocking_from_my_network(personas, as_user):
    bob = as_user(personas.bob)
    blocked = bob.post("/fr/network/people/alice-martin/block/")
    assert blocked["Location"] == NETWORK  # her page is gone for him
    assert bob.get("/fr/p/alice-martin/").status_code == 404
    assert as_user(personas.alice).get("/fr/p/bob-roy/").status_code == 404
    page = html(bob.get(NETWORK))
    assert "Alice Martin" in page  # his own block list
    assert 'action="/fr/network/people/alice-martin/unblock/"' in page
    assert "/fr/p/alice-martin/" not in page  # but no link to a hidden profile
    bob.post("/fr/network/people/alice-martin/unblock/")
    assert bob.get("/fr/p/alice-martin/").status_code == 200


def test_people_actions_on_a_hidden_or_unknown_profile_are_404(personas, as_user):
    services.block(personas.alice, personas.carol)
    carol = as_user(personas.carol)
    for action in ("follow", "block", "mute", "remove"):
        assert carol.post(f"/fr/network/people/alice-martin/{action}/").status_code == 404
        assert carol.post(f"/fr/network/people/nobody/{action}/").status_code == 404
    assert carol.get("/fr/network/connect/alice-martin/").status_code == 404
    # Unblocking someone one did not block is a 404 too.
    assert carol.post("/fr/network/people/alice-martin/unblock/").status_code == 404


def test_actions_need_a_post(personas, as_user):
    bob = as_user(personas.bob)
    assert bob.get("/fr/network/people/alice-martin/block/").status_code == 405
    assert not Block.objects.exists()


# ------------------------------------------------------------------ lists, search, hashtags


@pytest.mark.both_databases  # search (icontains folds case per database)
def test_the_connections_search_and_its_htmx_fragment(personas, as_user):
    services.connect(personas.alice, personas.carol)
    alice = as_user(personas.alice)
    page = html(alice.get(NETWORK, {"q": "Carol"}))
    assert (
        "/fr/p/carol-singh/" in page
        and "/fr/p/bob-roy/" not in page.split("connections-h")[1].split("suggestions-h")[0]
    )
    fragment = alice.get(NETWORK, {"q": "Bob"}, headers={"HX-Request": "true"})
    assert "<html" not in html(fragment)
    assert "/fr/p/bob-roy/" in html(fragment) and "/fr/p/carol-singh/" not in html(fragment)
    assert "HX-Request" in fragment["Vary"]
    assert alice.get(NETWORK, {"q": "x" * 500}).status_code == 200  # too long: ignored


def test_suggestions_on_the_page_have_connect_buttons_that_work(personas, as_user):
    services.connect(personas.bob, personas.carol)  # carol: a friend of alice's friend
    alice = as_user(personas.alice)
    page = html(alice.get(NETWORK))
    assert 'action="/fr/network/connect/carol-singh/"' in page
    alice.post("/fr/network/connect/carol-singh/", {"next": NETWORK})
    assert ConnectionRequest.objects.filter(
        from_user=personas.alice, to_user=personas.carol
    ).exists()


def test_follow_and_unfollow_a_hashtag_and_an_organisation(personas, as_user):
    alice = as_user(personas.alice)
    alice.post("/fr/network/hashtags/", {"name": "#Soudure"})
    assert "#soudure" in html(alice.get(NETWORK))
    bad = alice.post("/fr/network/hashtags/", {"name": "deux mots"}, follow=True)
    assert bad.status_code == 200 and 'class="message error"' in html(bad)
    alice.post("/fr/network/hashtags/soudure/unfollow/")
    assert not Follow.objects.exists()

    org = OrganizationFactory(kind="employer", name="Acier Nord", slug="acier-nord")
    org_page = html(alice.get("/fr/o/acier-nord/"))
    assert 'action="/fr/network/organizations/acier-nord/follow/"' in org_page
    followed = alice.post("/fr/network/organizations/acier-nord/follow/")
    assert followed["Location"] == "/fr/o/acier-nord/"
    assert Follow.objects.filter(follower=personas.alice, organization=org).exists()
    assert 'action="/fr/network/organizations/acier-nord/unfollow/"' in html(
        alice.get("/fr/o/acier-nord/")
    )
    assert "Acier Nord" in html(alice.get(NETWORK))
    alice.post("/fr/network/organizations/acier-nord/unfollow/")
    assert not Follow.objects.exists()
    assert "/fr/network/organizations/" not in html(as_user(None).get("/fr/o/acier-nord/"))


def test_a_member_who_hides_her_profile_can_still_be_answered(personas, as_user):
    """Asking to connect shows the recipient the sender's name and headline, even when
    her profile is for connections only; the rest stays hidden until they connect."""
    from tremplin.core.audience import Audience
    from tremplin.profiles.models import Profile

    alice = personas.alice
    Profile.objects.filter(user=alice).update(
        basics_visibility=Audience.CONNECTIONS, headline="Soudeuse MIG", city="Sudbury"
    )
    request = services.request_connection(alice, personas.carol, note="Bonjour Carol")

    page = html(as_user(personas.carol).get(NETWORK))
    api = as_user(personas.carol).get("/api/v1/network/requests/received").json()

    assert "Alice Martin" in page and "Soudeuse MIG" in page
    assert 'href="/fr/p/alice-martin/"' not in page  # no link to a profile she can't open
    assert "Sudbury" not in page
    [received] = api
    assert received["person"]["display_name"] == "Alice Martin"
    assert received["person"]["city"] == "" and received["person"]["photo_url"] is None
    assert as_user(personas.carol).get("/fr/p/alice-martin/").status_code == 404

    as_user(personas.carol).post(f"/fr/network/requests/{request.pk}/accept/")

    assert as_user(personas.carol).get("/fr/p/alice-martin/").status_code == 200
