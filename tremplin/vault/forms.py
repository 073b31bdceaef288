from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tremplin.vault.models import COMMENT_MAX_LENGTH, TITLE_MAX_LENGTH, DocumentKind
from tremplin.vault.services import LINK_DEFAULT_DAYS, LINK_MAX_DAYS, LINK_MIN_DAYS
from tremplin.vault.uploads import MB, max_file_bytes


def file_help() -> str:
    return gettext(
        "PDF, Word (DOCX), OpenDocument text (ODT), or a JPEG, PNG or WebP picture; "
        "%(size)d MB at most."
    ) % {"size": max_file_bytes() // MB}


class FileHelpMixin(forms.Form):
    """The file field's help follows the current size limit and language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = file_help()


class UploadForm(FileHelpMixin):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("File"))


class VersionForm(FileHelpMixin):
    file = forms.FileField(label=_("New version"))


class RenameForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)


class ShareForm(forms.Form):
    recipient: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Share with"),
        queryset=None,
        empty_label=_("Choose a person"),
        help_text=_(
            "Your counsellors (who may see your documents), your mentor and your connections."
        ),
    )

    def __init__(self, *args: Any, candidates: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["recipient"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = candidates
        field.label_from_instance = lambda user: user.display_name  # type: ignore[method-assign,assignment]


class LinkForm(forms.Form):
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=LINK_MIN_DAYS,
        max_value=LINK_MAX_DAYS,
        initial=LINK_DEFAULT_DAYS,
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
