"""Actions on job postings, shared by the pages, the API and the other jobs apps.

Every change of status goes through `transition` (the lifecycle is declared in
`tremplin.jobs.models.TRANSITIONS`); it sends `posting_opened` / `posting_ended` inside
the transaction. Content edits of an open posting send `posting_updated`, also inside it.

Refusals are `PostingError`s (a `ValidationError`): either a dict of field → messages
(bad content: forms show them beside the fields) or a message with a `code`
(`forbidden`, `transition`, `rate_limited`, `invalid`) that the API maps to a status.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from tremplin.core.cache import count_hit
from tremplin.core.regions import Region
from tremplin.core.scam import scam_check
from tremplin.jobs import signals
from tremplin.jobs.hooks import JOB_REVIEW
from tremplin.jobs.models import (
    ApplyMethod,
    EmploymentType,
    Posting,
    PostingAudience,
    PostingReport,
    PostingSource,
    PostingStatus,
    ReportReason,
    SalaryUnit,
    Workplace,
    is_agency_admin,
    is_moderator,
)

ENDED = {PostingStatus.CLOSED, PostingStatus.EXPIRED, PostingStatus.REMOVED}

# A posting is open for at most this long (Job Bank: up to 6 months); imports without a
# validThrough get the default.
MAX_VALIDITY = dt.timedelta(days=183)
DEFAULT_IMPORT_VALIDITY = dt.timedelta(days=30)
# Hours in a working year and friends: the yearly equivalent of a salary.
YEARLY_FACTOR: dict[str, int] = {
    SalaryUnit.HOUR: 2080,
    SalaryUnit.DAY: 260,
    SalaryUnit.WEEK: 52,
    SalaryUnit.MONTH: 12,
    SalaryUnit.YEAR: 1,
}
# Any unit: its yearly equivalent (× 2,080 for hours) must fit salary_min_yearly's
# twelve digits.
SALARY_CEILING = Decimal("4000000")
# Reports: at most this many an hour from one member or one address.
REPORTS_PER_HOUR = 10
# How many agency admins hear of one posting waiting for review (when it has no agency).
REVIEWERS_NOTIFIED = 50

# The fields `create_posting`, `update_posting` and `import_upsert` accept.
CONTENT_FIELDS = (
    "title_fr",
    "title_en",
    "description_fr",
    "description_en",
    "employment_type",
    "workplace",
    "city",
    "region",
    "applicant_location",
    "salary_min",
    "salary_max",
    "salary_unit",
    "salary_currency",
    "requires_french",
    "requires_english",
    "apply_method",
    "apply_url",
    "apply_email",
    "identifier",
    "hiring_organization_name",
    "hiring_organization_url",
    "valid_through",
)
SETTING_FIELDS = ("audience",)
IMPORT_FIELDS = ("source_url", "date_posted")
TEXT_LIMITS = {
    "title_fr": 200,
    "title_en": 200,
    "description_fr": 20000,
    "description_en": 20000,
    "city": 80,
    "applicant_location": 120,
    "identifier": 120,
    "hiring_organization_name": 150,
    "hiring_organization_url": 200,
    "apply_url": 500,
    "apply_email": 254,
    "source_url": 500,
}
BOOLEAN_FIELDS = ("requires_french", "requires_english")
CHOICES = {
    "employment_type": EmploymentType,
    "workplace": Workplace,
    "region": Region,
    "salary_unit": SalaryUnit,
    "apply_method": ApplyMethod,
    "audience": PostingAudience,
}


class PostingError(ValidationError):
    """A refusal: bad content (a dict of field errors) or a rule (`code`)."""


# Kept for callers of the first version of this module.
TransitionRefused = PostingError


# ------------------------------------------------------------------ lifecycle


def transition(posting: Posting, to: str, *, by=None, note: str = "") -> Posting:
    """Move `posting` to status `to` (the declared lifecycle), in one transaction, and
    send `posting_opened` / `posting_ended` inside it."""
    with transaction.atomic():
        locked = Posting.objects.select_for_update(of=("self",)).get(pk=posting.pk)
        if not locked.can_move_to(to):
            raise PostingError(
                _("A posting cannot go from “%(from)s” to “%(to)s”.")
                % {"from": locked.get_status_display(), "to": PostingStatus(to).label},
                code="transition",
            )
        was = locked.status
        now = timezone.now()
        locked.status = to
        fields = ["status", "updated"]
        if to == PostingStatus.OPEN and locked.date_posted is None:
            locked.date_posted = now
            fields.append("date_posted")
        if to in ENDED:
            locked.closed_at = now
            fields.append("closed_at")
        elif to == PostingStatus.OPEN:
            locked.closed_at = None
            fields.append("closed_at")
        if note:
            locked.review_note = note
            fields.append("review_note")
        locked.save(update_fields=fields)
        if to == PostingStatus.OPEN:
            signals.posting_opened.send(
                Posting,
                posting_id=locked.pk,
                reopened=was != PostingStatus.DRAFT and was != PostingStatus.REVIEW,
            )
        elif was == PostingStatus.OPEN and to in ENDED:
            signals.posting_ended.send(Posting, posting_id=locked.pk, status=to)
    for field in fields:
        setattr(posting, field, getattr(locked, field))
    return posting


# ------------------------------------------------------------------ who may do what


def _roles(user, organization) -> set[str]:
    from tremplin.organizations.models import Membership

    if organization is None or user is None or not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(user=user, organization=organization).values_list(
            "role", flat=True
        )
    )


def is_employer_staff(user, organization) -> bool:
    """An admin or recruiter of an employer."""
    from tremplin.organizations.models import OrgKind, Role

    if organization is None or organization.kind != OrgKind.EMPLOYER:
        return False
    return bool(_roles(user, organization) & {Role.ADMIN, Role.RECRUITER})


def is_agency_staff(user, agency) -> bool:
    """An admin or counsellor of an agency."""
    from tremplin.organizations.models import OrgKind, Role

    if agency is None or agency.kind != OrgKind.AGENCY:
        return False
    return bool(_roles(user, agency) & {Role.ADMIN, Role.COUNSELLOR})


def posting_homes(user) -> list:
    """The organisations `user` may post for: employers where they are admin or recruiter,
    agencies where they are admin or counsellor (employers first)."""
    from tremplin.organizations.models import Membership, OrgKind, Role

    if user is None or not user.is_authenticated:
        return []
    from tremplin.organizations.models import Organization

    rows = Membership.objects.filter(user=user).filter(
        Q(organization__kind=OrgKind.EMPLOYER, role__in=[Role.ADMIN, Role.RECRUITER])
        | Q(organization__kind=OrgKind.AGENCY, role__in=[Role.ADMIN, Role.COUNSELLOR])
    )
    found = Organization.objects.filter(pk__in=rows.values("organization_id"))
    # "employer" sorts after "agency": employers first, then by name.
    return sorted(found, key=lambda o: (o.kind != OrgKind.EMPLOYER, o.name))


def can_post(user) -> bool:
    return bool(posting_homes(user))


def can_manage(user, posting: Posting) -> bool:
    return Posting.objects.managed_by(user).filter(pk=posting.pk).exists()


def is_trusted(user, posting: Posting) -> bool:
    """Whether `posting` may open without review when `user` publishes it: agency staff
    for their agency, admins and recruiters of a verified employer; an agency's import
    (user None)."""
    if posting.agency_id is not None:
        if user is None:
            return posting.source == PostingSource.IMPORTED
        if is_agency_staff(user, posting.agency):
            return True
    organization = posting.organization
    if organization is not None and organization.verified and user is not None:
        return is_employer_staff(user, organization)
    return False


def _require_manager(user, posting: Posting) -> None:
    if not can_manage(user, posting):
        raise PermissionDenied(_("You cannot change this posting."))


def _forbidden(message: str) -> PostingError:
    return PostingError(message, code="forbidden")


# ------------------------------------------------------------------ validation


def _as_text(value: Any) -> str:
    """One line of text, its runs of spaces made single."""
    return "" if value is None else " ".join(str(value).split())


def _as_decimal(value: Any) -> Decimal | None | str:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).replace(",", ".").replace(" ", "").replace("\u00a0", ""))
    except (InvalidOperation, ValueError):
        return "bad"
    if not number.is_finite():
        return "bad"
    return number.quantize(Decimal("0.01"))


def _as_datetime(value: Any) -> dt.datetime | None | str:
    """A date means the end of that day, in the site's time zone."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        parsed: Any = None
        try:
            parsed = parse_datetime(value.strip()) or parse_date(value.strip())
        except ValueError:
            parsed = None
        if parsed is None:
            return "bad"
        value = parsed
    if isinstance(value, dt.datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value
    if isinstance(value, dt.date):
        return timezone.make_aware(dt.datetime.combine(value, dt.time(23, 59, 59)))
    return "bad"


def _coerce(field: str, value: Any) -> Any:
    """The value as the model stores it; "bad" for an unreadable number or date."""
    if field in BOOLEAN_FIELDS:
        return bool(value)
    if field in ("salary_min", "salary_max"):
        return _as_decimal(value)
    if field in ("valid_through", "date_posted"):
        return _as_datetime(value)
    if field == "salary_currency":
        return _as_text(value).upper() or "CAD"
    if field in ("description_fr", "description_en"):
        return str(value or "").replace("\r\n", "\n").strip()
    if field == "apply_email":
        return _as_text(value).lower()
    return _as_text(value)


def _clean(
    values: dict[str, Any],
    *,
    changed: set[str],
    organization,
    agency,
    imported: bool = False,
) -> dict[str, list[str]]:
    """Check a posting's full set of values (changing them in place where a default or
    a derived value applies); returns field → messages."""
    errors: dict[str, list[str]] = {}

    def fail(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    for field, limit in TEXT_LIMITS.items():
        if len(values.get(field) or "") > limit:
            fail(
                field,
                _("This text is too long: %(limit)d characters at most.") % {"limit": limit},
            )
    for field, choices in CHOICES.items():
        value = values.get(field)
        if value and value not in choices.values:
            fail(field, _("Pick one of the choices offered."))

    complete = []
    for lang, name in (("fr", _("French")), ("en", _("English"))):
        title, description = values[f"title_{lang}"], values[f"description_{lang}"]
        if title and description:
            complete.append(lang)
        elif title:
            fail(
                f"description_{lang}",
                _("Write the description in %(language)s too, or remove its title.")
                % {"language": name},
            )
        elif description:
            fail(
                f"title_{lang}",
                _("Give the %(language)s version a title.") % {"language": name},
            )
    if not complete and not any(f.startswith(("title_", "description_")) for f in errors):
        fail(
            NON_FIELD_ERRORS,
            _("Write the posting in French or in English: a title and a description."),
        )

    if not values.get("hiring_organization_name"):
        if organization is not None:
            values["hiring_organization_name"] = organization.name
        else:
            fail("hiring_organization_name", _("Name the employer."))
    if values.get("hiring_organization_url"):
        try:
            URLValidator(schemes=["http", "https"])(values["hiring_organization_url"])
        except ValidationError:
            fail("hiring_organization_url", _("Enter a web address starting with https://."))

    workplace = values.get("workplace") or Workplace.ON_SITE
    if workplace != Workplace.REMOTE and not values.get("region"):
        fail("region", _("Choose the province or territory of the workplace."))

    low, high = values.get("salary_min"), values.get("salary_max")
    for field, number in (("salary_min", low), ("salary_max", high)):
        if number == "bad":
            fail(field, _("Enter an amount, such as 22.50."))
        elif number is not None and number <= 0:
            fail(field, _("Enter an amount greater than zero."))
        elif number is not None and number > SALARY_CEILING:
            fail(field, _("Enter an amount of 4,000,000 at most."))
    numbers_ok = not any(isinstance(n, str) for n in (low, high))
    if numbers_ok and high is not None and low is None:
        fail("salary_min", _("Give the minimum salary too (it may equal the maximum)."))
    if numbers_ok and low is not None and high is not None and low > high:
        fail("salary_max", _("The maximum salary cannot be less than the minimum."))
    currency = values.get("salary_currency") or "CAD"
    if len(currency) != 3 or not currency.isalpha() or not currency.isascii():
        fail("salary_currency", _("Enter a three-letter currency code, such as CAD."))

    method = values.get("apply_method") or ApplyMethod.URL
    if method == ApplyMethod.URL:
        if not values.get("apply_url") and imported and values.get("source_url"):
            values["apply_url"] = values["source_url"]
        if not values.get("apply_url"):
            fail("apply_url", _("Give the address where people apply."))
    elif method == ApplyMethod.EMAIL and not values.get("apply_email"):
        fail("apply_email", _("Give the email address where people apply."))
    for field in ("apply_url", "source_url"):
        if values.get(field):
            try:
                URLValidator(schemes=["http", "https"])(values[field])
            except ValidationError:
                fail(field, _("Enter a web address starting with https://."))
    if values.get("apply_email"):
        try:
            validate_email(values["apply_email"])
        except ValidationError:
            fail("apply_email", _("Enter a valid email address."))

    if values.get("audience") == PostingAudience.AGENCY and agency is None:
        fail("audience", _("Only an agency's postings can be shown to its clients only."))

    now = timezone.now()
    until = values.get("valid_through")
    if until == "bad":
        fail("valid_through", _("Enter a date, such as 2025-06-30."))
    elif until is None:
        if imported:
            values["valid_through"] = now + DEFAULT_IMPORT_VALIDITY
        else:
            fail("valid_through", _("Say until when the posting is open."))
    elif "valid_through" in changed:
        if until <= now:
            fail("valid_through", _("The closing date must be in the future."))
        elif until > now + MAX_VALIDITY:
            if imported:
                values["valid_through"] = now + MAX_VALIDITY
            else:
                fail(
                    "valid_through",
                    _("A posting stays open for six months at most: choose an earlier date."),
                )
    if values.get("date_posted") == "bad":
        values["date_posted"] = None
    return errors


def _values_of(posting: Posting) -> dict[str, Any]:
    return {
        field: getattr(posting, field)
        for field in (*CONTENT_FIELDS, *SETTING_FIELDS, *IMPORT_FIELDS)
    }


def _prepare(
    posting: Posting,
    data: Mapping[str, Any],
    *,
    allowed: tuple[str, ...],
    imported: bool = False,
) -> tuple[dict[str, Any], set[str]]:
    """Merge `data` over the posting's values, check them, and return (values, the
    fields whose value changed). Raises PostingError with field errors."""
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise PostingError(
            {NON_FIELD_ERRORS: [_("Unknown fields: %(fields)s.") % {"fields": ", ".join(unknown)}]}
        )
    values = _values_of(posting)
    changed: set[str] = set()
    for field, raw in data.items():
        value = _coerce(field, raw)
        if value != values.get(field):
            changed.add(field)
        values[field] = value
    if posting.pk is None:
        changed |= {f for f in values if values[f] not in ("", None, False)}
    errors = _clean(
        values,
        changed=changed,
        organization=posting.organization,
        agency=posting.agency,
        imported=imported,
    )
    if errors:
        raise PostingError(errors)
    for field in list(changed):
        if values[field] == getattr(posting, field, None) and posting.pk is not None:
            changed.discard(field)
    return values, changed


def _apply(posting: Posting, values: dict[str, Any]) -> None:
    for field, value in values.items():
        setattr(posting, field, value)
    if not posting.salary_currency:
        posting.salary_currency = "CAD"
    posting.salary_min_yearly = yearly(posting.salary_min, posting.salary_unit)


def yearly(amount: Decimal | None, unit: str) -> Decimal | None:
    """The yearly equivalent of a salary (2,080 hours, 260 days, 52 weeks, 12 months)."""
    if amount is None:
        return None
    factor = YEARLY_FACTOR.get(unit, 1)
    return (Decimal(amount) * factor).quantize(Decimal("0.01"))


def _scan(posting: Posting) -> list[str]:
    text = "\n".join(
        [posting.title_fr, posting.title_en, posting.description_fr, posting.description_en]
    )
    return scam_check(text)


# ------------------------------------------------------------------ notifications


def _reviewers(posting: Posting):
    """Who hears that a posting waits for review: its agency's admins, else the admins
    of agencies in its region, else every agency admin (a bounded number)."""
    from tremplin.accounts.models import User
    from tremplin.organizations.models import Membership, OrgKind, Role

    admins = Membership.objects.filter(role=Role.ADMIN, organization__kind=OrgKind.AGENCY)
    if posting.agency_id is not None:
        chosen = admins.filter(organization=posting.agency_id)
    else:
        region = posting.region or (posting.organization.region if posting.organization else "")
        chosen = admins.filter(organization__region=region) if region else admins.none()
        if not chosen.exists():
            chosen = admins
    ids = chosen.values_list("user_id", flat=True).distinct()
    return User.objects.filter(pk__in=ids, is_active=True).order_by("pk")[:REVIEWERS_NOTIFIED]


def _notify_waiting(posting: Posting, actor=None) -> None:
    from tremplin.notifications.services import notify

    for admin in _reviewers(posting):
        notify(
            admin,
            JOB_REVIEW,
            actor=actor,
            target=posting,
            group_key=f"job_review:waiting:{posting.pk}",
            data={"event": "waiting", "title": posting.title[:120]},
        )


def _notify_author(posting: Posting, event: str, *, actor=None, note: str = "") -> None:
    from tremplin.notifications.services import notify

    if posting.posted_by is None:
        return
    data: dict[str, Any] = {"event": event, "title": posting.title[:120]}
    if event == "held":
        data["reasons"] = list(posting.hold_reasons)
    if note:
        data["note"] = note[:200]
    notify(posting.posted_by, JOB_REVIEW, actor=actor, target=posting, data=data)


def _to_review(posting: Posting, *, by=None) -> None:
    transition(posting, PostingStatus.REVIEW, by=by)
    if posting.hold_reasons:
        _notify_author(posting, "held")
    _notify_waiting(posting, actor=by)


def _go_live(posting: Posting, user) -> Posting:
    """Open `posting` now if `user` may publish it directly and the scam guard let it
    through; otherwise send it to the review queue."""
    if posting.hold_reasons or not is_trusted(user, posting):
        _to_review(posting, by=user)
    else:
        transition(posting, PostingStatus.OPEN, by=user)
    return posting


def _require_future(posting: Posting) -> None:
    if posting.valid_through is not None and posting.valid_through <= timezone.now():
        raise PostingError({"valid_through": [_("The closing date has passed: choose a new one.")]})


# ------------------------------------------------------------------ writing


def create_posting(
    author, data: Mapping[str, Any], *, organization=None, agency=None, publish: bool = False
) -> Posting:
    """A new posting by `author` for `organization` (an employer) and/or `agency`.

    Without either, the first organisation the author may post for is used. Checks the
    content (PostingError with field errors), runs the scam guard (a hit is recorded in
    `hold_reasons`), saves a draft, and with `publish=True` opens it at once for agency
    staff and a verified employer's admins and recruiters, or sends it to review.
    """
    from tremplin.organizations.models import OrgKind

    if organization is None and agency is None:
        homes = posting_homes(author)
        if not homes:
            raise _forbidden(_("Only employers and agency staff can post jobs."))
        home = homes[0]
        if home.kind == OrgKind.AGENCY:
            agency = home
        else:
            organization = home
    if agency is not None:
        if not is_agency_staff(author, agency):
            raise _forbidden(_("Only this agency's staff can post jobs for it."))
    elif not is_employer_staff(author, organization):
        raise _forbidden(_("Only this employer's administrators and recruiters can post jobs."))
    if organization is not None and organization.kind != OrgKind.EMPLOYER:
        raise _forbidden(_("Only an employer can be named as the employer."))

    posting = Posting(
        organization=organization,
        agency=agency,
        posted_by=author,
        source=PostingSource.DIRECT,
        status=PostingStatus.DRAFT,
    )
    values, _changed = _prepare(posting, data, allowed=(*CONTENT_FIELDS, *SETTING_FIELDS))
    _apply(posting, values)
    if organization is not None:
        posting.hiring_organization_name = organization.name
        if not posting.hiring_organization_url and organization.website:
            posting.hiring_organization_url = organization.website
    with transaction.atomic():
        posting.hold_reasons = _scan(posting)
        posting.save()
        if publish:
            _go_live(posting, author)
    return posting


def update_posting(editor, posting: Posting, data: Mapping[str, Any]) -> Posting:
    """Change a posting's content (only the fields in `data`). An open posting whose text
    trips the scam guard goes back to review; an open posting whose content changed
    sends `posting_updated`."""
    _require_manager(editor, posting)
    with transaction.atomic():
        posting = Posting.objects.select_for_update(of=("self",)).get(pk=posting.pk)
        was_held = bool(posting.hold_reasons)
        if posting.status == PostingStatus.REMOVED:
            raise PostingError(_("A removed posting cannot be changed."), code="transition")
        values, changed = _prepare(posting, data, allowed=(*CONTENT_FIELDS, *SETTING_FIELDS))
        if not changed:
            return posting
        _apply(posting, values)
        if posting.organization is not None:
            posting.hiring_organization_name = posting.organization.name
        posting.hold_reasons = _scan(posting)
        posting.save()
        if posting.status == PostingStatus.OPEN:
            if posting.hold_reasons:
                _to_review(posting, by=editor)
            else:
                signals.posting_updated.send(Posting, posting_id=posting.pk)
        elif (
            posting.status == PostingStatus.REVIEW
            and was_held
            and not posting.hold_reasons
            and is_trusted(editor, posting)
        ):
            # Held only by the scam guard, and the author fixed the text: it opens.
            transition(posting, PostingStatus.OPEN, by=editor)
    return posting


def import_upsert(agency, data: Mapping[str, Any], *, existing: Posting | None) -> Posting:
    """Create or update an imported posting of `agency` (for the imports app).

    `data` takes the same fields as `create_posting` plus `source_url` and
    `date_posted`; `hiring_organization_name` is required; a missing `valid_through`
    means 30 days, one beyond six months is brought back to six months. A posting the
    scam guard holds goes to review; otherwise it opens. An existing posting whose data
    did not change is returned as it is (nothing is checked, nothing is sent). An
    existing closed or expired posting whose data changed opens again; a removed or
    rejected one stays so. The returned posting's `upsert_result` says what happened:
    "created", "updated", "reopened", "held" or "unchanged".
    """
    allowed = (*CONTENT_FIELDS, *SETTING_FIELDS, *IMPORT_FIELDS)
    fingerprint = data_hash(data)
    with transaction.atomic():
        if existing is None:
            posting = Posting(
                agency=agency,
                source=PostingSource.IMPORTED,
                status=PostingStatus.DRAFT,
            )
            values, _changed = _prepare(posting, data, allowed=allowed, imported=True)
            _apply(posting, values)
            posting.source_hash = fingerprint
            posting.hold_reasons = _scan(posting)
            posting.save()
            _go_live(posting, None)
            result = "held" if posting.status == PostingStatus.REVIEW else "created"
        else:
            posting = Posting.objects.select_for_update(of=("self",)).get(pk=existing.pk)
            if posting.agency_id != agency.pk:
                raise _forbidden(_("This posting belongs to another agency."))
            # The same item as last time (a default or capped closing date would look
            # like a change on every poll without this).
            if posting.source_hash == fingerprint:
                posting.upsert_result = "unchanged"  # type: ignore[attr-defined]
                return posting
            values, changed = _prepare(posting, data, allowed=allowed, imported=True)
            if not changed:
                Posting.objects.filter(pk=posting.pk).update(source_hash=fingerprint)
                posting.source_hash = fingerprint
                posting.upsert_result = "unchanged"  # type: ignore[attr-defined]
                return posting
            _apply(posting, values)
            posting.source_hash = fingerprint
            posting.hold_reasons = _scan(posting)
            posting.save()
            result = "updated"
            if posting.status == PostingStatus.OPEN:
                if posting.hold_reasons:
                    _to_review(posting)
                    result = "held"
                else:
                    signals.posting_updated.send(Posting, posting_id=posting.pk)
            elif posting.status in (PostingStatus.CLOSED, PostingStatus.EXPIRED):
                if posting.valid_through and posting.valid_through > timezone.now():
                    _go_live(posting, None)
                    result = "held" if posting.status == PostingStatus.REVIEW else "reopened"
            elif posting.status == PostingStatus.DRAFT:
                _go_live(posting, None)
                result = "held" if posting.status == PostingStatus.REVIEW else "created"
    posting.upsert_result = result  # type: ignore[attr-defined]
    return posting


def data_hash(data: Mapping[str, Any]) -> str:
    """A fingerprint of an imported item's data, to see that it did not change."""
    encoded = json.dumps(dict(data), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


# ------------------------------------------------------------------ status changes


def publish(user, posting: Posting) -> Posting:
    """Draft (or rejected, after changes) → open, or → review for an unverified employer
    or a posting the scam guard holds."""
    _require_manager(user, posting)
    if posting.status not in (PostingStatus.DRAFT, PostingStatus.REJECTED):
        raise PostingError(_("This posting has already been published."), code="transition")
    _require_future(posting)
    with transaction.atomic():
        posting.hold_reasons = _scan(posting)
        Posting.objects.filter(pk=posting.pk).update(hold_reasons=posting.hold_reasons)
        if posting.status == PostingStatus.REJECTED:
            _to_review(posting, by=user)
        else:
            _go_live(posting, user)
    return posting


def approve(reviewer, posting: Posting, note: str = "") -> Posting:
    """An agency admin opens a posting waiting for review and tells its author."""
    if not is_agency_admin(reviewer):
        raise PermissionDenied(_("Only agency administrators review postings."))
    if posting.posted_by_id == reviewer.pk:
        raise _forbidden(_("Another administrator must review your own posting."))
    if posting.status != PostingStatus.REVIEW:
        raise PostingError(_("This posting is not waiting for review."), code="transition")
    _require_future(posting)
    with transaction.atomic():
        transition(posting, PostingStatus.OPEN, by=reviewer, note=note.strip())
        posting.reviewed_by = reviewer
        posting.reviewed_at = timezone.now()
        posting.hold_reasons = []
        posting.save(update_fields=["reviewed_by", "reviewed_at", "hold_reasons", "updated"])
        _notify_author(posting, "approved", actor=reviewer)
    return posting


def reject(reviewer, posting: Posting, note: str) -> Posting:
    """An agency admin refuses a posting waiting for review, saying why."""
    if not is_agency_admin(reviewer):
        raise PermissionDenied(_("Only agency administrators review postings."))
    if posting.posted_by_id == reviewer.pk:
        raise _forbidden(_("Another administrator must review your own posting."))
    note = (note or "").strip()
    if not note:
        raise PostingError({"note": [_("Tell the author why the posting is refused.")]})
    if len(note) > 2000:
        raise PostingError({"note": [_("2,000 characters at most.")]})
    if posting.status != PostingStatus.REVIEW:
        raise PostingError(_("This posting is not waiting for review."), code="transition")
    with transaction.atomic():
        transition(posting, PostingStatus.REJECTED, by=reviewer, note=note)
        posting.reviewed_by = reviewer
        posting.reviewed_at = timezone.now()
        posting.save(update_fields=["reviewed_by", "reviewed_at", "updated"])
        _notify_author(posting, "rejected", actor=reviewer, note=note)
    return posting


def close(user, posting: Posting) -> Posting:
    """The employer or agency stops taking applications."""
    _require_manager(user, posting)
    if posting.status != PostingStatus.OPEN:
        raise PostingError(_("Only an open posting can be closed."), code="transition")
    return transition(posting, PostingStatus.CLOSED, by=user)


def reopen(user, posting: Posting, valid_through: Any = None) -> Posting:
    """A closed or expired posting opens again (a new closing date is needed once the
    old one has passed); an unverified employer's goes through review again."""
    _require_manager(user, posting)
    if posting.status not in (PostingStatus.CLOSED, PostingStatus.EXPIRED):
        raise PostingError(
            _("Only a closed or expired posting can be reopened."), code="transition"
        )
    with transaction.atomic():
        if valid_through not in (None, ""):
            update_posting(user, posting, {"valid_through": valid_through})
            posting.refresh_from_db()
        _require_future(posting)
        posting.hold_reasons = _scan(posting)
        Posting.objects.filter(pk=posting.pk).update(hold_reasons=posting.hold_reasons)
        _go_live(posting, user)
    return posting


def can_remove(user, posting: Posting) -> bool:
    """Moderators and agency admins remove a reported posting; an agency's admins may
    remove their agency's postings at any time."""
    from tremplin.organizations.models import Role

    if posting.status in (PostingStatus.REMOVED, PostingStatus.DRAFT, PostingStatus.REJECTED):
        return False
    if posting.agency_id is not None and Role.ADMIN in _roles(user, posting.agency):
        return True
    return is_moderator(user) and posting.reports.filter(resolved_at__isnull=True).exists()


def remove(user, posting: Posting, note: str = "") -> Posting:
    """Take a posting down for good (after reports); its reports are resolved."""
    if not can_remove(user, posting):
        raise PermissionDenied(_("You cannot remove this posting."))
    with transaction.atomic():
        note = (note or "").strip()[:2000]
        transition(posting, PostingStatus.REMOVED, by=user, note=note)
        posting.reports.filter(resolved_at__isnull=True).update(
            resolved_at=timezone.now(), resolved_by=user
        )
        # The author hears of it, with the reason; not who removed it (moderation
        # speaks as the site, so that no moderator is singled out).
        _notify_author(posting, "removed", note=note)
    return posting


def dismiss_reports(user, posting: Posting) -> int:
    """The reports were unfounded: resolve them and leave the posting as it is."""
    if not is_moderator(user):
        raise PermissionDenied(_("Only moderators and agency administrators handle reports."))
    return posting.reports.filter(resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=user
    )


def report(
    reporter, posting: Posting, reason: str, details: str = "", *, ip: str = ""
) -> PostingReport:
    """Anyone who can see a posting may report it (visitors too), a few times an hour;
    a member's second report of the same posting returns the first."""
    if reason not in ReportReason.values:
        raise PostingError({"reason": [_("Pick one of the choices offered.")]})
    details = (details or "").strip()
    if len(details) > 2000:
        raise PostingError({"details": [_("2,000 characters at most.")]})
    signed_in = reporter is not None and reporter.is_authenticated
    if signed_in:
        earlier = posting.reports.filter(reporter=reporter, resolved_at__isnull=True).first()
        if earlier is not None:
            return earlier
    key = f"jobs-report:user:{reporter.pk}" if signed_in else f"jobs-report:ip:{ip or '-'}"
    if count_hit(key, window=3600) > REPORTS_PER_HOUR:
        raise PostingError(
            _("You have sent many reports in the last hour. Try again later."),
            code="rate_limited",
        )
    return PostingReport.objects.create(
        posting=posting,
        reporter=reporter if signed_in else None,
        reason=reason,
        details=details,
    )


# ------------------------------------------------------------------ periodic


def expire_due(batch: int = 500) -> int:
    """Periodic: open postings past their valid_through become expired (each in its own
    transaction, so `posting_ended` tells the people it was forwarded to). Idempotent;
    returns how many expired."""
    expired = 0
    while True:
        before = expired
        now = timezone.now()
        due = list(
            Posting.objects.open()
            .filter(valid_through__lte=now)
            .order_by("valid_through", "pk")
            .values_list("pk", flat=True)[:batch]
        )
        for pk in due:
            try:
                transition(Posting(pk=pk), PostingStatus.EXPIRED)
            except (PostingError, Posting.DoesNotExist):
                continue  # closed or removed meanwhile
            expired += 1
        # A full batch with no progress (a receiver refusing): stop, the next run retries.
        if len(due) < batch or expired == before:
            return expired


__all__ = [
    "PermissionDenied",
    "PostingError",
    "TransitionRefused",
    "approve",
    "close",
    "create_posting",
    "expire_due",
    "import_upsert",
    "publish",
    "reject",
    "remove",
    "reopen",
    "report",
    "transition",
    "update_posting",
]
