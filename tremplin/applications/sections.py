"""The "Jobs and applications" section of the case page (see
tremplin/counselling/sections.py): the postings sent within this case (to the client
and the case's current counsellor, through `Forward.objects.visible_to`), and for the
counsellor the client's applications, only while the case grants the applications scope
(`Application.objects.visible_to`). An agency admin sees nothing of it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tremplin.applications import queries
from tremplin.core.consent import refusal_sentence
from tremplin.counselling.models import Case, CaseStatus, Scope

SHOWN = 50


def case_section(request: HttpRequest, case: Case, role: str) -> dict[str, Any] | None:
    if role not in ("client", "counsellor") or case.status == CaseStatus.INVITED:
        return None
    viewer = request.user
    forwards = list(queries.forwards_of(viewer).filter(case=case)[:SHOWN])
    # The case in hand is the consent record itself (`Case.grants`: active and ticked,
    # the rule the viewer's relations are built on): no query for it.
    shares = role == "counsellor" and case.grants(Scope.APPLICATIONS)
    applications = (
        list(queries.applications_of(viewer, case.client_id).for_list()[:SHOWN]) if shares else []
    )
    return {
        "template": "applications/_case_section.html",
        "role": role,
        "forwards": forwards,
        "shares_applications": shares,
        # Why not, in the counsellor's words (withdrawn, or the link paused).
        "withheld": refusal_sentence(viewer, case.client, Scope.APPLICATIONS)
        if role == "counsellor" and not shares
        else "",
        "applications": applications,
    }
