"""Forms of resource libraries. They check what a person typed and keep it on an error;
the services check everything again (the API has no form) and their refusals land on
the field they name (`add_refusal`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tremplin.communities.models import EventAudience, ResourceKind
from tremplin.communities.models.community import REASON_MAX_LENGTH
from tremplin.communities.models.resources import (
    DESCRIPTION_MAX_LENGTH,
    GUIDE_MAX_LENGTH,
    TITLE_MAX_LENGTH,
)
from tremplin.communities.services.resources import MAX_TAGS, URL_MAX_LENGTH
from tremplin.core.forms import PIIGuardMixin

LANGUAGE_CHOICES = [("fr", _("French")), ("en", _("English"))]


class ResourceForm(PIIGuardMixin, forms.Form):
    """Add a resource (`adding=True`: with its kind and file) or edit its texts."""

    pii_fields = ("title", "description", "body")

    kind = forms.ChoiceField(
        label=_("What are you adding?"),
        choices=ResourceKind.choices,
        widget=forms.RadioSelect,
        initial=ResourceKind.LINK,
    )
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    description = forms.CharField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    url = forms.CharField(
        label=_("Web address (for a link)"),
        max_length=URL_MAX_LENGTH,
        required=False,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_("Its title and description are read from the page after you save."),
    )
    file = forms.FileField(
        label=_("File to upload (for a document)"),
        required=False,
        help_text=_("PDF, Word (DOCX), OpenDocument (ODT), JPEG, PNG or WebP, 10 MB at most."),
    )
    vault_document = forms.TypedChoiceField(
        label=_("Or a document from my vault"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_(
            "It stays yours: the library links to it, and you can withdraw it at any time."
        ),
    )
    body = forms.CharField(
        label=_("Guide (for a guide)"),
        max_length=GUIDE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown: **bold**, *italics*, lists, links."),
    )
    tags = forms.CharField(
        label=_("Tags"),
        max_length=300,
        required=False,
        help_text=_("Separated by commas, %(limit)d at most.") % {"limit": MAX_TAGS},
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    audience = forms.ChoiceField(label=_("Who can see it"), choices=EventAudience.choices)

    def __init__(
        self,
        *args: Any,
        adding: bool = True,
        documents: Any = None,
        agency: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.adding = adding
        if not agency:
            del self.fields["audience"]
        if not adding:
            for name in ("kind", "file", "vault_document"):
                del self.fields[name]
            return
        choices = [(d.pk, d.title) for d in documents or []]
        vault = self.fields["vault_document"]
        assert isinstance(vault, forms.TypedChoiceField)
        vault.choices = [("", _("None"))] + choices
        if not choices:
            del self.fields["vault_document"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind") if self.adding else self.initial.get("kind")
        if kind == ResourceKind.LINK and not cleaned.get("url") and "url" not in self.errors:
            self.add_error("url", _("Enter the web address of the link."))
        if kind == ResourceKind.GUIDE and not cleaned.get("body") and "body" not in self.errors:
            self.add_error("body", _("Write the guide."))
        if (
            self.adding
            and kind == ResourceKind.DOCUMENT
            and not cleaned.get("file")
            and not cleaned.get("vault_document")
            and "file" not in self.errors
        ):
            self.add_error("file", _("Upload a file or choose a document of your vault."))
        return cleaned

    def add_refusal(self, error: ValidationError) -> None:
        """A service's refusal, on the field it names (else on the whole form)."""
        field = getattr(error, "field", None)
        for message in error.messages:
            self.add_error(field if field in self.fields else None, message)


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the author is told, not who decided)"),
        max_length=REASON_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class LibrarySearchForm(forms.Form):
    q = forms.CharField(label=_("Search the library"), max_length=100, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *ResourceKind.choices], required=False
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("All languages")), *LANGUAGE_CHOICES], required=False
    )
    tag = forms.CharField(label=_("Tag"), max_length=30, required=False)
