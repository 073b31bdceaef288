"""Template filters of the moderation part, for the other parts' member lists:

{% load community_moderation %}
{% if membership|is_new_member %}
  {% include "communities/moderation/_new_member.html" %}
{% endif %}
"""

from __future__ import annotations

from typing import Any

from django import template

from tremplin.communities.services import moderation

register = template.Library()


@register.filter
def is_new_member(membership: Any) -> bool:
    """Joined the community less than 14 days ago, or a new account."""
    return moderation.is_new_member(membership)
