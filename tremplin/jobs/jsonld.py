"""schema.org JobPosting as JSON-LD, for the posting page (search engines read it) and
the API. Only PUBLIC open postings carry it: nothing else is for the open web.

The page embeds it in `<script type="application/ld+json">`: a data block, which
browsers never run, so the Content-Security-Policy (no inline scripts) does not apply
to it. `script_safe` escapes `<`, `>` and `&` so no text can end the element.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from tremplin.core.markdown import render_markdown
from tremplin.jobs.models import (
    ApplyMethod,
    Posting,
    PostingAudience,
    PostingStatus,
    Workplace,
)


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
        "employmentType": posting.employment_type,
        "hiringOrganization": {"@type": "Organization", "name": posting.hiring_organization_name},
        "url": absolute_url,
        "directApply": posting.apply_method == ApplyMethod.HERE,
    }
    if posting.hiring_organization_url:
        data["hiringOrganization"]["sameAs"] = posting.hiring_organization_url
    if posting.valid_through is not None:
        data["validThrough"] = _iso(posting.valid_through)
    if posting.identifier:
        data["identifier"] = {
            "@type": "PropertyValue",
            "name": posting.hiring_organization_name,
            "value": posting.identifier,
        }
    data.update(_location(posting))
    if posting.salary_min is not None:
        data["baseSalary"] = _salary(posting)
    return data


def _location(posting: Posting) -> dict[str, Any]:
    """jobLocation (a place in Canada, unless the job is remote from anywhere) and, for
    remote work, jobLocationType and where applicants must live."""
    found: dict[str, Any] = {}
    if posting.workplace != Workplace.REMOTE or posting.city or posting.region:
        address: dict[str, Any] = {"@type": "PostalAddress", "addressCountry": "CA"}
        if posting.city:
            address["addressLocality"] = posting.city
        if posting.region:
            address["addressRegion"] = posting.region
        found["jobLocation"] = {"@type": "Place", "address": address}
    if posting.workplace == Workplace.REMOTE:
        found["jobLocationType"] = "TELECOMMUTE"
        found["applicantLocationRequirements"] = {
            "@type": "AdministrativeArea" if posting.applicant_location else "Country",
            "name": posting.applicant_location or "Canada",
        }
    return found


def _salary(posting: Posting) -> dict[str, Any]:
    value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": posting.salary_unit}
    if posting.salary_max is not None and posting.salary_max != posting.salary_min:
        value["minValue"] = _number(posting.salary_min)
        value["maxValue"] = _number(posting.salary_max)
    else:
        value["value"] = _number(posting.salary_min)
    return {"@type": "MonetaryAmount", "currency": posting.salary_currency, "value": value}


def script_safe(data: dict[str, Any]) -> SafeString:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308  (the three characters that could end the element are escaped)
