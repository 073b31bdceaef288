"""Who may post where: the one check every part asks before a member writes in a
community (a thread, a reply, a poll vote is not a post; an event or a resource
suggestion is), and what happens to a new member's first posts.

`may_post(user, community)` returns the member's `Membership` or refuses:
- not an active member: "forbidden" (403);
- muted until a date: "refused" (403), with the date;
- the community has rules they have not accepted: "conflict" (409): the page shows the
  rules and an "I accept" button (`accept_rules`), then posts;
- slow mode: "rate_limited" (429), with the seconds left.
`first_posts_wait(membership)`: whether this post waits for a moderator (pre-approval is
on and none of their posts was approved yet). `note_post(membership)` records the time
for slow mode (in the caller's transaction)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tremplin.communities.models import Community, Membership, MembershipStatus
from tremplin.communities.refusals import CommunityRefusal


def may_post(user: Any, community: Community) -> Membership:
    membership = (
        Membership.objects.select_for_update()
        .filter(community=community, user=user, status=MembershipStatus.ACTIVE)
        .first()
        if user is not None and user.is_authenticated
        else None
    )
    if membership is None:
        raise CommunityRefusal(_("Only members of this community can post in it."), "forbidden")
    now = timezone.now()
    if membership.is_muted(now):
        raise CommunityRefusal(
            _("A moderator muted you in this community until %(when)s.")
            % {
                "when": formats.date_format(
                    timezone.localtime(membership.muted_until), "DATETIME_FORMAT"
                )
            },
            "refused",
        )
    if community.rules and membership.rules_accepted is None and not membership.moderates:
        raise CommunityRefusal(
            _("Read and accept the community's rules before your first post."), "conflict"
        )
    wait = community.slow_mode_seconds
    if wait and membership.last_posted and not membership.moderates:
        left = membership.last_posted + timedelta(seconds=wait) - now
        if left.total_seconds() > 0:
            raise CommunityRefusal(
                _("Slow mode: you can post again in %(seconds)d seconds.")
                % {"seconds": int(left.total_seconds()) + 1},
                "rate_limited",
            )
    return membership


def first_posts_wait(membership: Membership) -> bool:
    """Pre-approval: a new member's posts wait until a moderator approved one."""
    return (
        membership.community.preapprove_first_posts
        and not membership.moderates
        and membership.approved_posts == 0
    )


def note_post(membership: Membership) -> None:
    membership.last_posted = timezone.now()
    membership.save(update_fields=["last_posted"])


def accept_rules(membership: Membership) -> None:
    if membership.rules_accepted is None:
        membership.rules_accepted = timezone.now()
        membership.save(update_fields=["rules_accepted"])
