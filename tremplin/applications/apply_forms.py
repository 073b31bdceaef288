"""Forms of applying here, on Tremplin: the applicant's form (documents, message, the
posting's screening questions) and the employer's (status, decline message, a message
to the applicant). They check the shape; `apply_services` checks the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.applications.apply_services import NO, YES
from tremplin.applications.submissions import (
    ANSWER_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    DeclineTemplate,
    EmployerStatus,
)
from tremplin.jobs.models import Posting
from tremplin.vault.models import Document, DocumentKind


def _choices(documents: list[Document], kinds: tuple[str, ...], none: Any) -> list[Any]:
    first = [d for d in documents if d.kind in kinds]
    rest = [d for d in documents if d.kind not in kinds]
    return [("", none), *[(d.pk, d.title) for d in first + rest]]


class ApplyForm(forms.Form):
    cv = forms.TypedChoiceField(
        label=_("CV from my vault"), coerce=int, required=False, empty_value=None
    )
    cv_file = forms.FileField(label=_("Or upload a CV"), required=False)
    letter = forms.TypedChoiceField(
        label=_("Cover letter from my vault (optional)"),
        coerce=int,
        required=False,
        empty_value=None,
    )
    letter_file = forms.FileField(label=_("Or upload a letter"), required=False)
    message = forms.CharField(
        label=_("Message to the employer (optional)"),
        max_length=MESSAGE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self, *args: Any, posting: Posting, documents: list[Document], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cv"].choices = _choices(documents, (DocumentKind.CV,), _("— none —"))  # type: ignore[attr-defined]
        self.fields["letter"].choices = _choices(  # type: ignore[attr-defined]
            documents, (DocumentKind.COVER_LETTER,), _("— none —")
        )
        # The newest CV is chosen already (a letter is optional: none until chosen).
        cvs = [d.pk for d in documents if d.kind == DocumentKind.CV]
        self.initial.setdefault("cv", cvs[0] if cvs else None)
        for n, question in enumerate(posting.screening_questions or [], start=1):
            if question.get("yes_no"):
                self.fields[f"answer_{n}"] = forms.ChoiceField(
                    label=question["text"],
                    choices=[(YES, _("Yes")), (NO, _("No"))],
                    widget=forms.RadioSelect,
                )
            else:
                self.fields[f"answer_{n}"] = forms.CharField(
                    label=question["text"], max_length=ANSWER_MAX_LENGTH
                )
        self.question_count = len(posting.screening_questions or [])

    def answers(self) -> list[str]:
        return [
            self.cleaned_data.get(f"answer_{n}") or "" for n in range(1, self.question_count + 1)
        ]


class EmployerStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=EmployerStatus)
    template = forms.ChoiceField(
        label=_("Message sent with a decline"),
        choices=DeclineTemplate,
        required=False,
        help_text=_("Sent in the applicant's language."),
    )

    def __init__(self, *args: Any, targets: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in EmployerStatus.choices if value in targets
        ]


class ApplicantMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message to the applicant"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *EmployerStatus.choices], required=False
    )
