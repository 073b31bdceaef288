"""What the projects app adds to the rest of the product (see tremplin.core.hooks): its
pages and API router, its menu entry, its notification kinds and their sentences (read
in the reader's language), what it holds about a member, the person picker's scope
"project:<id>" (whom the lead may invite), and the vault's reader that lets a project's
members open the documents shared with it (tremplin.vault.readers)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tremplin.core import hooks
from tremplin.core.personal_data import PersonalData, registry
from tremplin.notifications.kinds import NotificationKind, Said, register
from tremplin.profiles.picker import scopes
from tremplin.projects.queries.projects import invitable
from tremplin.projects.services import notices
from tremplin.vault.readers import readers

hooks.routes.add(
    hooks.Routes(
        app="projects",
        urls="tremplin.projects.urls",
        api_prefix="/projects",
        router="tremplin.projects.api.router",
        area="projects",
    )
)
# The invitation form's person picker offers the people the lead may invite.
scopes.register("project", invitable)
hooks.navigation.add(
    hooks.NavEntry(order=47, label=gettext_lazy("Projects"), url_name="projects:search")
)


def _mine(viewer: object) -> str:
    return reverse("projects:mine")


def _answered(said: Said) -> str:
    if said.data.get("accepted"):
        return _("Your application to the project %(project)s was accepted.")
    return _("Your application to the project %(project)s was declined.")


def _lead(said: Said) -> str:
    # Nobody is told of their own act, so the former lead's line names the new lead as
    # its actor: each reads who the other is, in their own language.
    if said.data.get("to_me"):
        return _("%(actor)s handed you the lead of the project %(project)s.")
    return _("You handed the lead of the project %(project)s to %(actor)s.")


def _merged(said: Said) -> str:
    return ngettext(
        "Something changed in your projects, and %(others)d more.",
        "Something changed in your projects, and %(others)d more.",
        said.others,
    )


register(
    NotificationKind(
        notices.APPLICATION,
        label=gettext_lazy("Applications to the projects I lead"),
        one=lambda said: _("%(actor)s applied to your project %(project)s."),
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person applied to your project %(project)s.",
            "%(actor)s and %(others)d other people applied to your project %(project)s.",
            said.others,
        ),
        order=500,
    )
)
register(
    NotificationKind(
        notices.ANSWERED,
        label=gettext_lazy("Answers to my applications to projects"),
        one=_answered,
        many=_merged,
        order=501,
        actorless=True,
        own_page=_mine,
    )
)
register(
    NotificationKind(
        notices.INVITED,
        label=gettext_lazy("Invitations to projects"),
        one=lambda said: _("%(actor)s invites you to the project %(project)s."),
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person invite you to projects.",
            "%(actor)s and %(others)d other people invite you to projects.",
            said.others,
        ),
        order=502,
        own_page=_mine,
    )
)
register(
    NotificationKind(
        notices.ASSIGNED,
        label=gettext_lazy("Project tasks assigned to me"),
        one=lambda said: _("%(actor)s assigned you the task “%(task)s” in %(project)s."),
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person assigned you tasks.",
            "%(actor)s and %(others)d other people assigned you tasks.",
            said.others,
        ),
        order=503,
    )
)
register(
    NotificationKind(
        notices.TASK_COMMENT,
        label=gettext_lazy("Comments on my project tasks"),
        one=lambda said: _("%(actor)s commented on the task “%(task)s” in %(project)s."),
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person commented on the task “%(task)s”.",
            "%(actor)s and %(others)d other people commented on the task “%(task)s”.",
            said.others,
        ),
        order=504,
    )
)

register(
    NotificationKind(
        notices.LEAD,
        label=gettext_lazy("Changes of lead in my projects"),
        one=_lead,
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person changed the lead of your projects.",
            "%(actor)s and %(others)d other people changed the lead of your projects.",
            said.others,
        ),
        order=505,
    )
)

registry.add(
    PersonalData(
        "projects",
        export="tremplin.projects.personal_data.export",
        erase="tremplin.projects.personal_data.erase",
    )
)


def _readable_documents(viewer: object) -> object:
    from tremplin.projects.models import SharedFile

    return SharedFile.objects.readable_by(viewer)


readers.add(_readable_documents)

# What /robots.txt keeps crawlers out of (core.robots).
hooks.crawling.add(hooks.Crawling(private=("projects/new/", "projects/mine/")))
