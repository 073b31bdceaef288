"""Emails of moderation, queued in the database: each task takes a decision's id and
builds the email (and its link) when it runs, in the author's language."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from tremplin.core import email
from tremplin.moderation import notices, reportables
from tremplin.moderation.models import Action, Decision
from tremplin.notifications.services import delivery_for

TEMPLATES = {
    Action.REMOVE: "moderation/email/removed",
    Action.WARN: "moderation/email/warned",
    Action.SUSPEND: "moderation/email/suspended",
    Action.LIFT: "moderation/email/lifted",
}
# When the member asked for the notification itself by email, that email says it.
KIND_OF = {Action.REMOVE: notices.CONTENT_REMOVED, Action.WARN: notices.WARNED}


@task()
def tell_author(decision_id: int) -> bool:
    """Email the author a removal, a warning, a suspension or its lifting. Idempotent
    enough: a retry sends the same email again, never another decision's."""
    decision = Decision.objects.select_related("author").filter(pk=decision_id).first()
    if decision is None or decision.author is None or decision.action not in TEMPLATES:
        return False
    author = decision.author
    kind = KIND_OF.get(Action(decision.action))
    if kind is not None and delivery_for(author, kind) == "email":
        return False
    language = author.language or settings.LANGUAGE_CODE
    with translation.override(language):
        # A member is warned or suspended about their profile, not "their member".
        what = _("profile") if decision.kind == "member" else str(reportables.label(decision.kind))
        notice_path = reverse("moderation:notice", kwargs={"pk": decision.pk})
    email.send(
        author.email,
        TEMPLATES[Action(decision.action)],
        {"decision": decision, "what": what, "notice_path": notice_path},
        language,
    )
    return True
