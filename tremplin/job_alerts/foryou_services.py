"""Actions of "Jobs for you": saving a member's job preferences, and the weekly
digest's opt-in. Pages and the API call these.

The digest's opt-in is the member's notification preference for the `jobs_for_you`
kind (notifications' one place for it, CASL): "email" or "digest" sends the weekly
email, anything else does not; its one-click unsubscribe lowers it to "in the app".
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tremplin.core.regions import Region
from tremplin.job_alerts.foryou import MAX_ROLES
from tremplin.job_alerts.hooks import JOBS_FOR_YOU
from tremplin.job_alerts.models import JobPreferences, RemoteChoice
from tremplin.job_alerts.services import AlertRefusal
from tremplin.jobs.content import SALARY_CEILING
from tremplin.jobs.models import SalaryUnit
from tremplin.notifications.models import Delivery as NotificationDelivery
from tremplin.notifications.services import delivery_for, set_preferences

MAX_ROLE_LENGTH = 80
EMAILED = (NotificationDelivery.EMAIL, NotificationDelivery.DIGEST)


def wants_digest(member: Any) -> bool:
    return delivery_for(member, JOBS_FOR_YOU) in EMAILED


def _roles(value: Any) -> str:
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    roles = [r.strip() for r in str(value or "").split(",") if r.strip()]
    if len(roles) > MAX_ROLES:
        raise AlertRefusal({"desired_roles": _("Give at most five jobs.")})
    if any(len(r) > MAX_ROLE_LENGTH for r in roles):
        raise AlertRefusal({"desired_roles": _("A job title has at most 80 characters.")})
    return ", ".join(roles)


def _salary(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise AlertRefusal({"min_salary": _("Give an amount, such as 45000.")}) from None
    if not amount.is_finite() or amount < 0 or amount > SALARY_CEILING:
        raise AlertRefusal({"min_salary": _("Give an amount, such as 45000.")})
    return amount.quantize(Decimal("0.01"))


def _choice(value: Any, allowed: list[str], field: str, default: str = "") -> str:
    value = default if value in (None, "") else str(value)
    if value and value not in allowed:
        raise AlertRefusal({field: _("This value is not valid.")})
    return value


@transaction.atomic
def save_preferences(member: Any, data: dict[str, Any]) -> JobPreferences:
    """Create or change the member's job preferences from `data` (the fields given;
    `weekly_digest`, when given, sets the digest's opt-in). Raises AlertRefusal."""
    prefs = JobPreferences.objects.select_for_update().filter(owner=member.pk).first()
    prefs = prefs or JobPreferences(owner=member)
    if "desired_roles" in data:
        prefs.desired_roles = _roles(data["desired_roles"])
    if "region" in data:
        prefs.region = _choice(data["region"], list(Region.values), "region")
    if "remote" in data:
        prefs.remote = _choice(data["remote"], list(RemoteChoice.values), "remote", "also")
    if "min_salary" in data:
        prefs.min_salary = _salary(data["min_salary"])
    if "salary_unit" in data:
        prefs.salary_unit = _choice(
            data["salary_unit"], list(SalaryUnit.values), "salary_unit", "YEAR"
        )
    if "languages" in data:
        chosen = data["languages"] or []
        if not isinstance(chosen, list | tuple) or any(c not in ("fr", "en") for c in chosen):
            raise AlertRefusal({"languages": _("This value is not valid.")})
        prefs.languages = sorted(set(chosen))
    prefs.save()
    if "weekly_digest" in data:
        wanted = (
            NotificationDelivery.EMAIL if data["weekly_digest"] else NotificationDelivery.IN_APP
        )
        if wants_digest(member) != bool(data["weekly_digest"]):
            set_preferences(member, {JOBS_FOR_YOU: wanted})
    return prefs
