from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tremplin.organizations.models import Organization, OrgKind, Role


class OrganizationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    logo_upload = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("JPEG, PNG, WebP or GIF, 5 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )

    class Meta:
        model = Organization
        fields = [
            "name",
            "slug",
            "description_fr",
            "description_en",
            "region",
            "city",
            "website",
            "contact_email",
        ]
        widgets = {
            "description_fr": forms.Textarea(attrs={"rows": 5, "lang": "fr"}),
            "description_en": forms.Textarea(attrs={"rows": 5, "lang": "en"}),
        }
        help_texts = {
            "contact_email": _(
                "Your clients' appointment invitations name it as the organiser, so that a "
                "reply from their calendar reaches your team. Use a shared address (the "
                "front desk), not a counsellor's own: it is never shown on your public page."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.kind != OrgKind.AGENCY:  # only agencies have clients
            del self.fields["contact_email"]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, roles: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = set(roles)
        role = cast(forms.ChoiceField, self.fields["role"])
        role.choices = [(r.value, r.label) for r in Role if r in allowed]
