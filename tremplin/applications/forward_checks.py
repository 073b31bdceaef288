"""What a forward must satisfy before anything is written (`services.forward_posting`):
some clients, not too many; the posting still open and visible to the counsellor; an
ACTIVE case of the counsellor with each client; the posting's audience including each
client; none of them having received it already. Each check refuses the whole forward
with an `ApplicationsRefusal` whose message names the problem. The posting and the
cases are locked, so a close or a pause cannot slip between the checks and the rows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django.utils.translation import gettext as _

from tremplin.applications.inputs import ApplicationsRefusal
from tremplin.applications.models import Forward
from tremplin.applications.queries import forwardable_cases
from tremplin.counselling.models import Case
from tremplin.jobs.models import Posting

# One action forwards to at most this many clients (a caseload is rarely larger).
MAX_CLIENTS_PER_FORWARD = 200


def not_client_message() -> str:
    return _("You can forward a posting only to the clients of your active cases.")


def _name(user: Any) -> str:
    profile = getattr(user, "profile", None)
    return profile.display_name if profile is not None else str(user.pk)


def names(users: Iterable[Any]) -> str:
    return ", ".join(sorted(_name(u) for u in users))


def chosen(clients: list[Any]) -> list[Any]:
    chosen = list({client.pk: client for client in clients}.values())
    if not chosen:
        raise ApplicationsRefusal(_("Choose at least one client."), "invalid", "clients")
    if len(chosen) > MAX_CLIENTS_PER_FORWARD:
        raise ApplicationsRefusal(
            _("Choose at most %(max)d clients at a time.") % {"max": MAX_CLIENTS_PER_FORWARD},
            "invalid",
            "clients",
        )
    return chosen


def open_posting(counsellor: Any, posting: Posting) -> Posting:
    locked = (
        Posting.objects.visible_to(counsellor)
        .select_for_update(of=("self",))
        .filter(pk=posting.pk)
        .first()
    )
    if locked is None:
        raise ApplicationsRefusal(_("This posting cannot be found."), "not_found")
    if not locked.is_open:
        raise ApplicationsRefusal(
            _("This posting is no longer open: it cannot be forwarded."), "not_open"
        )
    return locked


def cases_of(counsellor: Any, chosen: list[Any]) -> dict[int, Case]:
    """client id → the counsellor's active case with them (locked); every chosen client
    must have one."""
    ids = [client.pk for client in chosen]
    cases = {
        cast(int, case.client_id): case
        for case in forwardable_cases(counsellor)
        .select_for_update(of=("self",))
        .filter(client__in=ids)
    }
    if len(cases) < len(ids):
        # The same message whoever the others are: a forward reveals nothing about
        # people who are not the counsellor's clients.
        raise ApplicationsRefusal(not_client_message(), "not_client", "clients")
    return cases


def refuse_left_out(posting: Posting, chosen: list[Any]) -> None:
    left_out = [c for c in chosen if not Posting.objects.visible_to(c).filter(pk=posting.pk)]
    if left_out:
        raise ApplicationsRefusal(
            _("This posting is not visible to %(names)s: its audience leaves them out.")
            % {"names": names(left_out)},
            "not_visible",
            "clients",
        )


def refuse_already_sent(posting: Posting, chosen: list[Any]) -> None:
    already = [
        f.client
        for f in Forward.objects.filter(
            posting=posting, client__in=[c.pk for c in chosen]
        ).select_related("client__profile")
    ]
    if already:
        raise ApplicationsRefusal(
            _("You already sent this posting to %(names)s.") % {"names": names(already)},
            "already",
            "clients",
        )
