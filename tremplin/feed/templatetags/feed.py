from typing import Any

from django import template
from django.utils.safestring import SafeString

from tremplin.feed.models import Item
from tremplin.feed.queries import article_cards
from tremplin.feed.text import render_text

register = template.Library()


@register.simple_tag(takes_context=True)
def profile_articles(context: dict[str, Any], profile: Any, limit: int = 5) -> list[Item]:
    """The newest articles of a profile's owner that the viewer may see (for the
    "Posts / Articles" section of the profile page)."""
    return article_cards(context["request"].user, profile.user, limit)


@register.filter
def text_html(text: str) -> SafeString:
    """Plain text (a comment) with mentions, hashtags and links."""
    return render_text(text)
