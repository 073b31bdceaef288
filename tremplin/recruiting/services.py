"""The recruiter's one action: write to a candidate found in the search.

The message goes through messaging's `start_conversation`, so its rules hold as for any
member: a recruiter not connected with the candidate sends a message REQUEST (the
candidate accepts, replies or refuses; refused, the recruiter cannot write again), the
stranger rate limit, blocks, and the scam guard for employers' staff. What this adds:
only a candidate the search lists may be contacted (`candidate_or_404`), and the first
lines name the recruiter's verified employer, in the candidate's language, so she knows
who writes before she answers.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from tremplin.messaging.services import start_conversation
from tremplin.organizations.models import Organization
from tremplin.recruiting.errors import RecruitingRefusal
from tremplin.recruiting.queries import candidate_or_404, recruiting_organizations


def introduction(sender: Any, organization: Organization, language: str) -> str:
    """The line that opens the message, in the candidate's language."""
    with translation.override(language):
        return _(
            "%(name)s, recruiter at %(organization)s (a verified employer), found your "
            "profile in Tremplin's recruiter search."
        ) % {"name": sender.profile.display_name, "organization": organization.name}


def contact_candidate(
    recruiter: Any, handle: str, body: str, organization_slug: str = ""
) -> tuple[Any, Any]:
    """Write to the candidate at `handle` in the name of one of the recruiter's verified
    employers (`organization_slug`, or the first by name). Returns (conversation,
    message); refuses as messaging does."""
    candidate = candidate_or_404(recruiter, handle)
    employers = list(recruiting_organizations(recruiter))
    chosen = next((o for o in employers if o.slug == organization_slug), None)
    if organization_slug and chosen is None:
        raise RecruitingRefusal(
            _("Choose one of your verified employers."), code="invalid", field="organization"
        )
    organization = chosen or employers[0]
    text = body.strip()
    if text:
        text = f"{introduction(recruiter, organization, candidate.service_language)}\n\n{text}"
    return start_conversation(recruiter, [candidate.user], text)
