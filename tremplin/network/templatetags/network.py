from typing import Any

from django import template

from tremplin.network import queries

register = template.Library()


@register.simple_tag(takes_context=True)
def follows_organization(context: dict[str, Any], org: Any) -> bool:
    return queries.is_following(context["request"].user, organization=org)
