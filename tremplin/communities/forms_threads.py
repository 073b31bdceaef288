"""Forms of the threads part: a new thread (with an optional poll), a reply, an edit, a
private question, a poll vote, a category. The PII guard warns before text that anyone
may read (a public community's) exposes personal data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.communities.models import Community, PollKind, ResultsShown, ThreadKind, Visibility
from tremplin.communities.models.threads import (
    BODY_MAX_LENGTH,
    MAX_OPTIONS,
    OPTION_MAX_LENGTH,
    TITLE_MAX_LENGTH,
)
from tremplin.core.forms import PIIGuardMixin

LANGUAGES = [("fr", _("French")), ("en", _("English"))]


def body_field(label: Any = None) -> forms.CharField:
    return forms.CharField(
        label=label or _("Text"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": BODY_MAX_LENGTH}),
        help_text=_(
            "Markdown: **bold**, *italics*, lists, > quotes. Mention someone with @address."
        ),
    )


class PublicGuard(PIIGuardMixin):
    """The PII guard, only when the text is for anyone (a public community's)."""

    public = True

    def clean(self) -> dict[str, Any]:
        if self.public:
            return super().clean()
        return forms.Form.clean(self) or {}


class ThreadForm(PublicGuard, forms.Form):
    pii_fields = ("title", "body")

    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    body = body_field()
    kind = forms.ChoiceField(
        label=_("This is"),
        choices=ThreadKind.choices,
        initial=ThreadKind.DISCUSSION,
        widget=forms.RadioSelect,
        help_text=_("A question lets members vote answers up, and you accept the best one."),
    )
    category = forms.TypedChoiceField(
        label=_("Category"), required=False, coerce=int, empty_value=None
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=200,
        help_text=_("Up to 5 words, separated by commas."),
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=LANGUAGES)

    def __init__(
        self, *args: Any, community: Community, language: str = "fr", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.public = community.visibility == Visibility.PUBLIC
        categories = list(community.categories.all())
        self.fields["category"].choices = [("", _("No category"))] + [  # type: ignore[attr-defined]
            (c.pk, c.name) for c in categories
        ]
        if not categories:
            del self.fields["category"]
        self.fields["language"].initial = language if language in ("fr", "en") else "fr"


class PollForm(forms.Form):
    """The optional poll of a new thread (prefix "poll"), in its own box of the form."""

    add_poll = forms.BooleanField(label=_("Add a poll"), required=False)
    question = forms.CharField(
        label=_("Poll question"), required=False, max_length=TITLE_MAX_LENGTH
    )
    options = forms.CharField(
        label=_("Poll choices"),
        required=False,
        max_length=MAX_OPTIONS * (OPTION_MAX_LENGTH + 1),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One choice a line: from 2 to 10."),
    )
    kind = forms.ChoiceField(
        label=_("Answers"), choices=PollKind.choices, initial=PollKind.SINGLE, required=False
    )
    results = forms.ChoiceField(
        label=_("Results shown"),
        choices=ResultsShown.choices,
        initial=ResultsShown.AFTER_VOTING,
        required=False,
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous: nobody sees who voted what"), required=False, initial=True
    )
    closes = forms.DateTimeField(
        label=_("Closes on (optional)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def arguments(self) -> dict[str, Any] | None:
        """`polls.create`'s arguments, when a poll was asked for."""
        data = self.cleaned_data
        if not data.get("add_poll"):
            return None
        closes: datetime | None = data.get("closes")
        if closes is not None and timezone.is_naive(closes):
            closes = timezone.make_aware(closes)
        return {
            "question": data.get("question") or "",
            "options": (data.get("options") or "").splitlines(),
            "kind": data.get("kind") or PollKind.SINGLE,
            "results_shown": data.get("results") or ResultsShown.AFTER_VOTING,
            "anonymous": bool(data.get("anonymous")),
            "closes": closes,
        }


class ReplyForm(PublicGuard, forms.Form):
    pii_fields = ("body",)

    body = body_field(_("Your reply"))
    in_reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, public: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.public = public


class EditForm(PublicGuard, forms.Form):
    pii_fields = ("title", "body")

    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    body = body_field()
    tags = forms.CharField(label=_("Tags"), required=False, max_length=200)

    def __init__(
        self, *args: Any, public: bool = False, with_title: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.public = public
        if not with_title:
            del self.fields["title"]
            del self.fields["tags"]


class AskForm(forms.Form):
    asked_of = forms.TypedChoiceField(label=_("Ask"), coerce=int)
    title = forms.CharField(label=_("Your question"), max_length=TITLE_MAX_LENGTH)
    body = body_field(_("Details"))

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(p.pk, p.display_name) for p in people]
        self.fields["asked_of"].choices = choices  # type: ignore[attr-defined]


class CategoryForm(forms.Form):
    name_fr = forms.CharField(label=_("Name (French)"), max_length=60, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=60, required=False)
    position = forms.IntegerField(label=_("Position"), required=False, min_value=0, max_value=1000)
