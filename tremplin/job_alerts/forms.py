"""The search form (GET, in the address: a search can be shared and bookmarked) and the
saved search / alert form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.core.regions import Region
from tremplin.job_alerts.models import (
    DEFAULT_QUIET_END,
    DEFAULT_QUIET_START,
    Delivery,
    Language,
    SavedSearch,
    Sort,
)
from tremplin.job_alerts.search import MAX_PAGE, MAX_QUERY, SearchParams
from tremplin.jobs.models import EmploymentType
from tremplin.organizations.models import Organization

REMOTE_CHOICES = [
    ("", _("Any workplace")),
    ("yes", _("Remote only")),
    ("no", _("On site or hybrid")),
]
POSTED_CHOICES = [
    ("", _("Any time")),
    ("1", _("Last 24 hours")),
    ("7", _("Last 7 days")),
    ("30", _("Last 30 days")),
]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Keywords"), required=False, max_length=MAX_QUERY)
    region = forms.ChoiceField(
        label=_("Province or territory"),
        required=False,
        choices=[("", _("Anywhere in Canada")), *Region.choices],
    )
    remote = forms.ChoiceField(label=_("Workplace"), required=False, choices=REMOTE_CHOICES)
    employment_type = forms.ChoiceField(
        label=_("Employment type"),
        required=False,
        choices=[("", _("Any type")), *EmploymentType.choices],
    )
    min_salary = forms.IntegerField(
        label=_("Minimum yearly salary (CAD)"), required=False, min_value=0, max_value=10_000_000
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("French or English")), *Language.choices],
    )
    posted_since = forms.TypedChoiceField(
        label=_("Posted"), required=False, choices=POSTED_CHOICES, coerce=int, empty_value=None
    )
    organization = forms.SlugField(label=_("Employer (address)"), required=False, max_length=80)
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=[("", _("Best first")), *Sort.choices]
    )
    page = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_PAGE, widget=forms.HiddenInput
    )
    after = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def params(self) -> SearchParams:
        data = self.cleaned_data
        remote = {"yes": True, "no": False}.get(data.get("remote") or "")
        return SearchParams(
            q=data.get("q") or "",
            region=data.get("region") or "",
            remote=remote,
            employment_type=data.get("employment_type") or "",
            min_salary=data.get("min_salary"),
            language=data.get("language") or "",
            posted_since=data.get("posted_since"),
            organization=data.get("organization") or "",
            sort=data.get("sort") or "",
            cursor=data.get("after") or "",
            page=data.get("page") or 1,
        )


class SavedSearchForm(forms.ModelForm):
    """The alert's email box starts UNTICKED (CASL): ticking it is the opt-in."""

    email_opt_in = forms.BooleanField(
        label=_("Also send me an email about new matching jobs"),
        required=False,
        initial=False,
        help_text=_("Every email has a link to stop them in one click, without signing in."),
    )
    email_frequency = forms.ChoiceField(
        label=_("How often"),
        required=False,
        choices=[
            (Delivery.EMAIL, _("At once, one email per job")),
            (Delivery.DIGEST, _("Once a day, in my daily digest")),
        ],
        initial=Delivery.EMAIL,
        widget=forms.RadioSelect,
    )
    quiet_hours = forms.BooleanField(
        label=_("No emails at night (quiet hours)"), required=False, initial=True
    )
    organization_slug = forms.SlugField(
        label=_("Employer (address)"), required=False, max_length=80
    )

    class Meta:
        model = SavedSearch
        fields = [
            "name",
            "q",
            "region",
            "remote",
            "employment_type",
            "min_salary",
            "language",
            "posted_since",
            "sort",
            "is_alert",
            "quiet_start",
            "quiet_end",
        ]
        labels = {
            "is_alert": _("Tell me at once when a new job matches (job alert)"),
            "q": _("Keywords"),
        }
        widgets = {
            "quiet_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "remote": forms.Select(
                choices=[("unknown", _("Any workplace")), ("true", _("Remote only")),
                         ("false", _("On site or hybrid"))]
            ),
        }  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        self.fields["posted_since"].widget = forms.Select(choices=POSTED_CHOICES)
        self.fields["remote"].required = False
        if instance.pk:
            self.fields["email_opt_in"].initial = instance.delivery != Delivery.IN_APP
            if instance.delivery != Delivery.IN_APP:
                self.fields["email_frequency"].initial = instance.delivery
            self.fields["quiet_hours"].initial = instance.has_quiet_hours
            if instance.organization_id:
                self.fields["organization_slug"].initial = instance.organization.slug
        if not instance.has_quiet_hours:
            self.initial.setdefault("quiet_start", DEFAULT_QUIET_START)
            self.initial.setdefault("quiet_end", DEFAULT_QUIET_END)

    def clean_organization_slug(self) -> Organization | None:
        slug = self.cleaned_data.get("organization_slug") or ""
        if not slug:
            return None
        found = Organization.objects.filter(slug=slug).first()
        if found is None:
            raise forms.ValidationError(_("No employer has this address."))
        return found

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("quiet_hours"):
            if cleaned.get("quiet_start") is None or cleaned.get("quiet_end") is None:
                self.add_error("quiet_end", _("Give both ends of the quiet hours."))
            elif cleaned["quiet_start"] == cleaned["quiet_end"]:
                self.add_error("quiet_end", _("Quiet hours must end at another time."))
        return cleaned

    def data_for_service(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        for text in ("q", "region", "employment_type", "language", "sort"):
            data[text] = data[text] or ""
        data["sort"] = data["sort"] or Sort.RELEVANCE
        data["organization"] = self.cleaned_data.get("organization_slug")
        opted = self.cleaned_data.get("email_opt_in")
        data["delivery"] = (
            (self.cleaned_data.get("email_frequency") or Delivery.EMAIL)
            if opted
            else Delivery.IN_APP
        )
        if not self.cleaned_data.get("quiet_hours"):
            data["quiet_start"] = data["quiet_end"] = None
        return data
