"""Forms of the moderation part: the reason of a removal, the digest choice."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tremplin.communities.services.moderation import REASON_MAX_LENGTH


class RemoveForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is removed"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The author is told this reason, never who removed it."),
    )


class RestoreForm(forms.Form):
    reason = forms.CharField(
        label=_("Note for the log (optional)"),
        max_length=REASON_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


DIGEST_CHOICES = [
    ("daily", pgettext_lazy("community moderation", "Every day")),
    ("weekly", pgettext_lazy("community moderation", "Every week")),
    ("", pgettext_lazy("community moderation", "Never")),
]


class DigestForm(forms.Form):
    digest = forms.ChoiceField(
        label=_("Email me what is new in this community"),
        choices=DIGEST_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    in_home_feed = forms.BooleanField(
        label=_("Show this community's posts in my home feed"),
        help_text=_("Unticked, its posts stay on the community's Posts tab only."),
        required=False,
        widget=forms.CheckboxInput(attrs={"aria-describedby": "id_in_home_feed-help"}),
    )
