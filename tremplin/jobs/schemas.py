"""The shapes of the job postings API (`api.py`): what it answers and what it takes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import StrictBool, field_validator

from tremplin.api.schemas import StrictSchema


def sane_year(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and not (2000 <= value.year <= 2200):
        raise ValueError("Enter a date between the years 2000 and 2200.")
    return value


EmploymentTypeName = Literal[
    "FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER", "PER_DIEM", "OTHER"
]
WorkplaceName = Literal["on_site", "hybrid", "remote"]
RegionName = Literal[
    "", "AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"
]
SalaryUnitName = Literal["HOUR", "DAY", "WEEK", "MONTH", "YEAR"]
ApplyMethodName = Literal["url", "email", "here"]
AudienceName = Literal["public", "members", "agency"]
StatusName = Literal["draft", "review", "open", "rejected", "closed", "expired", "removed"]
ReportReasonName = Literal["scam", "misleading", "discriminatory", "expired", "other"]
Amount = Decimal


# ------------------------------------------------------------------ schemas


class JobHoldReasonOut(Schema):
    code: str
    label: str


class JobPostingOut(Schema):
    id: int
    url: str = Field(description="The posting's page, in the request's language.")
    status: str
    is_open: bool = Field(description="Open and not past its closing date: takes applications.")
    title: str = Field(description="In the caller's language when written in it.")
    title_fr: str
    title_en: str
    description_fr: str = Field(description="Markdown.")
    description_en: str = Field(description="Markdown.")
    languages: list[str] = Field(description="The languages the posting is written in.")
    hiring_organization_name: str
    hiring_organization_url: str
    organization: str | None = Field(description="The employer's slug on Tremplin.")
    organization_verified: bool
    agency: str | None = Field(description="The slug of the agency that posted or imported it.")
    employment_type: str
    workplace: str
    city: str
    region: str
    applicant_location: str
    salary_min: float | None
    salary_max: float | None
    salary_unit: str
    salary_currency: str
    salary_min_yearly: float | None
    requires_french: bool
    requires_english: bool
    apply_method: str
    apply_url: str
    apply_email: str
    identifier: str
    source: str
    source_url: str
    audience: str
    date_posted: dt.datetime | None
    valid_through: dt.datetime | None
    closed_at: dt.datetime | None
    updated: dt.datetime
    manager: bool = Field(description="Whether the caller may edit it and change its status.")
    hold_reasons: list[JobHoldReasonOut] = Field(
        description="Why the scam guard held it (its managers and reviewers only)."
    )
    review_note: str = Field(description="The reviewer's note (its managers and reviewers).")


class JobPostingDetailOut(JobPostingOut):
    json_ld: dict[str, Any] | None = Field(
        description="schema.org JobPosting (public open postings only; else null)."
    )


class JobPostingPage(Schema):
    results: list[JobPostingOut]
    next_offset: int | None


class _PostingFields(StrictSchema):
    title_fr: str = Field("", max_length=200)
    title_en: str = Field("", max_length=200)
    description_fr: str = Field("", max_length=20000, description="Markdown.")
    description_en: str = Field("", max_length=20000, description="Markdown.")
    hiring_organization_name: str = Field(
        "", max_length=150, description="Required for an agency's posting (the employer)."
    )
    hiring_organization_url: str = Field("", max_length=200)
    employment_type: EmploymentTypeName = "FULL_TIME"
    workplace: WorkplaceName = "on_site"
    city: str = Field("", max_length=80)
    region: RegionName = Field("", description="Required unless the job is remote.")
    applicant_location: str = Field("", max_length=120)
    salary_min: Amount | None = Field(None, ge=0, le=4_000_000, decimal_places=2)
    salary_max: Amount | None = Field(None, ge=0, le=4_000_000, decimal_places=2)
    salary_unit: SalaryUnitName = "HOUR"
    salary_currency: str = Field("CAD", min_length=3, max_length=3, pattern=r"^[A-Za-z]{3}$")
    requires_french: StrictBool = False
    requires_english: StrictBool = False
    apply_method: ApplyMethodName = "url"
    apply_url: str = Field("", max_length=500)
    apply_email: str = Field("", max_length=254)
    identifier: str = Field("", max_length=120)
    valid_through: dt.datetime | None = Field(
        None, description="The closing date: in the future, six months at most."
    )
    audience: AudienceName = "public"

    @field_validator("valid_through")
    @classmethod
    def _sane_year(cls, value: dt.datetime | None) -> dt.datetime | None:
        return sane_year(value)


class JobPostingIn(_PostingFields):
    organization: str | None = Field(
        None, max_length=80, description="The employer's slug (for an employer's posting)."
    )
    agency: str | None = Field(
        None, max_length=80, description="The agency's slug (for an agency's posting)."
    )
    publish: StrictBool = Field(
        False,
        description="Open it now (verified employers, agency staff) or send it to review.",
    )


class JobPostingUpdateIn(_PostingFields):
    """Only the fields sent are changed."""


class JobReviewIn(StrictSchema):
    note: str = Field("", max_length=2000, description="Required to reject.")


class JobReopenIn(StrictSchema):
    valid_through: dt.datetime | None = Field(
        None, description="A new closing date (needed once the old one has passed)."
    )

    @field_validator("valid_through")
    @classmethod
    def _sane_year(cls, value: dt.datetime | None) -> dt.datetime | None:
        return sane_year(value)


class JobRemoveIn(StrictSchema):
    note: str = Field("", max_length=2000)


class JobReportIn(StrictSchema):
    reason: ReportReasonName
    details: str = Field("", max_length=2000)


class JobReportOut(Schema):
    id: int
    reason: str
    created: dt.datetime


class JobReportedOut(Schema):
    posting: JobPostingOut
    reports: list[JobReportOut]
