from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from tremplin.core.forms import PIIGuardMixin
from tremplin.messaging import attachments
from tremplin.messaging.models import BODY_MAX_LENGTH, MAX_PARTICIPANTS, NAME_MAX_LENGTH
from tremplin.profiles.forms_picker import PersonField, bind_person_fields


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class MessageForm(PIIGuardMixin, forms.Form):
    """One message. The PII guard warns before it is sent; the text is kept."""

    pii_fields = ("body",)

    body = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": BODY_MAX_LENGTH}),
        help_text=_("**bold**, *italic*, `code` and links [text](https://…) are allowed."),
    )
    attachments = MultipleFileField(
        label=_("Attach pictures or PDF documents (optional)"),
        required=False,
        widget=MultipleFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif,application/pdf"}
        ),
        help_text=_(
            "Up to 4 files: pictures (5 MB each at most, sent without their location data) "
            "or PDF documents (10 MB each at most)."
        ),
    )
    confirm_pii = forms.BooleanField(
        required=False, label=_("Send anyway: I have checked this message.")
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        try:
            cleaned["prepared"] = attachments.prepare_attachments(cleaned.get("attachments") or [])
        except ValidationError as error:
            self.add_error("attachments", error)
            cleaned["prepared"] = []
            return cleaned
        empty = not (cleaned.get("body") or "").strip() and not cleaned["prepared"]
        if empty and "body" not in self.errors:
            self.add_error("body", _("Write a message or attach a file."))
        return cleaned


class NewConversationForm(MessageForm):
    field_order = ["to", "name", "body", "attachments", "confirm_pii"]

    to = PersonField(
        label=_("To"),
        multiple=True,
        max_people=MAX_PARTICIPANTS - 1,
        error_messages={
            "too_many": _("A conversation has %(with_me)d participants at most (you included).")
        },
        help_text=format_lazy(
            _(
                "Type part of a name and choose among the suggestions (your connections "
                "first): {max} people at most."
            ),
            max=MAX_PARTICIPANTS - 1,
        ),
    )
    name = forms.CharField(
        label=_("Group name (optional)"),
        required=False,
        max_length=NAME_MAX_LENGTH,
        help_text=_("Naming the conversation makes it a group, even with one other person."),
    )

    def __init__(self, *args: Any, viewer: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_person_fields(self, viewer)


class RenameForm(forms.Form):
    name = forms.CharField(label=_("Group name"), max_length=NAME_MAX_LENGTH)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search my messages"), required=False, max_length=100)
