from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.models import Language
from tremplin.api.models import DEFAULT_DAYS
from tremplin.api.scopes import AREAS


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        help_text=_("As you want other members to see it. You can change it later."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def signup(self, request, user) -> None:
        """allauth calls this; the profile is created by the account adapter."""


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


DURATIONS = [
    (7, _("7 days")),
    (30, _("30 days")),
    (90, _("90 days")),
    (180, _("180 days")),
    (365, _("1 year")),
]
ACCESS_CHOICES = [
    ("", _("No access")),
    ("read", _("Read")),
    ("write", _("Read and write")),
]


class TokenForm(forms.Form):
    """A token's name, how long it lasts, and what it may do in each area (nothing by
    default: a member ticks what the program needs)."""

    name = forms.CharField(
        label=_("Name of the token"),
        max_length=80,
        help_text=_("So you remember where you use it, for example “my spreadsheet”."),
    )
    days = forms.TypedChoiceField(
        label=_("Valid for"),
        choices=DURATIONS,
        coerce=int,
        initial=DEFAULT_DAYS,
        help_text=_("The token stops working after this; you can make a new one."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for area, label in AREAS.items():
            self.fields[f"area_{area}"] = forms.ChoiceField(
                label=label,
                label_suffix="",  # the labels hold a colon already
                choices=ACCESS_CHOICES,
                required=False,
                initial="",
                widget=forms.RadioSelect(attrs={"class": "inline-choices"}),
            )

    def scope_fields(self) -> list[forms.BoundField]:
        return [self[f"area_{area}"] for area in AREAS]

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if not self.scopes():
            raise forms.ValidationError(
                _("Choose what the token may do in at least one area."), code="empty"
            )
        return cleaned

    def scopes(self) -> list[str]:
        chosen = []
        for area in AREAS:
            access = self.cleaned_data.get(f"area_{area}") if hasattr(self, "cleaned_data") else ""
            if access:
                chosen.append(f"{area}:{access}")
        return chosen
