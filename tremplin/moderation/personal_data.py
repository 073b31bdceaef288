"""What the moderation app holds about a member: the reports they made (with their
notes), the decisions about their content or account (with the moderator's reason) and
their suspensions.

Erased: the reports they made stay for the moderators' record without their name or
their note (as the deletion page says); reports about their content lose the reporter's
note and the author (the content itself is erased by its own app); decisions about them keep
the action and the date for the moderation log's counts, without the author or the
reason (which may quote or name them); decisions they took as a moderator no longer name
them; their suspensions go."""

from __future__ import annotations

from typing import Any

from tremplin.core.personal_data import plain_rows
from tremplin.moderation.models import Decision, Report, Suspension


def export(user: Any) -> dict[str, Any]:
    return {
        "reports_made": plain_rows(
            Report.objects.filter(reporter=user), exclude=("reporter", "author", "decision")
        ),
        "decisions_about_me": plain_rows(
            Decision.objects.filter(author=user), exclude=("author", "moderator")
        ),
        "suspensions": plain_rows(Suspension.objects.filter(user=user), exclude=("user",)),
    }


def erase(user: Any) -> int:
    changed = Report.objects.filter(reporter=user).update(reporter=None, note="")
    changed += Report.objects.filter(author=user).update(author=None, note="")
    changed += Decision.objects.filter(author=user).update(author=None, reason="")
    changed += Decision.objects.filter(moderator=user).update(moderator=None)
    suspensions, _by_model = Suspension.objects.filter(user=user).delete()
    return changed + suspensions
