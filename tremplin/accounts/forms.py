from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.models import Language


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


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the token"),
        max_length=80,
        help_text=_("So you remember where you use it, for example “my spreadsheet”."),
    )
    can_write = forms.BooleanField(
        label=_("Allow changes (write), not only reading"), required=False
    )
