from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.core.regions import Region
from tremplin.messaging.models import BODY_MAX_LENGTH
from tremplin.recruiting.queries import Filters, parse_skills


class SearchForm(forms.Form):
    skills = forms.CharField(
        label=_("Skills"),
        required=False,
        max_length=300,
        help_text=_("Separate them with commas; a candidate must have them all."),
    )
    region = forms.ChoiceField(
        label=_("Province or territory"),
        required=False,
        choices=[("", _("Any"))] + list(Region.choices),
    )
    language = forms.CharField(label=_("Language spoken"), required=False, max_length=40)

    def filters(self) -> Filters:
        data = self.cleaned_data if self.is_valid() else {}
        return Filters(
            skills=parse_skills(data.get("skills", "")),
            region=data.get("region", ""),
            language=" ".join(data.get("language", "").split()),
        )


class ContactForm(forms.Form):
    organization = forms.ChoiceField(label=_("Write in the name of"), required=False)
    body = forms.CharField(
        label=_("Your message"),
        max_length=BODY_MAX_LENGTH - 300,  # room for the introduction line
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "It arrives as a message request: the candidate accepts it or not. Your "
            "employer's name opens the message."
        ),
    )

    def __init__(self, *args: Any, organizations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(o.slug, o.name) for o in organizations]
