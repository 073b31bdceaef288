"""What the events part adds to the rest of the product (imported by hooks.py): its
notification kind, the day-before reminders on the clock, the community page's
"Events" tab, and what it holds about a member (registrations, calendar address)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tremplin.communities import tabs
from tremplin.core import hooks
from tremplin.core.personal_data import PersonalData, registry
from tremplin.notifications.kinds import NotificationKind, Said, register


def _event_sentence(said: Said) -> str:
    what = said.get("event")
    if what == "reminder":
        return _("Reminder: “%(title)s” starts within a day.")
    if what == "changed":
        return _("“%(title)s” has changed: check its new time and place.")
    if what == "cancelled":
        return _("“%(title)s” is cancelled.")
    return _("A place freed up: you are now registered for “%(title)s”.")


def _events_many(said: Said) -> str:
    """Never merged in practice (each event's news is its own row), but a kind says
    "many" too."""
    return ngettext(
        "News of an event you registered for, and %(others)d more.",
        "News of an event you registered for, and %(others)d more.",
        said.others,
    )


# Actorless: an event's news come from the event, never from a named organiser.
EVENT_KIND = register(
    NotificationKind(
        "community_event",
        label=gettext_lazy("Events I registered for: reminders, changes, cancellations"),
        one=_event_sentence,
        many=_events_many,
        order=172,
        default="in_app",
        actorless=True,
    )
)

hooks.periodic.add(
    hooks.Periodic(
        "community event reminders", "tremplin.communities.services.events.send_due_reminders"
    )
)


def _tab_context(community: Any, viewer: Any) -> dict[str, Any]:
    from tremplin.communities.queries import events as queries

    return queries.tab_context(community, viewer)


tabs.register(
    tabs.Tab(
        "events",
        gettext_lazy("Events"),
        "communities/events/_tab.html",
        order=30,
        context=_tab_context,
    )
)

registry.add(
    PersonalData(
        "community_events",
        export="tremplin.communities.queries.events.personal_data",
        erase="tremplin.communities.services.events.erase_personal_data",
    )
)
