"""The feed's input rules, shared by its actions: language, audience, text, title and
who may publish for an organisation. Each refuses with a `FeedError`."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tremplin.core.audience import Audience
from tremplin.core.viewer import viewer_of
from tremplin.feed import text as feed_text
from tremplin.feed.errors import FeedError
from tremplin.feed.models import (
    ITEM_AUDIENCES,
    POST_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    ItemLanguage,
    Kind,
)
from tremplin.organizations.models import Organization, Role


def invalid(message: Any, code: str = "invalid") -> FeedError:
    """The refusal to raise: "invalid" unless said otherwise."""
    return FeedError(message, code=code)


def check_language(language: str | None, author: Any, body: str = "") -> str:
    """The item's language: the one given, else a confident guess from the text, else
    the author's own language."""
    if language:
        if language not in ItemLanguage.values:
            raise invalid(_("Choose French or English as the language."))
        return language
    return feed_text.guess_language(body) or (
        author.language if author.language in ItemLanguage.values else "fr"
    )


def check_audience(audience: str) -> str:
    if audience not in [a.value for a in ITEM_AUDIENCES]:
        raise invalid(_("Choose who can see it: everyone, members or your connections."))
    return audience


def check_text(body: str, *, required: bool = True, limit: int = POST_MAX_LENGTH) -> str:
    body = (body or "").strip()
    if required and not body:
        raise invalid(_("Write something before publishing."))
    if len(body) > limit:
        raise invalid(_("The text is too long: %(max)d characters at most.") % {"max": limit})
    return body


def admin_organizations(user: Any) -> Any:
    """Organisations on whose behalf `user` may publish (they are an admin there)."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=user, memberships__role=Role.ADMIN)


def check_organization(user: Any, organization: Any, audience: str) -> Any:
    """An organisation publishes through its administrators, never to "connections"."""
    if organization is None:
        return None
    if organization.pk not in viewer_of(user).organization_ids(role=Role.ADMIN):
        raise invalid(_("Only its administrators may publish for an organisation."), "forbidden")
    if audience == Audience.CONNECTIONS:
        raise invalid(_("An organisation publishes to everyone or to members only."))
    return organization


def check_title(title: str, kind: str = Kind.ARTICLE) -> str:
    title = " ".join((title or "").split())
    if kind == Kind.ARTICLE and not title:
        raise invalid(_("Give the article a title."))
    if len(title) > TITLE_MAX_LENGTH:
        raise invalid(
            _("The title is too long: %(max)d characters at most.") % {"max": TITLE_MAX_LENGTH}
        )
    return title
