from django import template

from tremplin.core.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def navigation(context) -> list:
    """The main menu's entries for this visitor, as the apps declared them (core.hooks)."""
    from tremplin.core.hooks import navigation_for

    user = context.get("user")
    return navigation_for(bool(user is not None and user.is_authenticated))
