"""Content to report: alice's post (members), alice's connections-only post, an
article, carol's comment on alice's post, and a message from bob to alice."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tremplin.core.audience import Audience
from tremplin.feed import services as feed
from tremplin.messaging import services as messaging
from tremplin.moderation import reportables


@pytest.fixture
def content(personas):
    alice, bob, carol = personas.alice, personas.bob, personas.carol
    post = feed.publish_post(alice, "Une offre douteuse : envoyez 50 $", audience=Audience.MEMBERS)
    private = feed.publish_post(alice, "Pour mes relations", audience=Audience.CONNECTIONS)
    article = feed.create_article(alice, "Titre", "Un article", publish=True)
    comment = feed.add_comment(carol, post, "Un commentaire blessant")
    conversation, message = messaging.start_conversation(bob, [alice], "Un message de bob")
    return SimpleNamespace(
        post=post,
        private=private,
        article=article,
        comment=comment,
        conversation=conversation,
        message=message,
    )


@pytest.fixture
def community_scope(monkeypatch):
    """A stand-in for the communities app: `moderators` maps a user id to the scopes
    they moderate; content whose scope is one of them is theirs to handle."""
    moderators: dict[int, set[str]] = {}
    scope = reportables.ModeratorScope(
        "test communities", lambda user: moderators.get(user.pk, set())
    )
    monkeypatch.setattr(reportables.moderator_scopes, "_entries", [scope])
    return moderators
