"""The choices of a profile: its section labels, sectors and who sees "open to work"."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.core.audience import SectionAudience

# The words a language is written with in a profile's languages section (members type
# its name), in French and English, with and without accents, and its code: a recruiter
# typing either finds both, and Jobs for you reads which ones a member works in.
LANGUAGE_NAMES = {
    "fr": ("français", "francais", "french", "fr"),
    "en": ("anglais", "english", "en"),
    "es": ("espagnol", "español", "espanol", "spanish", "es"),
    "ar": ("arabe", "arabic", "ar"),
}

SECTION_LABELS = {
    "basics": _("Name, headline, photo and city"),
    "about": _("About"),
    "experience": _("Experience"),
    "education": _("Education"),
    "skills": _("Skills"),
    "languages": _("Languages"),
    "interests": _("Interests"),
    "recommendations": _("Recommendations"),
}


class Sector(models.TextChoices):
    """Broad sectors (after NAICS), shown with the basics section. Used by the author
    analytics (`tremplin.influence`) to describe an audience in groups of 5 or more."""

    HEALTH = "health", _("Health care")
    SOCIAL = "social", _("Community and social services")
    EDUCATION = "education", _("Educational services")
    PUBLIC = "public", _("Public administration")
    IT = "it", _("Information technology")
    FINANCE = "finance", _("Finance and insurance")
    PROFESSIONAL = "professional", _("Professional, scientific and technical services")
    CONSTRUCTION = "construction", _("Construction")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    RETAIL = "retail", _("Retail trade")
    HOSPITALITY = "hospitality", _("Accommodation and food services")
    TRANSPORTATION = "transportation", _("Transportation and warehousing")
    AGRICULTURE = "agriculture", _("Agriculture, forestry and fishing")
    ARTS = "arts", _("Arts, culture and recreation")
    OTHER = "other", _("Other sector")


class OpenToWorkAudience(models.TextChoices):
    """Its values name section audiences on purpose: "counsellors" and "recruiters" are
    decided by `core.audience.in_audience` (and `audience_q`) like a section's;
    "everyone" is the basics section's own audience."""

    COUNSELLORS = SectionAudience.COUNSELLORS.value, _("My counsellors only")
    RECRUITERS = SectionAudience.RECRUITERS.value, SectionAudience.RECRUITERS.label
    EVERYONE = "everyone", _("Everyone who can see my profile")


def organization_key(name: str) -> str:
    """How an employer's name is compared (`Experience.organization_key`): case folded,
    spaces collapsed."""
    return " ".join(name.split()).casefold()[:120]
