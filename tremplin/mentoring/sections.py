"""The mentoring section of the case page (registered in hooks.py): for the client's
counsellor, with the client's consent, the client's active mentorships — with whom,
since when, their goals and progress. Nothing for anyone else; never notes or feedback."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tremplin.mentoring.models.goals import GOAL_SCOPE
from tremplin.mentoring.queries.counsellor import mentorships_for_counsellor


def case_section(request: HttpRequest, case: Any, role: str) -> dict[str, Any] | None:
    if role != "counsellor":
        return None
    # role "counsellor": the viewer is this case's counsellor; the case says what it grants.
    seen = mentorships_for_counsellor(request.user, case.client, granted=case.grants(GOAL_SCOPE))
    if not seen:
        return None
    return {"template": "mentoring/_case_section.html", "mentorships": seen}
