"""The same job from two sources of one agency becomes one posting, not two public
copies. A new item of a source is first looked for among the postings the agency's
other sources imported (`twin_of`), by three rules, each of which also needs the same
title (folded: case, accents, punctuation), because neither a row number ("1", "2":
the identifier of many CSV exports) nor an employer's one careers page (the apply link
of all its jobs) names one job:

- `identifier`: the same reference at the source;
- `link`: the same address to apply or of the original posting;
- `employer_place`: the same employer and the same place (city, province, country).

The item is then remembered for its source as `linked` to that posting: it counts as
seen (a source that closes missing jobs closes the posting only when every source that
lists it has dropped it), but it never writes the posting, which the first source keeps
up to date — two sources with slightly different texts would otherwise rewrite it at
each of their reads. Imports stay within an agency: another agency's copy is its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.db.models import Q

from tremplin.job_imports.items import Item
from tremplin.job_imports.models import ImportedItem, ImportSource
from tremplin.job_imports.text import fold
from tremplin.jobs.models import Posting

# At most this many candidates are compared in Python (the query narrows by the keys).
CANDIDATES = 20


def _key(text: object) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(str(text or ""))).split())


def _titles(values: Mapping[str, object]) -> set[str]:
    return {_key(values.get(f)) for f in ("title_fr", "title_en")} - {""}


def _place(values: Mapping[str, object]) -> tuple[str, str, str]:
    return (_key(values.get("city")), _key(values.get("region")), _key(values.get("country")))


def _links(values: Mapping[str, object]) -> set[str]:
    return {str(values.get(f) or "").strip() for f in ("apply_url", "source_url")} - {""}


def twin_of(source: ImportSource, item: Item) -> tuple[Posting, str] | None:
    """The posting another source of the agency imported for the same job, and the rule
    that recognised it; None when there is none."""
    data = item.data
    titles = _titles(data)
    if not titles:
        return None
    identifier = str(data.get("identifier") or "")
    links = _links(data)
    employer = str(data.get("hiring_organization_name") or "").strip()
    keys = Q()
    if identifier:
        keys |= Q(identifier=identifier)
    if links:
        keys |= Q(apply_url__in=links) | Q(source_url__in=links)
    if employer:
        keys |= Q(hiring_organization_name__iexact=employer)
    if not keys:
        return None
    others = ImportedItem.objects.filter(source__agency_id=source.agency_id).exclude(source=source)
    candidates = (
        Posting.objects.filter(agency_id=source.agency_id, pk__in=others.values("posting"))
        .filter(keys)
        .order_by("id")[:CANDIDATES]
    )
    for posting in candidates:
        rule = _rule(posting, titles, identifier, links, employer, _place(data))
        if rule:
            return posting, rule
    return None


def _rule(
    posting: Posting,
    titles: set[str],
    identifier: str,
    links: set[str],
    employer: str,
    place: tuple[str, str, str],
) -> str:
    theirs = {"title_fr": posting.title_fr, "title_en": posting.title_en}
    if not (titles & _titles(theirs)):
        return ""
    if identifier and posting.identifier == identifier:
        return "identifier"
    if links & _links({"apply_url": posting.apply_url, "source_url": posting.source_url}):
        return "link"
    same_employer = employer and _key(employer) == _key(posting.hiring_organization_name)
    there = _place({"city": posting.city, "region": posting.region, "country": posting.country})
    if same_employer and any(place) and place == there:
        return "employer_place"
    return ""
