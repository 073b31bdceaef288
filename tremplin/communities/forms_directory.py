"""The directory's search form (GET): words, topic, region, language, visibility,
official only, order and page. Bad values are dropped, never an error page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.communities.queries.directory import MAX_PAGE, ORDERS, Search
from tremplin.core.regions import Region

SEARCH_MAX_LENGTH = 100

ORDER_LABELS = {
    "largest": _("Largest first"),
    "active": _("Most active first"),
    "newest": _("Newest first"),
}
VISIBILITY_CHOICES = [
    ("", _("Any")),
    ("public", _("Public")),
    ("members", _("Members of Tremplin")),
    ("private", _("Private")),
]
LANGUAGE_CHOICES = [("", _("Any")), ("fr", "Français"), ("en", "English")]


class DirectoryForm(forms.Form):
    q = forms.CharField(
        label=_("Search communities"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Words from a name, a description or a topic."),
    )
    topic = forms.CharField(label=_("Topic"), required=False, max_length=SEARCH_MAX_LENGTH)
    region = forms.ChoiceField(
        label=_("Province or territory"),
        required=False,
        choices=[("", _("Anywhere")), *Region.choices],
    )
    language = forms.ChoiceField(label=_("Language"), required=False, choices=LANGUAGE_CHOICES)
    visibility = forms.ChoiceField(
        label=_("Who can read it"), required=False, choices=VISIBILITY_CHOICES
    )
    official = forms.BooleanField(label=_("Official communities only"), required=False)
    order = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[(k, ORDER_LABELS[k]) for k in ORDERS],
    )
    page = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_PAGE, widget=forms.HiddenInput
    )

    def search(self) -> Search:
        """The search asked (fields with a bad value are left out)."""
        self.is_valid()
        data: dict[str, Any] = {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if name not in self.errors and value not in (None, "")
        }
        return Search(
            q=data.get("q", ""),
            topic=data.get("topic", ""),
            region=data.get("region", ""),
            language=data.get("language", ""),
            visibility=data.get("visibility", ""),
            official=bool(data.get("official")),
            order=data.get("order") or "largest",
            page=data.get("page") or 1,
        )
