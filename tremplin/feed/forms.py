"""Feed forms. The PII guard runs only where the text would be public."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.core.audience import Audience
from tremplin.core.forms import PIIGuardMixin
from tremplin.core.viewer import viewer_of
from tremplin.feed import places
from tremplin.feed.checks import admin_organizations
from tremplin.feed.models import (
    ALT_MAX_LENGTH,
    ARTICLE_MAX_LENGTH,
    AUDIENCE_CHOICES,
    AUDIENCE_RANK,
    COMMENT_MAX_LENGTH,
    MAX_IMAGES,
    POST_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    ItemLanguage,
)
from tremplin.organizations.models import Role

ALT_HELP = _("Required with a picture: what would you tell someone who cannot see it?")
AUDIENCE_LABELS = {
    Audience.PUBLIC: _("Everyone, including visitors"),
    Audience.MEMBERS: _("Signed-in members"),
    Audience.CONNECTIONS: _("My connections"),
}


def audience_field(
    choices: list[str] | None = None, initial: str = Audience.MEMBERS
) -> forms.ChoiceField:
    values = choices or [value for value, _label in AUDIENCE_CHOICES]
    return forms.ChoiceField(
        label=_("Who can see it"),
        choices=[(v, AUDIENCE_LABELS[Audience(v)]) for v in values],
        initial=initial,
    )


def language_field() -> forms.ChoiceField:
    return forms.ChoiceField(label=_("Language of the text"), choices=ItemLanguage.choices)


class PublicPIIGuard(PIIGuardMixin):
    """The PII guard, only when the item is for everyone (audience "public")."""

    fixed_audience: str | None = None

    def is_public(self) -> bool:
        audience = self.fixed_audience or self.data.get("audience")
        return audience == Audience.PUBLIC

    def clean(self) -> dict[str, Any]:
        if self.is_public():
            return cast(dict[str, Any], super().clean())
        return cast(dict[str, Any], forms.Form.clean(self))


class OrganizationMixin(forms.Form):
    organization: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Publish on behalf of"),
        queryset=None,
        required=False,
        empty_label=_("Myself"),
    )

    def setup_organization(self, user: Any) -> None:
        # Whether the member administers an organisation is known from the viewer's
        # memberships (read once per request): most members do not, and ask nothing.
        if not viewer_of(user).organization_ids(role=Role.ADMIN):
            del self.fields["organization"]
            return
        self.fields["organization"].queryset = admin_organizations(user)  # type: ignore[attr-defined]


class PostForm(PublicPIIGuard, OrganizationMixin, forms.Form):
    pii_fields = ("body",)

    body = forms.CharField(
        label=_("Start a post"),
        max_length=POST_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": POST_MAX_LENGTH}),
        help_text=_("Mention people with @name and topics with #hashtag."),
        error_messages={"required": _("Write something before publishing.")},
    )
    audience = audience_field()
    language = language_field()
    place = forms.ChoiceField(
        label=_("Post to"),
        required=False,
        help_text=_("In a community, its members see the post, whoever you chose above."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = user.language
        self.setup_organization(user)
        self.setup_places(user)
        for n in range(1, MAX_IMAGES + 1):
            self.fields[f"image_{n}"] = forms.FileField(
                label=_("Picture %(n)d") % {"n": n},
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
            )
            self.fields[f"alt_{n}"] = forms.CharField(
                label=_("Description of picture %(n)d") % {"n": n},
                required=False,
                max_length=ALT_MAX_LENGTH,
                help_text=ALT_HELP,
            )

    def setup_places(self, user: Any) -> None:
        """ "Post to": my network, or a place where I may post (`feed.places`)."""
        offered = places.choices(user)
        if not offered:
            del self.fields["place"]
            return
        self.public_places = {c.key: c.public for c in offered}
        self.fields["place"].choices = [  # type: ignore[attr-defined]
            ("", _("My network")),
            *((c.key, c.label) for c in offered),
        ]

    def is_public(self) -> bool:
        chosen = self.data.get("place") or ""
        if chosen in getattr(self, "public_places", {}):
            return self.public_places[chosen]
        return super().is_public()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for n in range(1, MAX_IMAGES + 1):
            if cleaned.get(f"image_{n}") and not (cleaned.get(f"alt_{n}") or "").strip():
                self.add_error(f"alt_{n}", _("Describe each picture for people who cannot see it."))
        return cleaned

    def pictures(self) -> list[tuple[str, object, str]]:
        """(field name, upload, description) for each picture given."""
        return [
            (f"image_{n}", self.cleaned_data[f"image_{n}"], self.cleaned_data[f"alt_{n}"])
            for n in range(1, MAX_IMAGES + 1)
            if self.cleaned_data.get(f"image_{n}")
        ]

    def picture_fields(self) -> list[tuple[Any, Any]]:
        return [(self[f"image_{n}"], self[f"alt_{n}"]) for n in range(1, MAX_IMAGES + 1)]


class EditForm(PublicPIIGuard, forms.Form):
    pii_fields = ("body",)

    body = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=POST_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": POST_MAX_LENGTH}),
    )
    language = language_field()

    def __init__(self, *args: Any, item: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fixed_audience = item.audience
        if item.kind == "post":
            self.fields["body"].required = True
            self.fields["body"].error_messages["required"] = _("Write something before publishing.")


class ArticleForm(PublicPIIGuard, OrganizationMixin, forms.Form):
    pii_fields = ("title", "body")

    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        error_messages={"required": _("Give the article a title.")},
    )
    body = forms.CharField(
        label=_("Article"),
        required=False,
        max_length=ARTICLE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_("Markdown is allowed: **bold**, *italic*, lists, links and ## headings."),
    )
    audience = audience_field()
    language = language_field()
    cover = forms.FileField(
        label=_("Cover picture (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    cover_alt = forms.CharField(
        label=_("Description of the cover picture"),
        required=False,
        max_length=ALT_MAX_LENGTH,
        help_text=ALT_HELP,
    )
    remove_cover = forms.BooleanField(label=_("Remove the cover picture"), required=False)

    def __init__(self, *args: Any, user: Any, item: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = user.language
        if item is not None:
            # The audience of a published article may only narrow; the publisher stays.
            if not item.is_draft:
                allowed = [v for v, _l in AUDIENCE_CHOICES
                           if AUDIENCE_RANK[v] <= AUDIENCE_RANK[item.audience]]  # fmt: skip
                self.fields["audience"] = audience_field(allowed, item.audience)
            self.fields.pop("organization", None)
            if not item.images.exists():
                del self.fields["remove_cover"]
        else:
            self.setup_organization(user)
            del self.fields["remove_cover"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("cover") and not (cleaned.get("cover_alt") or "").strip():
            self.add_error("cover_alt", _("Describe each picture for people who cannot see it."))
        return cleaned


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Add a comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": COMMENT_MAX_LENGTH}),
        error_messages={"required": _("Write something before publishing.")},
    )


class ReshareForm(PublicPIIGuard, forms.Form):
    pii_fields = ("body",)

    body = forms.CharField(
        label=_("Your comment (optional)"),
        required=False,
        max_length=POST_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": POST_MAX_LENGTH}),
    )

    def __init__(self, *args: Any, original: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = [v for v, _l in AUDIENCE_CHOICES
                   if AUDIENCE_RANK[v] <= AUDIENCE_RANK[original.audience]]  # fmt: skip
        self.fields["audience"] = audience_field(allowed, allowed[-1] if
                                                 Audience.MEMBERS not in allowed
                                                 else Audience.MEMBERS)  # fmt: skip


class LanguageFilterForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("All languages")), *ItemLanguage.choices],
    )
