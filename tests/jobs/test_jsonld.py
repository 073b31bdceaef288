"""The JobPosting JSON-LD against what Google's job-posting structured data expects:
the required fields, `identifier` as a PropertyValue, `baseSalary` as a MonetaryAmount
with a unit Google knows, and nothing the posting does not know (no default country,
no default place for a remote job). Postings are built in memory: no database."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest

from tremplin.jobs.jsonld import job_posting
from tremplin.jobs.models import Posting, PostingSource, Workplace

URL = "https://emplois.example/fr/jobs/42/"
# Google's lists (developers.google.com/search/docs/appearance/structured-data/job-posting).
EMPLOYMENT_TYPES = {
    "FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER", "PER_DIEM",
    "OTHER",
}  # fmt: skip
SALARY_UNITS = {"HOUR", "DAY", "WEEK", "MONTH", "YEAR"}


def posting(**fields: Any) -> Posting:
    values: dict[str, Any] = {
        "pk": 42,
        "title_fr": "Boulanger ou boulangère",
        "description_fr": "Pain au levain, **horaires de nuit**.",
        "hiring_organization_name": "Boulangerie Soleil",
        "employment_type": "FULL_TIME",
        "workplace": Workplace.ON_SITE,
        "city": "Ottawa",
        "region": "ON",
        "date_posted": dt.datetime(2026, 5, 1, 9, tzinfo=dt.UTC),
        "valid_through": dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC),
    }
    values.update(fields)
    return Posting(**values)


def json_ld(**fields: Any) -> dict[str, Any]:
    return job_posting(posting(**fields), URL)


def _empty_values(value: Any, where: str = "") -> list[str]:
    if value is None or value == "" or value == {} or value == []:
        return [where or "(root)"]
    if isinstance(value, dict):
        return [e for key, item in value.items() for e in _empty_values(item, f"{where}.{key}")]
    return []


def google_problems(data: dict[str, Any]) -> list[str]:
    """What Google's Rich Results checks would flag in one JobPosting."""
    problems = _empty_values(data)
    for field in ("title", "description", "datePosted", "hiringOrganization"):
        if field not in data:
            problems.append(f"missing {field}")
    if data.get("@type") != "JobPosting" or data.get("@context") != "https://schema.org/":
        problems.append("not a schema.org JobPosting")
    if not data.get("hiringOrganization", {}).get("name"):
        problems.append("hiringOrganization without a name")
    remote = data.get("jobLocationType") == "TELECOMMUTE"
    if not remote and "jobLocation" not in data:
        problems.append("missing jobLocation (required unless the job is 100% remote)")
    if remote and not ({"jobLocation", "applicantLocationRequirements"} & set(data)):
        problems.append("a remote job without applicantLocationRequirements or jobLocation")
    for field in ("datePosted", "validThrough"):
        if field in data:
            dt.datetime.fromisoformat(data[field])  # ISO 8601, or ValueError
    if data.get("employmentType") not in EMPLOYMENT_TYPES:
        problems.append(f"employmentType {data.get('employmentType')!r}")
    if "identifier" in data:
        identifier = data["identifier"]
        if identifier.get("@type") != "PropertyValue" or not (
            isinstance(identifier.get("name"), str) and isinstance(identifier.get("value"), str)
        ):
            problems.append(f"identifier {identifier!r}")
    if "baseSalary" in data:
        problems += _salary_problems(data["baseSalary"])
    return problems


def _salary_problems(salary: dict[str, Any]) -> list[str]:
    problems = []
    currency = salary.get("currency", "")
    if salary.get("@type") != "MonetaryAmount" or not (
        len(currency) == 3 and currency.isalpha() and currency.isupper()
    ):
        problems.append(f"baseSalary {salary!r}")
    value = salary.get("value", {})
    if value.get("@type") != "QuantitativeValue" or value.get("unitText") not in SALARY_UNITS:
        problems.append(f"baseSalary.value {value!r}")
    amounts = [value[key] for key in ("value", "minValue", "maxValue") if key in value]
    if not amounts or not all(isinstance(a, int | float) and a > 0 for a in amounts):
        problems.append(f"baseSalary amounts {value!r}")
    if "value" in value and ({"minValue", "maxValue"} & set(value)):
        problems.append("baseSalary: both one amount and a range")
    if value.get("minValue", 0) > value.get("maxValue", float("inf")):
        problems.append("baseSalary: minValue above maxValue")
    return problems


@pytest.mark.parametrize(
    "fields",
    [
        {"salary_min": Decimal("22.50"), "salary_max": Decimal("28"), "identifier": "BS-7"},
        {"salary_min": Decimal("52000"), "salary_unit": "YEAR", "salary_currency": "USD"},
        {"workplace": Workplace.REMOTE, "city": "", "region": "", "applicant_location": "Ontario"},
        {"source": PostingSource.IMPORTED, "identifier": "REQ-2026-118"},
        {},
    ],
    ids=["salary range", "one yearly amount", "remote", "imported", "no salary"],
)
def test_what_google_reads_is_well_formed(fields):
    data = json_ld(**fields)

    assert google_problems(data) == []


def test_the_checker_sees_a_bad_posting():
    bad = json_ld(salary_min=Decimal("30"), salary_max=Decimal("20"))
    del bad["jobLocation"]

    assert google_problems(bad) == [
        "missing jobLocation (required unless the job is 100% remote)",
        "baseSalary: minValue above maxValue",
    ]


def test_the_identifier_is_the_employers_own_reference_when_it_has_one():
    assert json_ld(identifier="BS-7")["identifier"] == {
        "@type": "PropertyValue",
        "name": "Boulangerie Soleil",
        "value": "BS-7",
    }


def test_an_imported_posting_carries_its_employers_reference():
    data = json_ld(source=PostingSource.IMPORTED, identifier="REQ-2026-118")

    assert data["identifier"]["value"] == "REQ-2026-118"


def test_otherwise_the_identifier_is_the_posting_id_under_the_sites_name(settings):
    settings.SITE_URL = "https://emplois.example"

    assert json_ld(identifier="")["identifier"] == {
        "@type": "PropertyValue",
        "name": "emplois.example",
        "value": "42",
    }


def test_an_imports_digest_is_no_reference_to_quote(settings):
    settings.SITE_URL = "https://emplois.example"
    data = json_ld(source=PostingSource.IMPORTED, identifier="sha1:" + "0" * 40)

    assert data["identifier"]["value"] == "42"


def test_a_salary_range_gives_min_and_max():
    data = json_ld(salary_min=Decimal("22.50"), salary_max=Decimal("28"))

    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "CAD",
        "value": {
            "@type": "QuantitativeValue",
            "unitText": "HOUR",
            "minValue": 22.5,
            "maxValue": 28,
        },
    }


@pytest.mark.parametrize("unit", sorted(SALARY_UNITS))
def test_one_amount_is_a_value_in_the_postings_unit(unit):
    data = json_ld(salary_min=Decimal("900"), salary_max=Decimal("900"), salary_unit=unit)

    assert data["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "unitText": unit,
        "value": 900,
    }


def test_only_a_ceiling_is_a_max_value():
    data = json_ld(salary_max=Decimal("31.25"), salary_currency="EUR")

    assert data["baseSalary"]["currency"] == "EUR"
    assert data["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "unitText": "HOUR",
        "maxValue": 31.25,
    }


def test_no_salary_no_base_salary():
    assert "baseSalary" not in json_ld()


def test_a_province_says_the_country():
    assert json_ld()["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Ottawa",
        "addressRegion": "ON",
        "addressCountry": "CA",
    }


def test_a_city_alone_says_no_country():
    data = json_ld(workplace=Workplace.REMOTE, region="", city="Gatineau")

    assert data["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Gatineau",
    }


def test_a_remote_job_that_names_no_place_gets_no_invented_one():
    data = json_ld(workplace=Workplace.REMOTE, city="", region="", applicant_location="")

    assert data["jobLocationType"] == "TELECOMMUTE"
    assert "jobLocation" not in data
    assert "applicantLocationRequirements" not in data
    assert "Canada" not in json.dumps(data) and "addressCountry" not in json.dumps(data)
    # Google will not show it as a job; the posting's form is where a place would come from.
    assert google_problems(data) == [
        "a remote job without applicantLocationRequirements or jobLocation"
    ]


def test_an_import_abroad_says_its_own_country():
    data = json_ld(source=PostingSource.IMPORTED, city="Lisboa", region="", country="PT")

    assert data["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Lisboa",
        "addressCountry": "PT",
    }


def test_what_an_import_did_not_give_is_not_said():
    data = json_ld(
        source=PostingSource.IMPORTED,
        identifier="R-1234",
        employment_type="",
        hiring_organization_name="",
        valid_through=None,
        salary_min=Decimal("20"),
        salary_unit="",
        salary_currency="",
    )

    assert "employmentType" not in data and "hiringOrganization" not in data
    assert "validThrough" not in data
    assert data["identifier"] == {"@type": "PropertyValue", "value": "R-1234"}
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "value": {"@type": "QuantitativeValue", "value": 20},
    }
    assert _empty_values(data) == []
