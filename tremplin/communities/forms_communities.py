"""Forms of the communities part: a community's settings (creating and editing), a
join request's answers, and the moderators' forms (reason, mute, invitation link,
invitation to a person)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.communities.models import MAX_JOIN_QUESTIONS, Community
from tremplin.communities.models.community import (
    ANSWER_MAX_LENGTH,
    QUESTION_MAX_LENGTH,
    REASON_MAX_LENGTH,
)
from tremplin.communities.services.members import LINK_DAYS, LINK_MAX_USES, MUTE_DAYS
from tremplin.core.forms import PIIGuardMixin
from tremplin.core.regions import Region
from tremplin.profiles.forms_picker import PersonField, bind_person_fields
from tremplin.profiles.models import Sector

LANGUAGE_CHOICES = [("fr", _("French")), ("en", _("English"))]
DAYS_LABELS = {1: _("1 day"), 7: _("1 week"), 30: _("30 days")}


class CommunityForm(PIIGuardMixin, forms.ModelForm):
    """Name, description and rules in French and/or English, the picture, topics,
    region, sector, languages, visibility, who may join and up to three questions."""

    pii_fields = ("description_fr", "description_en", "rules_fr", "rules_en")

    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", "—"), *Region.choices]
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", "—"), *Sector.choices]
    )
    language_list = forms.MultipleChoiceField(
        label=_("Languages its members write in"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        initial=["fr", "en"],
    )
    picture_upload = forms.FileField(
        label=_("Picture"),
        required=False,
        help_text=_("JPEG, PNG, WebP or GIF, 5 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    question_1 = forms.CharField(
        label=_("Question 1"), required=False, max_length=QUESTION_MAX_LENGTH
    )
    question_2 = forms.CharField(
        label=_("Question 2"), required=False, max_length=QUESTION_MAX_LENGTH
    )
    question_3 = forms.CharField(
        label=_("Question 3"), required=False, max_length=QUESTION_MAX_LENGTH
    )

    class Meta:
        model = Community
        fields = [
            "name_fr", "name_en", "description_fr", "description_en", "rules_fr", "rules_en",
            "topics", "region", "sector", "visibility", "join_policy",
        ]  # fmt: skip
        widgets = {
            "name_fr": forms.TextInput(attrs={"lang": "fr"}),
            "name_en": forms.TextInput(attrs={"lang": "en"}),
            "description_fr": forms.Textarea(attrs={"rows": 4, "lang": "fr"}),
            "description_en": forms.Textarea(attrs={"rows": 4, "lang": "en"}),
            "rules_fr": forms.Textarea(attrs={"rows": 4, "lang": "fr"}),
            "rules_en": forms.Textarea(attrs={"rows": 4, "lang": "en"}),
            "visibility": forms.RadioSelect,
            "join_policy": forms.RadioSelect,
        }
        help_texts = {
            "name_fr": _("A name in French, in English, or both."),
            "topics": _("Separated by commas, for example: health care, nursing, interviews."),
            "join_policy": _("With “on request”, you may ask up to three questions below."),
        }

    def __init__(self, *args: Any, organizations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        questions = list(self.instance.join_questions or []) if self.instance.pk else []
        for i in range(MAX_JOIN_QUESTIONS):
            if i < len(questions):
                self.initial.setdefault(f"question_{i + 1}", questions[i])
        if self.instance.pk:
            self.initial.setdefault("language_list", self.instance.languages.split(","))
        if organizations:
            self.fields["organization_choice"] = forms.ChoiceField(
                label=_("Official community of"),
                required=False,
                choices=[("", _("No: my own community")), *[(o.pk, o.name) for o in organizations]],
                help_text=_("An official community shows your organisation's badge."),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not (cleaned.get("name_fr", "").strip() or cleaned.get("name_en", "").strip()):
            self.add_error("name_fr", _("Give the community a name, in French or in English."))
        return cleaned

    def _post_clean(self) -> None:
        # The table's check constraint says the same as `clean` in its own words: the
        # person reads ours only.
        if "name_fr" in self.errors:
            return
        super()._post_clean()  # type: ignore[misc]  # ModelForm, after the PII mixin

    def questions(self) -> list[str]:
        data = self.cleaned_data
        return [data.get(f"question_{i + 1}", "") for i in range(MAX_JOIN_QUESTIONS)]

    def settings(self) -> dict[str, Any]:
        """The fields as the services take them."""
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields}
        fields["languages"] = data.get("language_list") or []
        fields["join_questions"] = [q for q in self.questions() if q.strip()]
        return fields


class SettingsForm(CommunityForm):
    """Editing adds the moderation settings."""

    class Meta(CommunityForm.Meta):
        fields = [*CommunityForm.Meta.fields, "preapprove_first_posts", "slow_mode_seconds"]
        help_texts = {
            **CommunityForm.Meta.help_texts,
            "slow_mode_seconds": _("0 turns slow mode off; at most 86400 (one day)."),
        }


class JoinRequestForm(forms.Form):
    """The community's questions, each to answer."""

    def __init__(self, *args: Any, questions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for i, question in enumerate(questions):
            self.fields[f"answer_{i + 1}"] = forms.CharField(
                label=question,
                max_length=ANSWER_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def answers(self) -> list[str]:
        return [self.cleaned_data[f"answer_{i + 1}"] for i in range(len(self.questions))]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the member is told it, not who you are)"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MuteForm(forms.Form):
    days = forms.TypedChoiceField(
        label=_("Mute for"),
        coerce=int,
        choices=[(d, DAYS_LABELS[d]) for d in MUTE_DAYS],
        initial=1,
    )


class LinkForm(forms.Form):
    days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        choices=[(d, DAYS_LABELS[d]) for d in LINK_DAYS],
        initial=7,
    )
    max_uses = forms.IntegerField(
        label=_("How many people may use it (empty: no limit)"),
        required=False,
        min_value=1,
        max_value=LINK_MAX_USES,
    )


class InvitePersonForm(forms.Form):
    """Whom to invite: chosen by name among the people the moderator may see who are
    not in the community yet (the picker's scope "community:<slug>")."""

    handle = PersonField(
        label=_("Who?"),
        help_text=_("Type part of their name and choose among the suggestions."),
    )

    def __init__(self, *args: Any, viewer: Any, community: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_person_fields(self, viewer, handle=f"community:{community.slug}")
