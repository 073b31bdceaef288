"""What the moderation part adds to the rest of the product (imported by hooks.py):

- the reportables (moderation.reportables): a community itself, a thread, a reply, an
  event and a resource, each through its model's `visible_to`; their scope is their
  community ("community:<id>"), or the site's for an organisation's event or resource;
  and the `ModeratorScope` giving a member the keys of the communities they moderate;
- every decision moderation takes in a community's scope, written into the community's
  own log (`ModerationAction`), in the decision's transaction;
- the notification kind of a direct removal, the digests (periodic work), the personal
  data of communities (archive and erasure), the "new member" template filter.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from tremplin.communities.models import (
    Community,
    Event,
    Membership,
    ModerationAction,
    PostState,
    Reply,
    Resource,
    Thread,
)
from tremplin.core import hooks
from tremplin.core.personal_data import PersonalData, registry
from tremplin.moderation import reportables
from tremplin.notifications import kinds
from tremplin.notifications.kinds import NotificationKind, Said

# ------------------------------------------------------------------ notifications

CONTENT_REMOVED = "community_content_removed"


def _removed(said: Said) -> str:
    sentences = {
        "thread": _("A community moderator removed one of your threads."),
        "reply": _("A community moderator removed one of your replies."),
        "event": _("A community moderator removed one of your events."),
        "resource": _("A community moderator removed one of your resources."),
    }
    return sentences.get(said.get("kind"), _("A community moderator removed something of yours."))


def _removed_many(said: Said) -> str:
    return ngettext(
        "A community moderator removed something of yours, and %(others)d more.",
        "A community moderator removed something of yours, and %(others)d more.",
        said.others,
    )


def _my_removals(viewer: object) -> str:
    return reverse("communities:my_removals")


kinds.register(
    NotificationKind(
        CONTENT_REMOVED,
        label=gettext_lazy("What a community moderator removed of mine"),
        one=_removed,
        many=_removed_many,
        order=203,
        default="in_app",
        actorless=True,
        own_page=_my_removals,
    )
)

# ------------------------------------------------------------------ reportables


def _scope(community_id: int | None) -> str:
    return f"community:{community_id}" if community_id else reportables.SITE


def _remove(obj: Any) -> None:
    from tremplin.communities.services.moderation import soft_remove

    soft_remove(obj)


reportables.register(
    reportables.Reportable(
        kind="community",
        label=pgettext_lazy("community content", "community"),
        visible=lambda viewer: Community.objects.visible_to(viewer),
        every=lambda: Community.objects.all(),
        author=lambda c: None,
        excerpt=lambda c: f"{c.name}\n{c.description}",
        link=lambda c: c.get_absolute_url(),
        # A community is not removed from its own queue: a site moderator warns its
        # owner or suspends them.
        remove=None,
        scope=lambda c: reportables.SITE,
    )
)
reportables.register(
    reportables.Reportable(
        kind="thread",
        label=pgettext_lazy("community content", "discussion thread"),
        visible=lambda viewer: Thread.objects.visible_to(viewer).filter(
            community__isnull=False, state=PostState.PUBLISHED
        ),
        every=lambda: Thread.objects.select_related("author__profile", "community"),
        author=lambda t: t.author,
        excerpt=lambda t: f"{t.title}\n{t.body}",
        link=lambda t: t.get_absolute_url(),
        remove=_remove,
        scope=lambda t: _scope(t.community_id),
    )
)
reportables.register(
    reportables.Reportable(
        kind="reply",
        label=pgettext_lazy("community content", "reply"),
        visible=lambda viewer: Reply.objects.visible_to(viewer).filter(state=PostState.PUBLISHED),
        every=lambda: Reply.objects.select_related("author__profile", "thread"),
        author=lambda r: r.author,
        excerpt=lambda r: r.body,
        link=lambda r: r.get_absolute_url(),
        remove=_remove,
        scope=lambda r: _scope(r.thread.community_id),
    )
)
reportables.register(
    reportables.Reportable(
        kind="event",
        label=pgettext_lazy("community content", "event"),
        visible=lambda viewer: Event.objects.visible_to(viewer),
        every=lambda: Event.objects.select_related("created_by__profile"),
        author=lambda e: e.created_by,
        excerpt=lambda e: f"{e.title}\n{e.description}",
        link=lambda e: e.get_absolute_url(),
        remove=_remove,
        scope=lambda e: _scope(e.community_id),
    )
)
reportables.register(
    reportables.Reportable(
        kind="resource",
        label=pgettext_lazy("community content", "resource"),
        visible=lambda viewer: Resource.objects.visible_to(viewer).filter(state="approved"),
        every=lambda: Resource.objects.select_related("author__profile"),
        author=lambda r: r.author,
        excerpt=lambda r: f"{r.title}\n{r.description}",
        link=lambda r: r.get_absolute_url(),
        remove=_remove,
        scope=lambda r: _scope(r.community_id),
    )
)


def _scopes_of(user: Any) -> list[str]:
    ids = Membership.objects.moderators().filter(user=user).values_list("community_id", flat=True)
    return [f"community:{pk}" for pk in ids]


# The menu asks on every page whether the member moderates anything: answered from the
# cache, filled at sign-in and forgotten whenever one of their memberships is saved or
# deleted (and after MODERATES_CACHE_SECONDS), so a signed-in page pays no query for it.
MODERATES_CACHE_SECONDS = 3600


def _moderates_key(user_id: int) -> str:
    return f"communities:moderates:{user_id}"


def _moderates(user: Any) -> bool:
    from django.core.cache import cache

    key = _moderates_key(user.pk)
    found = cache.get(key)
    if found is None:
        found = Membership.objects.moderators().filter(user=user).exists()
        cache.set(key, found, MODERATES_CACHE_SECONDS)
    return bool(found)


def forget_moderated(user_id: int) -> None:
    """Call after changing a member's role or status with `.update()` (a save or a
    delete forgets by itself)."""
    from django.core.cache import cache

    cache.delete(_moderates_key(user_id))


def _membership_changed(sender: Any, instance: Membership, **kwargs: Any) -> None:
    forget_moderated(instance.user_id)


def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    _moderates(user)


user_logged_in.connect(_signed_in, dispatch_uid="communities-moderates-sign-in")
post_save.connect(_membership_changed, sender=Membership, dispatch_uid="communities-moderates")
post_delete.connect(
    _membership_changed, sender=Membership, dispatch_uid="communities-moderates-delete"
)

reportables.moderator_scopes.add(
    reportables.ModeratorScope("communities", _scopes_of, prefix="community:", moderates=_moderates)
)


# ------------------------------------------------------------------ the community's log


def _log_decision(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """A decision of the report queue about a community's content, into its log."""
    if not created or not str(instance.scope).startswith("community:"):
        return
    from tremplin.communities.services.log import log_action

    community = Community.objects.filter(pk=int(instance.scope.split(":", 1)[1])).first()
    if community is None:
        return
    action = (
        ModerationAction.Action.REMOVE_CONTENT
        if instance.action == "remove"
        else ModerationAction.Action.REPORT
    )
    # Written before the decision is carried out: the content is still there to quote.
    reportable = reportables.get(instance.kind)
    obj = reportable.every().filter(pk=instance.object_id).first() if reportable else None
    log_action(
        community,
        instance.moderator,
        action,
        target_user=instance.author,
        target=f"{instance.kind}:{instance.object_id}",
        excerpt=reportable.excerpt(obj) if reportable and obj else "",
        reason=instance.reason,
    )


post_save.connect(
    _log_decision, sender="moderation.Decision", dispatch_uid="communities-log-decisions"
)

# ------------------------------------------------------------------ the "new member" flag

hooks.template_functions.add(
    hooks.TemplateFunction(
        "is_new_member", "tremplin.communities.services.moderation.is_new_member"
    )
)

# ------------------------------------------------------------------ periodic work

hooks.periodic.add(
    hooks.Periodic("community digests", "tremplin.communities.services.digest.send_due_digests")
)

# ------------------------------------------------------------------ personal data

registry.add(
    PersonalData(
        "communities",
        export="tremplin.communities.personal_data.export",
        files="tremplin.communities.personal_data.files",
        erase="tremplin.communities.personal_data.erase",
    )
)
