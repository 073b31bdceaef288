from typing import Any

from django import template
from django.utils.safestring import SafeString

from tremplin.core.hooks import NavEntry, navigation_for
from tremplin.core.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def navigation(context: Any) -> list[NavEntry]:
    """The main menu's entries for this visitor, as the apps declared them (core.hooks)."""
    user = context.get("user")
    return navigation_for(bool(user is not None and user.is_authenticated))


@register.simple_tag(takes_context=True)
def jinja(context: Any, name: str, **values: Any) -> str:
    """Render a Jinja2 fragment (`templates/<app>/*.jinja`) with this page's context
    and `values`: the rows a page prints many times (see tremplin.core.jinja)."""
    from django.utils.safestring import mark_safe

    from tremplin.core.jinja import render_to_string

    flat = {**context.flatten(), **values}
    return mark_safe(render_to_string(name, flat, context.get("request")))  # noqa: S308


@register.simple_tag
def field_group(field: Any) -> str:
    """`{% field_group form.x %}`: the field's label, widget, help and errors, rendered
    once per process for an unbound form (tremplin.core.forms.field_group)."""
    from tremplin.core.forms import field_group as render

    return render(field)
