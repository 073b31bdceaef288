from typing import Any

from django import template

from tremplin.notifications.queries import unread_of

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: Any) -> int:
    """The signed-in member's unread count, for the badge in the main navigation (one
    indexed COUNT per request, shared with the page if it shows the count too)."""
    request = context.get("request")
    return unread_of(request) if request is not None else 0
