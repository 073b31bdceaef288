"""Who may report what: only what the reporter can see (a message only inside the
conversation), never themselves, never twice, a limited number an hour."""

from __future__ import annotations

import pytest

from tests.personas import VIEWERS, viewer_of
from tremplin.moderation import services
from tremplin.moderation.models import ModerationRefusal, Report


def refused(code, call, *args, **kwargs):
    with pytest.raises(ModerationRefusal) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code, caught.value.messages
    return caught.value


# Who can see each thing (alice wrote the posts; bob wrote the message to alice).
SEES = {
    "post": {"alice", "bob", "carol", "dave", "erin", "mallory", "sam"},
    "private": {"alice", "bob"},
    "message": {"alice", "bob"},
}


@pytest.mark.parametrize("name", [v for v in VIEWERS if v != "anonymous"])
@pytest.mark.parametrize("thing", ["post", "private", "message"])
def test_a_member_reports_only_what_they_can_see(personas, content, name, thing):
    viewer = viewer_of(personas, name)
    obj = getattr(content, thing)
    kind = "post" if thing != "message" else "message"
    author = personas.bob if thing == "message" else personas.alice
    if viewer == author:
        refused("self", services.report, viewer, kind, obj.pk, "spam")
    elif name in SEES[thing]:
        report = services.report(viewer, kind, obj.pk, "spam", "note")
        assert (report.kind, report.object_id, report.author) == (kind, obj.pk, author)
    else:
        refused("not_found", services.report, viewer, kind, obj.pk, "spam")
        assert not Report.objects.exists()


def test_every_kind_can_be_reported(personas, content):
    bob = personas.bob
    for kind, ref in [
        ("post", content.post.pk),
        ("article", content.article.pk),
        ("comment", content.comment.pk),
        ("member", personas.alice.profile.pk),
        ("member", personas.carol.profile.handle),
    ]:
        services.report(bob, kind, ref, "harassment")
    services.report(personas.alice, "message", content.message.pk, "scam")
    assert Report.objects.count() == 6


def test_a_post_is_not_an_article(personas, content):
    refused("not_found", services.report, personas.bob, "post", content.article.pk, "spam")
    refused("not_found", services.report, personas.bob, "article", content.post.pk, "spam")


def test_reporting_the_same_thing_twice_is_refused(personas, content):
    services.report(personas.bob, "post", content.post.pk, "spam")
    refused("already", services.report, personas.bob, "post", content.post.pk, "scam")
    # Someone else may.
    services.report(personas.carol, "post", content.post.pk, "scam")


def test_reporting_oneself_is_refused(personas, content):
    refused("self", services.report, personas.alice, "member", personas.alice.profile.pk, "spam")
    refused("self", services.report, personas.carol, "comment", content.comment.pk, "spam")


def test_reports_are_rate_limited_per_member(personas, monkeypatch):
    from tremplin.core.audience import Audience
    from tremplin.feed.services import publish_post

    monkeypatch.setattr(services, "REPORTS_PER_HOUR", 2)
    posts = [publish_post(personas.alice, f"post {i}", audience=Audience.MEMBERS) for i in range(3)]
    services.report(personas.bob, "post", posts[0].pk, "spam")
    services.report(personas.bob, "post", posts[1].pk, "spam")
    refused("rate_limited", services.report, personas.bob, "post", posts[2].pk, "spam")
    # Another member is not slowed down by bob.
    services.report(personas.carol, "post", posts[2].pk, "spam")


def test_bad_input_is_refused_with_a_field(personas, content):
    assert (
        refused("invalid", services.report, personas.bob, "post", content.post.pk, "nope").field
        == "reason"
    )
    assert refused("not_found", services.report, personas.bob, "nothing", 1, "spam").field == "kind"
    error = refused(
        "invalid", services.report, personas.bob, "post", content.post.pk, "spam", "x" * 1001
    )
    assert error.field == "note"


def test_a_deleted_message_cannot_be_reported(personas, content):
    from tremplin.messaging.services import delete_message

    delete_message(personas.bob, content.message)
    refused("not_found", services.report, personas.alice, "message", content.message.pk, "spam")


@pytest.mark.parametrize("name", ["bob", "carol", "dave", "mallory", "sam"])
def test_a_comment_is_reported_only_where_its_post_is_seen(personas, content, name):
    from tremplin.feed.services import add_comment

    comment = add_comment(personas.bob, content.private, "Entre relations")
    viewer = getattr(personas, name)
    if name == "bob":
        refused("self", services.report, viewer, "comment", comment.pk, "spam")
    else:  # the post is for alice's connections: only bob (and alice) see it
        refused("not_found", services.report, viewer, "comment", comment.pk, "spam")
    services.report(personas.alice, "comment", comment.pk, "spam")
