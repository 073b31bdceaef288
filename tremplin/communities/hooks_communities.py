"""What the communities part adds to the rest of the product (imported by hooks.py):
the notification kinds about memberships, and the community page's "About" and
"Members" tabs."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tremplin.communities import tabs
from tremplin.communities.queries.communities import not_yet_in
from tremplin.communities.services import member_notices as notices
from tremplin.notifications.kinds import NotificationKind, Said, register
from tremplin.profiles.picker import scopes

# The person picker of the invitation page offers people not yet in the community.
scopes.register("community", not_yet_in)


def _mine(viewer: object) -> str:
    return reverse("communities:mine")


def _answered(said: Said) -> str:
    if said.data.get("approved"):
        return _("Your request to join the community %(community)s was approved.")
    return _("Your request to join the community %(community)s was declined.")


def _removed(said: Said) -> str:
    if said.get("what") == "ban":
        return _("A moderator banned you from the community %(community)s.")
    return _("A moderator removed you from the community %(community)s.")


def _role(said: Said) -> str:
    sentences = {
        "owner": _("You are now the owner of the community %(community)s."),
        "moderator": _("You are now a moderator of the community %(community)s."),
    }
    return sentences.get(said.get("role"), _("You are no longer a moderator of %(community)s."))


def _merged(said: Said) -> str:
    return ngettext(
        "Something changed in your communities, and %(others)d more.",
        "Something changed in your communities, and %(others)d more.",
        said.others,
    )


register(
    NotificationKind(
        notices.JOIN_REQUEST,
        label=gettext_lazy("Requests to join the communities I moderate"),
        one=lambda said: _("%(actor)s asks to join the community %(community)s."),
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person ask to join the community %(community)s.",
            "%(actor)s and %(others)d other people ask to join the community %(community)s.",
            said.others,
        ),
        order=300,
        default="in_app",
    )
)
register(
    NotificationKind(
        notices.REQUEST_ANSWERED,
        label=gettext_lazy("Answers to my requests to join communities"),
        one=_answered,
        many=_merged,
        order=301,
        default="in_app",
        actorless=True,
        own_page=_mine,
    )
)
register(
    NotificationKind(
        notices.INVITED,
        label=gettext_lazy("Invitations to communities"),
        one=lambda said: _("%(actor)s invites you to the community %(community)s."),
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person invite you to communities.",
            "%(actor)s and %(others)d other people invite you to communities.",
            said.others,
        ),
        order=302,
        default="in_app",
        own_page=_mine,
    )
)
register(
    NotificationKind(
        notices.REMOVED,
        label=gettext_lazy("Removals and bans from communities"),
        one=_removed,
        many=_merged,
        order=303,
        default="in_app",
        actorless=True,
        own_page=_mine,
    )
)
register(
    NotificationKind(
        notices.ROLE_CHANGED,
        label=gettext_lazy("My role in communities"),
        one=_role,
        many=_merged,
        order=304,
        default="in_app",
        actorless=True,
    )
)


tabs.register(
    tabs.Tab(
        "members",
        gettext_lazy("Members"),
        "communities/community/_members_tab.html",
        order=80,
        context=lambda community, viewer: _members_context(community, viewer),
    )
)
tabs.register(
    tabs.Tab("about", gettext_lazy("About"), "communities/community/_about_tab.html", order=90)
)


def _members_context(community: object, viewer: object) -> dict[str, object]:
    from tremplin.communities.queries import communities as queries

    return queries.members_tab(community, viewer)


# ---------------------------------------------------------------- personal data (issue 15)
from tremplin.core.personal_data import PersonalData, registry  # noqa: E402

registry.add(
    PersonalData(
        "community_memberships",
        export="tremplin.communities.personal_data_communities.export",
        erase="tremplin.communities.personal_data_communities.erase",
    )
)
