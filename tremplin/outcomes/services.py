"""The survey actions. Pages and the API call these functions.

A survey link carries a random token (`secrets.token_urlsafe`) and the survey's kind,
signed with `django.core.signing`: a link someone altered is refused before any
database query, and only the token's SHA-256 is stored. Answering writes the answer and
claims the invitation in one transaction with a conditional UPDATE, so two submissions
of the same link (two tabs, a double click, a replay) give one answer and one "already
answered". Answering by link never signs anyone in.

A refusal is a `SurveyError` whose `code` says how the API and the pages answer it
(`tremplin.core.refusals.STATUSES`): "not_found" (404), "expired" (410), "answered"
(409), "exists" and "transition" (409), "invalid" (422).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tremplin.core import email
from tremplin.core.refusals import Refusal
from tremplin.counselling.models import Case, CaseStatus, ExitReason
from tremplin.notifications.services import notify
from tremplin.outcomes import queries
from tremplin.outcomes.hooks import SURVEY
from tremplin.outcomes.models import SurveyInvitation, SurveyKind, SurveyResponse

SALT = "tremplin.outcomes.survey-link"
# A signed link is about 100 characters; anything much longer is not ours.
MAX_LINK_LENGTH = 400
COMMENT_MAX = 2000
# The sweep catches up cases closed this recently without an exit survey.
CATCH_UP_DAYS = 30


class SurveyError(Refusal):
    area = "outcomes"


def _refuse(message: str, code: str) -> SurveyError:
    return SurveyError(message, code=code)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign_link(kind: str, token: str) -> str:
    return signing.Signer(salt=SALT).sign_object({"k": kind, "t": token})


def read_link(signed: str) -> tuple[str, str]:
    """(kind, token) of a signed link, or SurveyError "not_found": no database query."""
    if not isinstance(signed, str) or not signed or len(signed) > MAX_LINK_LENGTH:
        raise _refuse(_("This survey link is not valid."), "not_found")
    try:
        value = signing.Signer(salt=SALT).unsign_object(signed)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        raise _refuse(_("This survey link is not valid."), "not_found") from None
    if (
        not isinstance(value, dict)
        or value.get("k") not in SurveyKind.values
        or not isinstance(value.get("t"), str)
        or not value["t"]
    ):
        raise _refuse(_("This survey link is not valid."), "not_found")
    return value["k"], value["t"]


def survey_url(signed: str, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse("outcomes:link", kwargs={"signed": signed})


def invitation_for_link(signed: str) -> SurveyInvitation:
    """The invitation a signed link names (whatever its state), or "not_found"; a link
    signed for another kind of survey is not this survey's link."""
    kind, token = read_link(signed)
    found = (
        SurveyInvitation.objects.select_related("case__agency", "case__counsellor__profile")
        .filter(token_hash=hash_token(token), kind=kind)
        .first()
    )
    if found is None:
        raise _refuse(_("This survey link is not valid."), "not_found")
    return found


def new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


# ------------------------------------------------------------------ sending


def _announce(invitation: SurveyInvitation, actor: Any) -> None:
    """In the sending transaction: the in-app notification (delivered after commit) and
    the email with the link (queued after commit)."""
    from tremplin.outcomes.tasks import send_survey_email

    case = invitation.case
    notify(case.client, SURVEY, actor=actor, target=case, group_key=f"survey:{invitation.pk}")
    invitation_id = invitation.pk
    transaction.on_commit(lambda: send_survey_email.enqueue(invitation_id))


def _create(case: Case, kind: str, created_by: Any = None) -> SurveyInvitation:
    _token, token_hash = new_token()  # replaced by the email's own token when it is sent
    return SurveyInvitation.objects.create(
        case=case,
        kind=kind,
        counsellor=case.counsellor,
        token_hash=token_hash,
        created_by=created_by,
    )


def send_exit_survey(case_id: int) -> SurveyInvitation | None:
    """The exit survey of a closed case that was served; None when there is none to send
    (unknown case, not closed, never served, no client, or already sent)."""
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("client", "counsellor")
            .filter(pk=case_id)
            .first()
        )
        if (
            case is None
            or case.status != CaseStatus.CLOSED
            or case.client is None
            or case.client_consented_at is None
            or case.exit_reason == ExitReason.DECLINED
            or not case.client.is_active
        ):
            return None
        if SurveyInvitation.objects.filter(case=case, kind=SurveyKind.EXIT).exists():
            return None
        try:
            with transaction.atomic():
                invitation = _create(case, SurveyKind.EXIT)
        except IntegrityError:  # another worker sent it first
            return None
        _announce(invitation, case.counsellor)
        return invitation


def send_mid_service_survey(counsellor: Any, case: Case) -> SurveyInvitation:
    """The case's counsellor asks the client how the service is going (ACTIVE case, at
    most one open mid-service survey at a time)."""
    with transaction.atomic():
        locked = (
            Case.objects.select_for_update(of=("self",))
            .select_related("client", "counsellor")
            .filter(pk=case.pk)
            .first()
        )
        if locked is None or counsellor is None or locked.counsellor_id != counsellor.pk:
            raise _refuse(_("This link cannot be found."), "not_found")
        if locked.status != CaseStatus.ACTIVE or locked.client is None:
            raise _refuse(_("A survey can be sent only while the service is active."), "transition")
        waiting = SurveyInvitation.objects.open().filter(case=locked, kind=SurveyKind.MID_SERVICE)
        if waiting.exists():
            raise _refuse(_("A mid-service survey is already waiting for an answer."), "exists")
        invitation = _create(locked, SurveyKind.MID_SERVICE, created_by=counsellor)
        _announce(invitation, counsellor)
        return invitation


def email_invitation(invitation_id: int) -> bool:
    """Give the invitation a fresh token and email its link to the client, in the
    client's language. Rotating the token means only the latest email's link works, and
    no token ever sits in the task queue. False when there is nothing to send."""
    token, token_hash = new_token()
    with transaction.atomic():
        invitation = (
            SurveyInvitation.objects.select_for_update(of=("self",))
            .select_related("case__client", "case__agency", "case__counsellor__profile")
            .filter(pk=invitation_id, answered_at__isnull=True)
            .first()
        )
        if invitation is None or invitation.case.client is None or invitation.is_expired:
            return False
        invitation.token_hash = token_hash
        invitation.save(update_fields=["token_hash"])
    client = invitation.case.client
    language = client.language or settings.LANGUAGE_CODE
    other = "en" if language == "fr" else "fr"
    signed = sign_link(invitation.kind, token)
    other_url = survey_url(signed, other)
    counsellor = invitation.counsellor or invitation.case.counsellor
    context = {
        "agency": invitation.case.agency.name,
        "counsellor": counsellor.profile.display_name,
        "url": survey_url(signed, language),
        "other_url": other_url,
        "expires_at": invitation.expires_at,
        "kind": invitation.kind,
    }
    email.send(
        client.email,
        "outcomes/email/survey",
        {**context, "header": _header(other, other_url)},
        language,
    )
    return True


def _header(language: str, url: str) -> str:
    """The line that offers the email in the other language, in that language."""
    with translation.override(language):
        if language == "en":
            header = _("This message is also available in English: %(url)s")
        else:
            header = _("This message is also available in French: %(url)s")
        return header % {"url": url}


def catch_up_exit_surveys() -> int:
    """Exit surveys for cases closed in the last 30 days that have none (the closing's
    event is lost if the process stops between the commit and its handler)."""
    since = timezone.now() - timedelta(days=CATCH_UP_DAYS)
    missing = (
        Case.objects.filter(
            status=CaseStatus.CLOSED,
            closed_at__gte=since,
            client__isnull=False,
            client_consented_at__isnull=False,
        )
        .exclude(exit_reason=ExitReason.DECLINED)
        .exclude(survey_invitations__kind=SurveyKind.EXIT)
        .values_list("pk", flat=True)
    )
    return sum(1 for case_id in list(missing[:500]) if send_exit_survey(case_id) is not None)


# ------------------------------------------------------------------ answering


def clean_answer(score: Any, comment: Any) -> tuple[int, str]:
    """The score as an int 1..5 and the comment trimmed, or SurveyError "invalid"."""
    try:
        value = int(score)
    except (TypeError, ValueError):
        value = 0
    if isinstance(score, bool) or value < 1 or value > 5:
        raise _refuse(_("Choose a score from 1 to 5."), "invalid")
    text = (comment or "").strip()
    if "\x00" in text:
        raise _refuse(_("Null characters are not allowed."), "invalid")
    if len(text) > COMMENT_MAX:
        raise _refuse(
            _("The comment can have at most %(max)d characters (it has %(count)d).")
            % {"max": COMMENT_MAX, "count": len(text)},
            "invalid",
        )
    return value, text


def _answer(invitation_id: int, score: int, comment: str, language: str) -> SurveyResponse:
    now = timezone.now()
    with transaction.atomic():
        claimed = SurveyInvitation.objects.filter(
            pk=invitation_id, answered_at__isnull=True, expires_at__gt=now
        ).update(answered_at=now)
        if not claimed:
            current = SurveyInvitation.objects.filter(pk=invitation_id).first()
            if current is None:
                raise _refuse(_("This survey cannot be found."), "not_found")
            if current.answered_at is not None:
                raise _refuse(_("This survey has already been answered. Thank you!"), "answered")
            raise _refuse(_("This link has expired."), "expired")
        language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        return SurveyResponse.objects.create(
            invitation_id=invitation_id,
            score=score,
            comment=comment,
            language=language,
            created=now,
        )


def answer_by_link(signed: str, score: Any, comment: Any, language: str) -> SurveyResponse:
    """Anyone holding the link answers once; the link is checked before the answer."""
    invitation = invitation_for_link(signed)
    value, text = clean_answer(score, comment)
    return _answer(invitation.pk, value, text, language)


def answer_as_client(
    user: Any, invitation_id: int, score: Any, comment: Any, language: str
) -> SurveyResponse:
    """The signed-in client answers their own survey from the app, without the link."""
    invitation = queries.client_invitation(user, invitation_id)
    if invitation is None:
        raise _refuse(_("This survey cannot be found."), "not_found")
    value, text = clean_answer(score, comment)
    return _answer(invitation.pk, value, text, language)
