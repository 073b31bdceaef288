"""The report form (every member) and the decision form (moderators)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.moderation.models import Action, Reason
from tremplin.moderation.models.reports import NOTE_MAX_LENGTH, REASON_MAX_LENGTH


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"), choices=Reason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Anything the moderators should know (optional)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only moderators read this. The author is never told who reported them."),
    )


DURATIONS = [
    ("7", _("7 days")),
    ("30", _("30 days")),
    ("90", _("90 days")),
    ("ever", _("Until a moderator lifts it")),
]


class DecisionForm(forms.Form):
    action = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason told to the author"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required to remove, warn or suspend. The author reads it in an email."),
    )
    duration = forms.ChoiceField(
        label=_("Length of a suspension"), choices=DURATIONS, initial="7", required=False
    )
    tell_reporters = forms.BooleanField(
        label=_("Tell the members who reported it what was decided"), required=False
    )

    def __init__(self, *args: Any, removable: bool, site: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actions = [Action.DISMISS, Action.WARN]
        if removable:
            actions.insert(1, Action.REMOVE)
        if site:
            actions.append(Action.SUSPEND)
        else:
            del self.fields["duration"]
        action_field = self.fields["action"]
        assert isinstance(action_field, forms.ChoiceField)
        action_field.choices = [(a.value, a.label) for a in actions]

    def until(self) -> datetime | None:
        days = self.cleaned_data.get("duration") or "7"
        return None if days == "ever" else timezone.now() + timedelta(days=int(days))
