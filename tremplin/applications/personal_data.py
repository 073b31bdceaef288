"""What the applications app holds about a member: their application tracker (with each
application's history), what they sent to employers here, on Tremplin (erased with the
tracker: a submission belongs to its application), and the postings counsellors
forwarded to them, with their answers. Erased: the tracker; a forward keeps its place in
the counsellor's records (how many postings were forwarded and answered) with every word
removed."""

from __future__ import annotations

from typing import Any

from tremplin.applications.models import Application, ApplicationEvent, Forward, Submission
from tremplin.core.personal_data import plain_rows


def export(user: Any) -> dict[str, Any]:
    applications = Application.objects.filter(client=user).order_by("created", "pk")
    return {
        "applications": plain_rows(applications, exclude=("client",)),
        "application_events": plain_rows(
            ApplicationEvent.objects.filter(application__client=user).order_by("created", "pk")
        ),
        # Applications sent here, on Tremplin: the message and the answers as sent.
        "sent_on_tremplin": plain_rows(
            Submission.objects.filter(applicant=user).order_by("created", "pk"),
            exclude=("applicant",),
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
