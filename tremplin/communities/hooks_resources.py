"""What the resources part adds to the rest of the product (imported by hooks.py): the
community page's "Resources" tab, and the notification kinds of resource libraries (a
suggestion to the library's moderators; approved, declined or removed to its author —
never naming the moderator who decided)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tremplin.communities import tabs
from tremplin.notifications.kinds import NotificationKind, register


def _tab_context(community: Any, viewer: Any) -> dict[str, Any]:
    # Imported when a page is drawn, not at start-up (hooks run before the app is ready).
    from tremplin.communities.views.resources import tab_context

    return tab_context(community, viewer)


tabs.register(
    tabs.Tab(
        "resources",
        gettext_lazy("Resources"),
        "communities/resources/_tab.html",
        order=40,
        context=_tab_context,
    )
)


RESOURCE_SUGGESTED = register(
    NotificationKind(
        "resource_suggested",
        label=gettext_lazy("Resources suggested to a library I moderate"),
        one=lambda said: _("%(actor)s suggested a resource for %(library)s: %(title)s."),
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person suggested resources for %(library)s.",
            "%(actor)s and %(others)d other people suggested resources for %(library)s.",
            said.others,
        ),
        order=330,
        default="in_app",
    )
)

RESOURCE_APPROVED = register(
    NotificationKind(
        "resource_approved",
        label=gettext_lazy("My resources approved"),
        one=lambda said: _("Your resource “%(title)s” is now published in %(library)s."),
        many=lambda said: ngettext(
            "Your resource “%(title)s” is now published, and %(others)d more.",
            "Your resource “%(title)s” is now published, and %(others)d more.",
            said.others,
        ),
        order=331,
        default="in_app",
        actorless=True,
    )
)


def _declined(said: Any) -> str:
    if said.get("removed"):
        if said.get("reason"):
            return _("Your resource “%(title)s” was removed from %(library)s. Reason: %(reason)s")
        return _("Your resource “%(title)s” was removed from %(library)s.")
    if said.get("reason"):
        return _("Your resource “%(title)s” was declined for %(library)s. Reason: %(reason)s")
    return _("Your resource “%(title)s” was declined for %(library)s.")


RESOURCE_DECLINED = register(
    NotificationKind(
        "resource_declined",
        label=gettext_lazy("My resources declined or removed"),
        one=_declined,
        many=lambda said: ngettext(
            "A resource of yours was declined or removed, and %(others)d more.",
            "A resource of yours was declined or removed, and %(others)d more.",
            said.others,
        ),
        order=332,
        default="in_app",
        actorless=True,
    )
)
