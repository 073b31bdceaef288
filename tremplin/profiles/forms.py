from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.core.forms import PIIGuardMixin
from tremplin.profiles.models import (
    SECTIONS,
    Education,
    Experience,
    LanguageSkill,
    Profile,
    Recommendation,
)
from tremplin.profiles.queries import PII_SECTIONS
from tremplin.profiles.services import parse_skills


class ProfileForm(PIIGuardMixin, forms.ModelForm):
    pii_fields = ("headline", "about", "interests", "skills_text")

    def pii_audience(self, name: str) -> str | None:
        return getattr(self.instance, f"{PII_SECTIONS[name]}_visibility", None)

    skills_text = forms.CharField(
        label=_("Skills"),
        required=False,
        max_length=1000,
        help_text=_("Separate them with commas."),
    )

    class Meta:
        model = Profile
        fields = [
            "display_name",
            "headline",
            "city",
            "region",
            "sector",
            "about",
            "skills_text",
            "interests",
            "open_to_work",
            "open_to_work_audience",
            "open_to_collaborate",
            "service_language",
        ]
        widgets = {"about": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["skills_text"] = ", ".join(s.name for s in self.instance.skills.all())
        self.fields["display_name"].widget.attrs["autocomplete"] = "name"
        self.fields["city"].widget.attrs["autocomplete"] = "address-level2"

    def clean_skills_text(self) -> str:
        # Stays text: the PII guard reads it like the other fields. `skills()` parses it.
        return ", ".join(parse_skills(self.cleaned_data.get("skills_text", "")))

    def skills(self) -> list[str]:
        return parse_skills(self.cleaned_data.get("skills_text", ""))


class PrivacyForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = [
            *(f"{s}_visibility" for s in SECTIONS),
            "hidden_from_search",
            "hidden_from_employers",
        ]
        widgets = {"hidden_from_employers": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        employers = self.fields["hidden_from_employers"]
        employers.queryset = employers.queryset.order_by("name")  # type: ignore[attr-defined]


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        help_text=_("JPEG, PNG, WebP or GIF, 5 MB at most. We remove location data."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
        ),
    )


class MonthInput(forms.DateInput):
    input_type = "date"


class ItemPIIMixin(PIIGuardMixin):
    """An experience's or an education's text goes to its profile section's audience."""

    pii_section = ""

    def pii_audience(self, name: str) -> str | None:
        profile = getattr(getattr(self, "instance", None), "profile", None)
        return getattr(profile, f"{self.pii_section}_visibility", None)


class ExperienceForm(ItemPIIMixin, forms.ModelForm):
    pii_fields = ("description",)
    pii_section = "experience"

    class Meta:
        model = Experience
        fields = ["title", "organization_name", "city", "start", "end", "description"]
        widgets = {
            "start": MonthInput(format="%Y-%m-%d"),
            "end": MonthInput(format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date comes before the start date."))
        return cleaned


class EducationForm(ItemPIIMixin, forms.ModelForm):
    pii_fields = ("description",)
    pii_section = "education"

    class Meta:
        model = Education
        fields = ["school", "program", "start_year", "end_year", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        for name in ("start_year", "end_year"):
            year = cleaned.get(name)
            if year is not None and not 1940 <= year <= 2100:
                self.add_error(name, _("Enter a year between 1940 and 2100."))
        if start and end and end < start:
            self.add_error("end_year", _("The end year comes before the start year."))
        return cleaned


class LanguageSkillForm(forms.ModelForm):
    class Meta:
        model = LanguageSkill
        fields = ["language", "level"]

    def clean_language(self) -> str:
        language = " ".join(self.cleaned_data["language"].split())
        others = LanguageSkill.objects.filter(
            profile_id=self.instance.profile_id, language__iexact=language
        )
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("This language is already on your profile."))
        return language


class RecommendationForm(PIIGuardMixin, forms.ModelForm):
    pii_fields = ("relationship", "text")

    class Meta:
        model = Recommendation
        fields = ["relationship", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10, "maxlength": 3000})}
