"""What a counsellor is told when a client's consent says no, on every path.

The rule itself is the viewer's (`tremplin.core.viewer.Viewer.counsels`, provided by
counselling's hooks.py). Here is only how a refusal is said: where the counsellor knows
the case (an open case, active or paused), she is told that the client has not granted
this, or that the link is paused, with the code `not_granted` (403 in pages and API, from
`tremplin.core.refusals.STATUSES`), never a bare 404. Anyone else gets the app's usual
answer (a 404 that reveals nothing).
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from tremplin.core.refusals import Refusal
from tremplin.core.viewer import viewer_of

NOT_GRANTED = "not_granted"


class NotGranted(PermissionDenied):
    """A read refused by the client's consent (pages: the 403 page with the sentence;
    the API: 403 JSON with the code)."""

    code = NOT_GRANTED


# The consent scopes, as counselling names them (counselling.models.Scope's values).
PROFILE, DOCUMENTS, APPLICATIONS, MESSAGES = "profile", "documents", "applications", "messages"


def _not_granted(scope: str) -> str:
    # Literal msgids, so that makemessages finds them.
    return {
        PROFILE: _(
            "%(name)s has not allowed you to see the parts of their profile they show "
            "to their counsellors."
        ),
        DOCUMENTS: _("%(name)s has not allowed you to see their documents."),
        APPLICATIONS: _("%(name)s has not allowed you to see their job applications."),
        MESSAGES: _("%(name)s has not allowed you to send them messages."),
    }[scope]


def _paused(scope: str) -> str:
    return {
        PROFILE: _(
            "Your counselling link with %(name)s is paused: until it resumes, you cannot "
            "see the parts of their profile shown to counsellors."
        ),
        DOCUMENTS: _(
            "Your counselling link with %(name)s is paused: until it resumes, you cannot "
            "see their documents."
        ),
        APPLICATIONS: _(
            "Your counselling link with %(name)s is paused: until it resumes, you cannot "
            "see their job applications."
        ),
        MESSAGES: _(
            "Your counselling link with %(name)s is paused: until it resumes, you cannot "
            "send them messages."
        ),
    }[scope]


def name_of(user: Any) -> str:
    profile = getattr(user, "profile", None)
    return str(getattr(profile, "display_name", "") or _("This member"))


def refusal_sentence(viewer: Any, client: Any, scope: str) -> str:
    """The sentence for a counsellor whose open case with `client` does not grant
    `scope` now ("" when the case grants it, or when there is no open case)."""
    asking = viewer_of(viewer)
    if not asking.withheld(client.pk, scope):
        return ""
    paused = not asking.counsellor_cases[client.pk].active
    return (_paused(scope) if paused else _not_granted(scope)) % {"name": name_of(client)}


def require_consent(viewer: Any, client: Any, scope: str, refusal: type[Refusal] = Refusal) -> None:
    """Refuse (`refusal` with code `not_granted`) a counsellor whose open case with
    `client` does not grant `scope` now; nothing for anyone else."""
    sentence = refusal_sentence(viewer, client, scope)
    if sentence:
        raise refusal(sentence, code=NOT_GRANTED)


def explain_or_404(viewer: Any, client: Any, scope: str) -> NoReturn:
    """For a read that found nothing: `NotGranted` with the sentence when the viewer is
    `client`'s counsellor in an open case that withholds `scope`; else a plain 404."""
    sentence = refusal_sentence(viewer, client, scope) if client is not None else ""
    if sentence:
        raise NotGranted(sentence)
    raise Http404


def counsels_or_refuse(viewer: Any, client_id: int, scope: str) -> None:
    """For a counsellor's read of one client's data: nothing when the viewer counsels
    `client_id` with `scope` granted now; `NotGranted` (the reason) when her open case
    withholds it; else a 404."""
    asking = viewer_of(viewer)
    if asking.counsels(client_id, scope):
        return
    client = None
    if asking.has_case_with(client_id):
        client = get_user_model().objects.select_related("profile").filter(pk=client_id).first()
    explain_or_404(asking, client, scope)
