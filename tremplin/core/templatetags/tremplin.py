from django import template
from django.urls import translate_url

from tremplin.core.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def url_in_language(context, language: str) -> str:
    """The current page's address in another language (/fr/... <-> /en/...)."""
    request = context["request"]
    return translate_url(request.get_full_path(), language)
