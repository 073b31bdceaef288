"""Reads about the signed-in member that pages and the API show."""

from __future__ import annotations

from typing import Any

from tremplin.core.viewer import viewer_of


def roles_of(user: Any) -> list[str]:
    """The member's roles: those at organisations (from the viewer's memberships, read
    once per request), then the site-wide ones."""
    roles = sorted({membership.role for membership in viewer_of(user).memberships})
    if user.is_moderator:
        roles.append("moderator")
    if user.is_staff:
        roles.append("site_admin")
    return roles
