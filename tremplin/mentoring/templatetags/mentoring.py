"""Small filters for the mentoring pages: a mentorship seen from one party."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def other_party(mentorship: Any, user: Any) -> Any:
    return mentorship.other_party(user)


@register.filter
def waits_for(mentorship: Any, user: Any) -> bool:
    return bool(mentorship.waits_for(user))
