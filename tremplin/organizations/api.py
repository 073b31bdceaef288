"""Organisations over the API: the public directory, and one organisation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema

from tremplin.api.auth import read_or_anonymous
from tremplin.api.schemas import OPTIONAL_AUTH, ErrorOut
from tremplin.organizations import queries
from tremplin.organizations.models import Organization, OrgKind

router = Router(tags=["organizations"])


class OrganizationOut(Schema):
    slug: str
    kind: str
    name: str
    description_fr: str
    description_en: str
    region: str
    city: str
    website: str
    verified: bool
    logo_url: str | None
    url: str


def serialise(org: Organization) -> dict[str, Any]:
    return {
        "slug": org.slug,
        "kind": org.kind,
        "name": org.name,
        "description_fr": org.description_fr,
        "description_en": org.description_en,
        "region": org.region,
        "city": org.city,
        "website": org.website,
        "verified": org.verified,
        "logo_url": reverse("organizations:logo", kwargs={"slug": org.slug}) if org.logo else None,
        "url": reverse("organizations:detail", kwargs={"slug": org.slug}),
    }


@router.get(
    "",
    response={200: list[OrganizationOut], 401: ErrorOut, 422: ErrorOut},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="Organisations",
)
def organizations(request: HttpRequest, kind: OrgKind | None = Query(None)) -> list[dict[str, Any]]:
    return [serialise(o) for o in queries.organizations_for(request.user, kind)[:200]]


@router.get(
    "/{slug}",
    response={200: OrganizationOut, 401: ErrorOut, 404: ErrorOut},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="One organisation",
)
def organization(request: HttpRequest, slug: str) -> dict[str, Any]:
    return serialise(queries.organization_or_404(request.user, slug))
