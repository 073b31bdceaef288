"""What people type on forwards and applications (notes, titles, dates, addresses): the
checks every action makes, refused with the app's `ApplicationsRefusal` (a
`core.refusals.Refusal`, area "applications", whose `field` names the form field)."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.applications.models import URL_MAX_LENGTH
from tremplin.core.refusals import Refusal

EXCERPT_LENGTH = 160
# Dates of an application step: fixed bounds that catch a mistyped year, the same in
# the API's schema (a bound relative to today cannot be stated there). An interview is
# often booked ahead, so future dates are allowed.
EARLIEST_DATE = datetime.date(2000, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)
# A web address as the API's schema states it (and the page's URLField is stricter):
# http or https, a host, no spaces. Anything else (javascript:, data:) is refused.
URL_PATTERN = r"^(https?://[^\s/?#\x00][^\s\x00]*)?$"


class ApplicationsRefusal(Refusal):
    area = "applications"


def excerpt(text: str) -> str:
    """`text` on one line, cut to EXCERPT_LENGTH (a notification's excerpt)."""
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1] + "…"


def check_text(value: str, limit: int, field: str, *, required: bool = False) -> str:
    value = (value or "").strip()
    if "\x00" in value:
        raise ApplicationsRefusal(_("Null characters are not allowed."), "invalid", field)
    if required and not value:
        raise ApplicationsRefusal(_("This field is required."), "invalid", field)
    if len(value) > limit:
        raise ApplicationsRefusal(
            _("This text is too long: %(max)d characters at most.") % {"max": limit},
            "invalid",
            field,
        )
    return value


def check_date(when: datetime.date | None, field: str = "date") -> datetime.date:
    if when is None:
        return timezone.localdate()
    if not EARLIEST_DATE <= when <= LATEST_DATE:
        raise ApplicationsRefusal(
            _("Give a date between %(first)d and %(last)d.")
            % {"first": EARLIEST_DATE.year, "last": LATEST_DATE.year},
            "invalid",
            field,
        )
    return when


def check_url(url: str) -> str:
    url = check_text(url, URL_MAX_LENGTH, "url")
    if url and not re.match(URL_PATTERN, url, flags=re.ASCII):
        raise ApplicationsRefusal(
            _("Give a web address starting with https:// or http://."), "invalid", "url"
        )
    return url
