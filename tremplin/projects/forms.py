"""Forms of projects: a project's settings, the search, applying, inviting (the person
picker, scope "project:<id>": the lead chooses by name among the people they may
invite), the board's task, checklist, comment and milestone forms, sharing a vault
document, a message."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.core.forms import PIIGuardMixin
from tremplin.core.regions import Region
from tremplin.profiles.forms_picker import PersonField, bind_person_fields
from tremplin.projects.models import Column, Project
from tremplin.projects.models.board import (
    CHECK_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    MILESTONE_MAX_LENGTH,
    TASK_TEXT_MAX_LENGTH,
    TASK_TITLE_MAX_LENGTH,
)
from tremplin.projects.models.project import HOURS_MAX, MESSAGE_MAX_LENGTH

LANGUAGES = [("", _("Any language")), ("fr", _("French")), ("en", _("English"))]


class ProjectForm(PIIGuardMixin, forms.ModelForm):
    pii_fields = ("description_fr", "description_en")

    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", "—"), *Region.choices]
    )
    hours_per_week = forms.IntegerField(
        label=_("Time needed (hours a week)"), required=False, min_value=1, max_value=HOURS_MAX
    )

    class Meta:
        model = Project
        fields = [
            "title_fr", "title_en", "description_fr", "description_en", "kind", "skills",
            "region", "remote", "hours_per_week", "visibility",
        ]  # fmt: skip
        widgets = {
            "title_fr": forms.TextInput(attrs={"lang": "fr"}),
            "title_en": forms.TextInput(attrs={"lang": "en"}),
            "description_fr": forms.Textarea(attrs={"rows": 5, "lang": "fr"}),
            "description_en": forms.Textarea(attrs={"rows": 5, "lang": "en"}),
            "visibility": forms.RadioSelect,
        }
        help_texts = {
            "title_fr": _("A title in French, in English, or both."),
            "skills": _("Separated by commas, for example: Python, graphic design, French."),
        }

    def __init__(self, *args: Any, team: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not team:
            field = self.fields["visibility"]
            field.choices = [c for c in field.choices if c[0] != "team"]  # type: ignore[attr-defined]

    def settings(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("confirm_pii", None)
        return data


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    skill = forms.CharField(label=_("Skill"), required=False, max_length=80)
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("Any region")), *Region.choices]
    )
    remote = forms.BooleanField(label=_("Can be done remotely"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False, choices=LANGUAGES)
    max_hours = forms.IntegerField(
        label=_("At most (hours a week)"), required=False, min_value=1, max_value=HOURS_MAX
    )
    before = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class ApplyForm(PIIGuardMixin, forms.Form):
    pii_fields = ("message",)
    message = forms.CharField(
        label=_("Your message to the lead"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you would bring and how much time you have."),
    )


class InviteForm(forms.Form):
    """Whom to invite: chosen by name among the people the lead may see who are not in
    the project yet (for a team project, its agency's staff); `cleaned_data["invitee"]`
    is their Profile. The server checks the chosen address again (`picked`, the same
    scope), then `services.members.invite` in its transaction."""

    invitee = PersonField(
        label=_("Who?"),
        help_text=_("Type part of their name and choose among the suggestions."),
        error_messages={
            "unknown": _(
                "You cannot invite “%(handle)s”: they are already in the project or "
                "invited, or nobody you can see has this profile address."
            ),
        },
    )

    def __init__(self, *args: Any, viewer: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_person_fields(self, viewer, invitee=f"project:{project.pk}")


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=TASK_TITLE_MAX_LENGTH)
    description = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=TASK_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    assignee = forms.TypedChoiceField(label=_("Assigned to"), required=False, coerce=int)
    due = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    milestone = forms.TypedChoiceField(label=_("Milestone"), required=False, coerce=int)

    def __init__(
        self,
        *args: Any,
        members: list[tuple[int, str]] = (),  # type: ignore[assignment]
        milestones: list[tuple[int, str]] = (),  # type: ignore[assignment]
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("Nobody yet")), *members]  # type: ignore[attr-defined]
        self.fields["milestone"].choices = [("", "—"), *milestones]  # type: ignore[attr-defined]
        self.fields["assignee"].empty_value = None  # type: ignore[attr-defined]
        self.fields["milestone"].empty_value = None  # type: ignore[attr-defined]


class MoveForm(forms.Form):
    column = forms.ChoiceField(choices=Column.choices)


class CheckForm(forms.Form):
    text = forms.CharField(label=_("Checklist item"), max_length=CHECK_MAX_LENGTH)


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=MILESTONE_MAX_LENGTH)
    due = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ShareForm(forms.Form):
    document = forms.TypedChoiceField(label=_("Document from my vault"), coerce=int)

    def __init__(self, *args: Any, documents: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["document"].choices = list(documents)  # type: ignore[attr-defined]
