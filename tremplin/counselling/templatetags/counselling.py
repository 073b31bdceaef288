from django import template

from tremplin.counselling import services

register = template.Library()


@register.filter
def is_counsellor(user) -> bool:
    """Whether the member counsels at some agency (the navigation shows the caseload)."""
    return services.is_counsellor(user)
