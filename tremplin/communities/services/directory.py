"""Posting to a community through the feed (the feed's place "community"): the checks
every part shares (`posting.may_post`: member, not muted, rules accepted, slow mode),
and what a post changes on the community (slow mode's clock, "most active")."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.communities.models import Community, Membership, MembershipStatus, Visibility
from tremplin.communities.refusals import CommunityRefusal
from tremplin.communities.services.posting import first_posts_wait, may_post, note_post
from tremplin.core.audience import Audience
from tremplin.feed.places import Target

KIND = "community"


def prepare_post(user: Any, slug: str) -> Target:
    """Whether `user` may post in the community `slug` now (inside the publish
    transaction: `may_post` locks their membership row); writes nothing. Its posts get
    "public" in a public community, "members" in any other (the place's rule then
    narrows them to its readers)."""
    community = Community.objects.visible_to(user).filter(slug=slug).first()
    if community is None:
        raise CommunityRefusal(_("This community does not exist."), "not_found")
    if community.archived is not None:
        raise CommunityRefusal(_("This community is archived: nobody posts in it now."), "refused")
    membership = may_post(user, community)
    if first_posts_wait(membership):
        raise CommunityRefusal(
            _(
                "A moderator reads new members' first posts in this community: start a "
                "discussion in the community instead, and post here once one was approved."
            ),
            "conflict",
        )
    public = community.visibility == Visibility.PUBLIC
    return Target(KIND, community.pk, Audience.PUBLIC if public else Audience.MEMBERS)


def note_feed_post(user: Any, target: Target) -> None:
    """After the item is written: slow mode counts from now; the community is active."""
    membership = Membership.objects.filter(
        community_id=target.place_id, user=user, status=MembershipStatus.ACTIVE
    ).first()
    if membership is not None:
        note_post(membership)
    Community.objects.filter(pk=target.place_id).update(last_activity=timezone.now())
