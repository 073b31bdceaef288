"""What the applications app holds about a member: their application tracker (with each
application's history) and the postings counsellors forwarded to them, with their
answers. Erased: the tracker; a forward keeps its place in the counsellor's records
(how many postings were forwarded and answered) with every word removed."""

from __future__ import annotations

from typing import Any

from tremplin.applications.models import Application, ApplicationEvent, Forward
from tremplin.core.personal_data import plain_rows


def export(user: Any) -> dict[str, Any]:
    applications = Application.objects.filter(client=user).order_by("created", "pk")
    return {
        "applications": plain_rows(applications, exclude=("client",)),
        "application_events": plain_rows(
            ApplicationEvent.objects.filter(application__client=user).order_by("created", "pk")
        ),
        "forwarded_to_me": plain_rows(
            Forward.objects.filter(client=user).order_by("created", "pk"),
            exclude=("client", "counsellor"),
        ),
    }


def erase(user: Any) -> int:
    changed = Application.objects.filter(client=user).delete()[0]
    changed += Forward.objects.filter(client=user).update(
        note="", response_text="", response_reason=""
    )
    return changed
