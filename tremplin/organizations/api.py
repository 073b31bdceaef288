from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Query, Router, Schema

from tremplin.api.auth import read_or_anonymous
from tremplin.api.schemas import OPTIONAL_AUTH, ErrorOut
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


def serialise(org: Organization) -> dict:
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
def organizations(request, kind: OrgKind | None = Query(None)):
    orgs = Organization.objects.visible_to(request.user)
    if kind:
        orgs = orgs.filter(kind=kind)
    return [serialise(o) for o in orgs[:200]]


@router.get(
    "/{slug}",
    response={200: OrganizationOut, 401: ErrorOut, 404: ErrorOut},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="One organisation",
)
def organization(request, slug: str):
    return serialise(get_object_or_404(Organization.objects.visible_to(request.user), slug=slug))
