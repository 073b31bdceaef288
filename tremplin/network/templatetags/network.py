from typing import Any

from django import template

from tremplin.network import queries

register = template.Library()


@register.simple_tag(takes_context=True)
def network_relation(context: dict[str, Any], other: Any) -> dict[str, Any]:
    """The viewer's relation with `other` (connected, requests, follow, block, mute)."""
    return queries.relation(context["request"].user, other)


@register.simple_tag(takes_context=True)
def follows_organization(context: dict[str, Any], org: Any) -> bool:
    return queries.is_following(context["request"].user, organization=org)
