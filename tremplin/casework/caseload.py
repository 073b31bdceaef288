"""What case work adds to the counsellor's caseload (`counselling.sections`): the filter
by tags (registered from hooks.py), with the tags it shows on each row."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Schema

from tremplin.casework.models import CaseTag
from tremplin.casework.queries import agencies_have_tags, filter_by_tags, tags_for
from tremplin.counselling.sections import ApiField, CaseloadFilter

# The most tags one request may ask for; ids outside a database integer match nothing.
MAX_TAGS_ASKED = 20
MAX_ID = 2**31


class CaseTagOut(Schema):
    id: int
    kind: str = Field(description="sector, region, language or goal.")
    name: str


def _tags_out(tags: list[CaseTag] | None) -> list[dict[str, Any]]:
    return [{"id": t.pk, "kind": t.kind, "name": t.name} for t in tags or []]


class TagFilter(CaseloadFilter):
    """The cases carrying ALL the chosen tags of the counsellor's agencies."""

    name = "tags"
    api_param = "tag"
    api_annotation = list[int]
    api_default = Query(
        [],
        description="Keep the cases carrying all these tags (ids of the caller's agencies' "
        "tags; any other id matches no case).",
    )
    api_field = ApiField("tags", list[CaseTagOut], _tags_out)
    cell = "casework/_caseload_tags.jinja"

    def form_field(self, agencies: list[Any]) -> forms.Field | None:
        if not agencies_have_tags(agencies):
            return None
        tags = CaseTag.objects.filter(agency__in=agencies)
        field = forms.ModelMultipleChoiceField(
            label=_("Tags (all of them)"),
            required=False,
            queryset=tags,
            widget=forms.SelectMultiple(attrs={"size": 4}),
        )
        field.label_from_instance = lambda tag: f"{tag.get_kind_display()} : {tag.name}"  # type: ignore[method-assign,assignment]
        return field

    def from_api(self, viewer: Any, value: list[int]) -> list[CaseTag] | None:
        wanted = set(value[:MAX_TAGS_ASKED])
        tags = list(
            CaseTag.objects.visible_to(viewer).filter(pk__in=[t for t in wanted if 0 < t < MAX_ID])
        )
        # A tag the caller's agencies do not have: nobody's case carries it.
        return tags if len(tags) == len(wanted) else None

    def apply(self, cases: QuerySet[Any], value: Iterable[CaseTag]) -> QuerySet[Any]:
        return filter_by_tags(cases, [tag.pk for tag in value])

    def values(self, cases: Iterable[Any]) -> dict[int, Any]:
        return tags_for(cases)
