from django import template
from django.utils.safestring import SafeString

from tremplin.messaging import queries
from tremplin.messaging.markdown import render_message

register = template.Library()


@register.filter
def message_body(text: str) -> SafeString:
    return render_message(text)


@register.simple_tag(takes_context=True)
def messaging_unread(context) -> int:
    """Conversations with unread messages, for the navigation badge (one indexed count)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return queries.unread_conversations(user)
