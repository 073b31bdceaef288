from django import template

from tremplin.network import services

register = template.Library()


@register.simple_tag(takes_context=True)
def network_relation(context, other) -> dict:
    """The viewer's relation with `other` (connected, requests, follow, block, mute)."""
    return services.relation(context["request"].user, other)


@register.simple_tag(takes_context=True)
def follows_organization(context, org) -> bool:
    return services.is_following(context["request"].user, organization=org)
