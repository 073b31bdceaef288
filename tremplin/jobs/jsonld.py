"""schema.org JobPosting as JSON-LD, for the posting page (search engines read it) and
the API. Only PUBLIC open postings carry it: nothing else is for the open web.

The page embeds it in `<script type="application/ld+json">`: a data block, which
browsers never run, so the Content-Security-Policy (no inline scripts) does not apply
to it. `script_safe` escapes `<`, `>` and `&` so no text can end the element.

Only what the posting knows is said, never a default standing in for it (a search
engine would show it as fact): no country for an address without a province, no
"Canada" for a remote job that names no place, no salary without an amount, and for an
import that did not give them no employment type, employer, period or currency. The one
value derived is `addressCountry` "CA" from a province or territory, all of which are
Canada's; an import abroad gives its own country. `identifier` is the employer's own
reference when the posting has one (typed in the form or brought by an import), else
the posting's id on this site, under the site's host name (SITE_URL).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from tremplin.core.markdown import render_markdown
from tremplin.jobs.models import (
    ApplyMethod,
    Posting,
    PostingAudience,
    PostingSource,
    PostingStatus,
    Workplace,
)

# An import keeps a digest in place of a source identifier too long to store
# (job_imports.items): not a reference anyone could quote.
DIGEST_PREFIX = "sha1:"


def has_json_ld(posting: Posting) -> bool:
    return posting.audience == PostingAudience.PUBLIC and posting.status == PostingStatus.OPEN


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _number(value: Any) -> float | int:
    return int(value) if value == int(value) else float(value)


def job_posting(posting: Posting, absolute_url: str) -> dict[str, Any]:
    """The JobPosting object, in the active language (the other version if that one is
    empty)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": posting.title,
        "description": str(render_markdown(posting.description)),
        "datePosted": _iso(posting.date_posted or posting.created),
        "url": absolute_url,
        "directApply": posting.apply_method == ApplyMethod.HERE,
    }
    # An import may not know the type or the employer: then they are not said.
    if posting.employment_type:
        data["employmentType"] = posting.employment_type
    if posting.hiring_organization_name:
        data["hiringOrganization"] = {
            "@type": "Organization",
            "name": posting.hiring_organization_name,
        }
        if posting.hiring_organization_url:
            data["hiringOrganization"]["sameAs"] = posting.hiring_organization_url
    if posting.valid_through is not None:
        data["validThrough"] = _iso(posting.valid_through)
    data["identifier"] = _identifier(posting)
    data.update(_location(posting))
    if posting.salary_min is not None or posting.salary_max is not None:
        data["baseSalary"] = _salary(posting)
    return data


def _identifier(posting: Posting) -> dict[str, str]:
    """The employer's reference, or this site's id for the posting (Google: "the
    hiring organization's unique identifier for the job", a PropertyValue)."""
    reference = posting.identifier
    if posting.source == PostingSource.IMPORTED and reference.startswith(DIGEST_PREFIX):
        reference = ""
    if reference:
        name, value = posting.hiring_organization_name, reference
    else:
        name, value = urlsplit(settings.SITE_URL).hostname or "", str(posting.pk)
    found = {"@type": "PropertyValue", "value": value}
    if name:  # an imported reference whose employer the feed did not name
        found["name"] = name
    return found


def _location(posting: Posting) -> dict[str, Any]:
    """jobLocation (a place in Canada, unless the job is remote from anywhere) and, for
    remote work, jobLocationType and where applicants must live."""
    found: dict[str, Any] = {}
    country = posting.country or ("CA" if posting.region else "")
    if posting.city or posting.region or country:
        address: dict[str, Any] = {"@type": "PostalAddress"}
        if posting.city:
            address["addressLocality"] = posting.city
        if posting.region:  # a province or territory: the country is known
            address["addressRegion"] = posting.region
        if country:  # as given (an import abroad), or Canada's from its province
            address["addressCountry"] = country
        found["jobLocation"] = {"@type": "Place", "address": address}
    if posting.workplace == Workplace.REMOTE:
        found["jobLocationType"] = "TELECOMMUTE"
        if posting.applicant_location:
            found["applicantLocationRequirements"] = {
                "@type": "AdministrativeArea",
                "name": posting.applicant_location,
            }
    return found


def _salary(posting: Posting) -> dict[str, Any]:
    """One amount as `value`, a range as `minValue`/`maxValue`, per HOUR, DAY, WEEK,
    MONTH or YEAR (the posting's unit)."""
    low, high = posting.salary_min, posting.salary_max
    value: dict[str, Any] = {"@type": "QuantitativeValue"}
    if posting.salary_unit:  # an import may give an amount without its period
        value["unitText"] = posting.salary_unit
    if low is not None and high is not None and low != high:
        value["minValue"], value["maxValue"] = _number(low), _number(high)
    elif low is not None:
        value["value"] = _number(low)
    else:  # "up to": an import may bring only the ceiling
        value["maxValue"] = _number(high)
    amount: dict[str, Any] = {"@type": "MonetaryAmount", "value": value}
    if posting.salary_currency:
        amount["currency"] = posting.salary_currency
    return amount


def script_safe(data: dict[str, Any]) -> SafeString:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308  (the three characters that could end the element are escaped)
