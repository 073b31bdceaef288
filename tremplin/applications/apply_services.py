"""The actions of applying here, on Tremplin (see `submissions.py` for the model and
its rule). Pages and the API call these; every check lives here.

- `apply(applicant, posting, ...)`: one transaction. The posting must be open, visible
  to the applicant and take applications here; one submission per person and posting.
  The CV (required) and the letter are the applicant's vault documents, or files
  uploaded now, which land in their vault first. The application in the tracker (an
  existing "saved" row moves to "applied") gets the submission and an event. The
  posting's author hears of it (`APPLICATION_RECEIVED`).
- `withdraw(applicant, submission)`: the application moves to "withdrawn" and the
  employer loses the submission and its documents at once (the rule and the readers).
- `set_status(receiver, submission, status, template)`: the employer's move along
  `EMPLOYER_TRANSITIONS`, mirrored on the application as an event; the applicant hears of
  it (`APPLICATION_NEWS`), and a decline carries the template's code, rendered in the
  applicant's language when read.
- `message_applicant(receiver, submission, body)`: the messaging service's
  conversation with the applicant (a new one, or the one they already share).
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tremplin.applications.hooks import APPLICATION_NEWS, APPLICATION_RECEIVED
from tremplin.applications.inputs import ApplicationsRefusal, check_text
from tremplin.applications.models import (
    EMPLOYER_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    TRANSITIONS,
    Application,
    ApplicationEvent,
    ApplicationStatus,
)
from tremplin.applications.submissions import (
    ANSWER_MAX_LENGTH,
    APPLICATION_STATUS_FOR,
    EMPLOYER_TRANSITIONS,
    MESSAGE_MAX_LENGTH,
    DeclineTemplate,
    EmployerStatus,
    Submission,
)
from tremplin.jobs.models import ApplyMethod, Posting
from tremplin.messaging.errors import MessagingError
from tremplin.messaging.services import start_conversation
from tremplin.notifications.services import notify
from tremplin.vault.models import Document, DocumentKind
from tremplin.vault.services import VaultError, upload_document

YES, NO = "yes", "no"


def _signed_in(user: Any) -> bool:
    return user is not None and user.is_authenticated


def check_answers(posting: Posting, answers: list[str]) -> list[dict[str, Any]]:
    """One answer per screening question, each required; yes/no ones "yes" or "no"."""
    questions = posting.screening_questions or []
    answers = list(answers or [])
    if len(answers) > len(questions):
        raise ApplicationsRefusal(_("There are more answers than questions."), "invalid", "answers")
    answers += [""] * (len(questions) - len(answers))
    kept = []
    for n, (question, answer) in enumerate(zip(questions, answers, strict=True), start=1):
        field = f"answer_{n}"
        answer = check_text(answer, ANSWER_MAX_LENGTH, field)
        if not answer:
            raise ApplicationsRefusal(_("Answer this question."), "invalid", field)
        if question.get("yes_no") and answer not in (YES, NO):
            raise ApplicationsRefusal(_("Answer yes or no."), "invalid", field)
        kept.append(
            {"question": question["text"], "yes_no": bool(question.get("yes_no")), "answer": answer}
        )
    return kept


def _document(applicant: Any, document_id: int | None, field: str) -> Document | None:
    if document_id is None:
        return None
    document = Document.objects.filter(pk=document_id, owner=applicant.pk).first()
    if document is None:
        raise ApplicationsRefusal(_("Choose one of your own documents."), "invalid", field)
    if not document.versions.exists():
        raise ApplicationsRefusal(_("This document has no file."), "invalid", field)
    return document


def _uploaded(applicant: Any, upload: Any, kind: str, field: str) -> Document:
    """An uploaded file, saved in the applicant's vault first (titled after the file)."""
    title = (getattr(upload, "name", "") or _("Document")).rsplit(".", 1)[0][:120] or _("Document")
    try:
        return upload_document(applicant, upload, title=title, kind=kind)
    except VaultError as error:
        raise ApplicationsRefusal(error.messages[0], "invalid", field) from None


def _open_here(applicant: Any, posting: Posting) -> Posting:
    locked = Posting.objects.select_for_update().filter(pk=posting.pk).first()
    if locked is None or not locked.is_visible_to(applicant):
        raise ApplicationsRefusal(_("This posting cannot be found."), "not_found")
    if locked.apply_method != ApplyMethod.HERE:
        raise ApplicationsRefusal(
            _("This posting does not take applications on Tremplin."), "invalid"
        )
    if not locked.is_open:
        raise ApplicationsRefusal(_("This posting is no longer open."), "not_open")
    if locked.is_managed_by(applicant):
        raise ApplicationsRefusal(_("You cannot apply to a posting you manage."), "forbidden")
    return locked


def _tracker_row(applicant: Any, posting: Posting) -> Application:
    """The applicant's application for the posting, moved to "applied" (a saved row
    moves; a row they marked applied themselves is kept; a finished one refuses)."""
    today = timezone.localdate()
    row = Application.objects.select_for_update().filter(client=applicant, posting=posting).first()
    if row is None:
        with translation.override(applicant.language or None):
            title = str(posting.title)
        return Application.objects.create(
            client=applicant,
            posting=posting,
            title=title[:TITLE_MAX_LENGTH],
            employer=posting.hiring_organization_name[:EMPLOYER_MAX_LENGTH],
            status=ApplicationStatus.APPLIED,
            status_date=today,
        )
    if row.status == ApplicationStatus.SAVED:
        row.status, row.status_date = ApplicationStatus.APPLIED, today
        row.save()
    elif row.status != ApplicationStatus.APPLIED:
        raise ApplicationsRefusal(
            _("This job is already in your tracker (%(status)s).")
            % {"status": row.get_status_display()},
            "already",
        )
    return row


def apply(
    applicant: Any,
    posting: Posting,
    *,
    cv_id: int | None = None,
    cv_file: Any = None,
    letter_id: int | None = None,
    letter_file: Any = None,
    message: str = "",
    answers: list[str] | None = None,
) -> Submission:
    """Send an application here, on Tremplin (see the module's docstring)."""
    if not _signed_in(applicant):
        raise ApplicationsRefusal(_("Sign in to apply."), "forbidden")
    message = check_text(message, MESSAGE_MAX_LENGTH, "message")
    kept = check_answers(posting, answers or [])
    if cv_id is None and cv_file is None:
        raise ApplicationsRefusal(_("Choose a CV or upload one."), "invalid", "cv")
    with transaction.atomic():
        locked = _open_here(applicant, posting)
        if Submission.objects.filter(posting=locked, applicant=applicant.pk).exists():
            raise ApplicationsRefusal(_("You already applied to this posting."), "already")
        cv = _document(applicant, cv_id, "cv") or _uploaded(
            applicant, cv_file, DocumentKind.CV, "cv_file"
        )
        letter = _document(applicant, letter_id, "letter")
        if letter is None and letter_file is not None:
            letter = _uploaded(applicant, letter_file, DocumentKind.COVER_LETTER, "letter_file")
        application = _tracker_row(applicant, locked)
        try:
            with transaction.atomic():
                submission = Submission.objects.create(
                    application=application,
                    posting=locked,
                    applicant=applicant,
                    cv=cv,
                    letter=letter,
                    message=message,
                    answers=kept,
                )
        except IntegrityError:  # the same form sent twice at once
            raise ApplicationsRefusal(
                _("You already applied to this posting."), "already"
            ) from None
        ApplicationEvent.objects.create(
            application=application,
            status=ApplicationStatus.APPLIED,
            date=timezone.localdate(),
            employer_status=EmployerStatus.NEW,
        )
        if locked.posted_by is not None:
            notify(
                locked.posted_by,
                APPLICATION_RECEIVED,
                actor=applicant,
                target=locked,
                group_key=f"applicants:{locked.pk}",
            )
    return submission


def withdraw(applicant: Any, submission: Submission) -> Submission:
    """The applicant takes their application back: the employer sees it no more."""
    if not _signed_in(applicant) or submission.applicant_id != applicant.pk:
        raise ApplicationsRefusal(_("This application cannot be found."), "not_found")
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.withdrawn:
            raise ApplicationsRefusal(_("You already withdrew this application."), "already")
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["withdrawn_at", "updated"])
        application = Application.objects.select_for_update().get(pk=locked.application_id)
        if TRANSITIONS.allows(application.status, ApplicationStatus.WITHDRAWN):
            _move(application, ApplicationStatus.WITHDRAWN, "")
    return locked


def _move(application: Application, status: str, employer_status: str) -> None:
    today = timezone.localdate()
    if application.status != status and TRANSITIONS.allows(application.status, status):
        application.status, application.status_date = status, today
        application.save()
    ApplicationEvent.objects.create(
        application=application,
        status=application.status,
        date=today,
        employer_status=employer_status,
    )


def _receiver(receiver: Any, submission: Submission) -> None:
    if not Submission.objects.received_by(receiver).filter(pk=submission.pk).exists():
        raise ApplicationsRefusal(_("This application cannot be found."), "not_found")


def set_status(
    receiver: Any, submission: Submission, status: str, template: str = ""
) -> Submission:
    """The employer moves an application (a decline sends a kind template message)."""
    _receiver(receiver, submission)
    if status not in EmployerStatus.values:
        raise ApplicationsRefusal(_("Choose a status from the list."), "invalid", "status")
    if status == EmployerStatus.DECLINED:
        template = template or DeclineTemplate.GENERAL
        if template not in DeclineTemplate.values:
            raise ApplicationsRefusal(_("Choose a message from the list."), "invalid", "template")
    else:
        template = ""
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        EMPLOYER_TRANSITIONS.check(locked.status, status, ApplicationsRefusal)
        locked.status, locked.decline_template = status, template
        locked.save(update_fields=["status", "decline_template", "updated"])
        application = Application.objects.select_for_update().get(pk=locked.application_id)
        _move(application, APPLICATION_STATUS_FOR[EmployerStatus(status)], status)
        notify(
            locked.applicant,
            APPLICATION_NEWS,
            target=application,
            data={"status": status, "template": template},
        )
    return locked


def message_applicant(receiver: Any, submission: Submission, body: str) -> Any:
    """Write to the applicant (messaging's conversation, new or continued)."""
    _receiver(receiver, submission)
    try:
        conversation, _message = start_conversation(receiver, [submission.applicant], body)
    except MessagingError as error:
        raise ApplicationsRefusal(error.messages[0], error.code or "invalid", "body") from None
    return conversation
