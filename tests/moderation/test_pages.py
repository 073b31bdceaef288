"""The report form, the queue, a decision, the log, the notice and my reports, in both
languages; the report links on cards, comments, messages and profiles."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tremplin.feed.models import Item
from tremplin.moderation.models import Decision, Report


def report_url(kind, pk, language="fr"):
    return f"/{language}/report/{kind}/{pk}/"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_member_reports_a_post_from_the_form(personas, content, language):
    client = client_for(personas.bob)
    page = client.get(report_url("post", content.post.pk, language) + "?next=/fr/feed/")
    assert page.status_code == 200
    assert "Une offre douteuse" in page.content.decode()
    response = client.post(
        report_url("post", content.post.pk, language),
        {"reason": "scam", "note": "Demande d'argent", "next": "/fr/feed/"},
    )
    assert response.status_code == 302 and response["Location"] == "/fr/feed/"
    assert Report.objects.get().note == "Demande d'argent"


def test_the_form_keeps_the_note_and_says_what_is_wrong(personas, content):
    client = client_for(personas.bob)
    response = client.post(report_url("post", content.post.pk), {"note": "Mon texte"})
    assert response.status_code == 400
    assert "Mon texte" in response.content.decode()
    client.post(report_url("post", content.post.pk), {"reason": "spam"})
    again = client.post(report_url("post", content.post.pk), {"reason": "spam", "note": "Encore"})
    assert again.status_code == 409 and "Encore" in again.content.decode()


def test_the_form_is_404_for_what_one_cannot_see(personas, content):
    assert client_for(personas.carol).get(report_url("post", content.private.pk)).status_code == 404
    assert (
        client_for(personas.carol).get(report_url("message", content.message.pk)).status_code == 404
    )
    assert client_for(personas.bob).get(report_url("nothing", 1)).status_code == 404
    anonymous = client_for(None).get(report_url("post", content.post.pk))
    assert anonymous.status_code == 302


def test_report_links_are_shown_to_others_not_to_the_author(personas, content):
    page_for_bob = client_for(personas.bob).get(content.post.get_absolute_url()).content.decode()
    assert report_url("post", content.post.pk) in page_for_bob
    assert report_url("comment", content.comment.pk) in page_for_bob
    page_for_alice = (
        client_for(personas.alice).get(content.post.get_absolute_url()).content.decode()
    )
    assert report_url("post", content.post.pk) not in page_for_alice
    conversation = (
        client_for(personas.alice).get(content.conversation.get_absolute_url()).content.decode()
    )
    assert report_url("message", content.message.pk) in conversation
    profile = (
        client_for(personas.bob).get(personas.carol.profile.get_absolute_url()).content.decode()
    )
    assert report_url("member", personas.carol.profile.pk) in profile


@pytest.mark.parametrize("name", ["alice", "bob", "carol", "dave", "sam"])
def test_members_never_see_the_queue(personas, name):
    client = client_for(getattr(personas, name))
    for url in ("moderation:queue", "moderation:log"):
        assert client.get(reverse(url)).status_code == 403


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_moderator_removes_a_post_from_the_queue(personas, content, language):
    client_for(personas.bob).post(report_url("post", content.post.pk), {"reason": "scam"})
    moderator = client_for(personas.mallory)
    queue = moderator.get(f"/{language}/moderation/").content.decode()
    entry_url = f"/{language}/moderation/post/{content.post.pk}/"
    assert entry_url in queue and "bob" not in queue.lower()
    assert moderator.get(entry_url).status_code == 200
    refused = moderator.post(entry_url, {"action": "remove", "reason": ""})
    assert refused.status_code == 400
    done = moderator.post(entry_url, {"action": "remove", "reason": "Arnaque"})
    assert done.status_code == 302
    assert not Item.objects.filter(pk=content.post.pk).exists()
    log = moderator.get(f"/{language}/moderation/log/").content.decode()
    assert "Arnaque" in log
    decision = Decision.objects.get()
    notice = client_for(personas.alice).get(decision.get_absolute_url())
    assert notice.status_code == 200 and "Arnaque" in notice.content.decode()
    for other in (personas.bob, personas.carol):
        assert client_for(other).get(decision.get_absolute_url()).status_code == 404


def test_my_reports_lists_mine_only(personas, content):
    client_for(personas.bob).post(report_url("post", content.post.pk), {"reason": "scam"})
    mine = client_for(personas.bob).get(reverse("moderation:mine"))
    assert mine.status_code == 200 and "<td>" in mine.content.decode()
    assert "<td>" not in client_for(personas.carol).get(reverse("moderation:mine")).content.decode()


def test_the_moderators_menu_link(personas):
    assert (
        reverse("moderation:queue")
        in client_for(personas.mallory).get(reverse("notifications:centre")).content.decode()
    )
    assert (
        reverse("moderation:queue")
        not in client_for(personas.bob).get(reverse("notifications:centre")).content.decode()
    )
