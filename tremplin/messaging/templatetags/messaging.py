from django import template
from django.utils.safestring import SafeString

from tremplin.messaging.markdown import render_message

register = template.Library()


@register.filter
def message_body(text: str) -> SafeString:
    return render_message(text)
