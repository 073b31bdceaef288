"""Template filters of the communities part: a region's or a sector's name from its
code (the community keeps the code; the page shows the name in the reader's language)."""

from __future__ import annotations

from django import template

from tremplin.core.regions import Region
from tremplin.profiles.models import Sector

register = template.Library()


@register.filter
def region_name(code: str) -> str:
    return str(Region(code).label) if code in Region.values else code


@register.filter
def sector_name(code: str) -> str:
    return str(Sector(code).label) if code in Sector.values else code
