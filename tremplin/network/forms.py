from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.core.forms import PIIGuardMixin
from tremplin.network.models import NOTE_MAX_LENGTH


class RequestForm(PIIGuardMixin, forms.Form):
    pii_fields = ("note",)

    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": NOTE_MAX_LENGTH}),
        help_text=_("Say how you know each other: 300 characters at most."),
    )


class HashtagForm(forms.Form):
    name = forms.CharField(label=_("Hashtag to follow"), max_length=51)


class ConnectionSearchForm(forms.Form):
    q = forms.CharField(label=_("Search my connections"), required=False, max_length=100)
