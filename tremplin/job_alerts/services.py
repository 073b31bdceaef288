"""Actions on saved searches and alerts. Pages and API call these.

Emails about alerts need the member's opt-in (CASL): an alert delivers by email only
when its own box was ticked (`delivery` email or digest) AND the member's notification
preference for job alerts allows emails. Ticking the box on an alert is that opt-in: it
raises the preference to the alert's delivery; the one-click unsubscribe in every alert
email lowers the preference to "in the app", which stops the emails of every alert
(their boxes stay as they were, and the alerts page says emails are off).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tremplin.core.refusals import Refusal
from tremplin.job_alerts import documents
from tremplin.job_alerts.hooks import JOB_ALERT
from tremplin.job_alerts.models import AlertKey, AlertTerm, Delivery, SavedSearch
from tremplin.job_alerts.search import BadSearch
from tremplin.notifications.models import Delivery as NotificationDelivery
from tremplin.notifications.services import delivery_for, set_preferences
from tremplin.organizations.models import Organization

FIELDS = (
    "name",
    "q",
    "region",
    "remote",
    "employment_type",
    "min_salary",
    "language",
    "organization",
    "posted_since",
    "sort",
    "is_alert",
    "delivery",
    "quiet_start",
    "quiet_end",
)
MAX_SAVED_SEARCHES = 50
RANK = {
    NotificationDelivery.OFF: 0,
    NotificationDelivery.IN_APP: 1,
    NotificationDelivery.DIGEST: 2,
    NotificationDelivery.EMAIL: 3,
}


class AlertRefusal(Refusal):
    """A saved search refused: a field that is not valid (a dict of field errors), or a
    rule (too many saved searches, someone else's)."""

    area = "job_alerts"


def _check(saved: SavedSearch) -> None:
    if not saved.name.strip():
        raise AlertRefusal({"name": _("Give this search a name.")})
    if (saved.quiet_start is None) != (saved.quiet_end is None):
        raise AlertRefusal({"quiet_end": _("Give both ends of the quiet hours, or neither.")})
    if saved.quiet_start is not None and saved.quiet_start == saved.quiet_end:
        raise AlertRefusal({"quiet_end": _("Quiet hours must end at another time.")})
    params = saved.params()
    try:
        params.validate()
    except BadSearch as error:
        raise AlertRefusal({str(error): _("This value is not valid.")}) from None


def employer_named(slug: str) -> Organization | None:
    """The organisation a saved search names by its address (slug), None for none."""
    if not slug:
        return None
    found = Organization.objects.filter(slug=slug).first()
    if found is None:
        raise AlertRefusal({"organization": "No organisation has this address."})
    return found


def _opt_in(owner: Any, delivery: str) -> None:
    """Ticking "email me" on an alert raises the member's job-alert emails to it."""
    if delivery == Delivery.IN_APP:
        return
    current = delivery_for(owner, JOB_ALERT)
    if RANK[NotificationDelivery(current)] < RANK[NotificationDelivery(delivery)]:
        set_preferences(owner, {JOB_ALERT: delivery})


@transaction.atomic
def save_search(
    owner: Any, data: dict[str, Any], *, saved: SavedSearch | None = None
) -> SavedSearch:
    """Create (`saved` None) or change one of `owner`'s saved searches."""
    if saved is None:
        if SavedSearch.objects.filter(owner=owner).count() >= MAX_SAVED_SEARCHES:
            raise AlertRefusal(
                _("You have %(count)d saved searches: delete one to save another.")
                % {"count": MAX_SAVED_SEARCHES}
            )
        saved = SavedSearch(owner=owner)
    elif saved.owner_id != owner.pk:
        raise AlertRefusal(_("This saved search is not yours."))
    for name in FIELDS:
        if name in data:
            setattr(saved, name, data[name])
    saved.name = (saved.name or "").strip()
    saved.q = " ".join((saved.q or "").split())
    _check(saved)
    saved.save()
    reindex_alert(saved)
    if saved.is_alert:
        _opt_in(owner, saved.delivery)
    return saved


@transaction.atomic
def set_active(owner: Any, saved: SavedSearch, active: bool) -> SavedSearch:
    """Pause (False) or resume (True) an alert; a saved search becomes an alert."""
    if saved.owner_id != owner.pk:
        raise AlertRefusal(_("This saved search is not yours."))
    SavedSearch.objects.filter(pk=saved.pk).update(is_alert=active)
    saved.is_alert = active
    if active:
        _opt_in(owner, saved.delivery)
    return saved


@transaction.atomic
def delete_search(owner: Any, saved: SavedSearch) -> None:
    if saved.owner_id != owner.pk:
        raise AlertRefusal(_("This saved search is not yours."))
    saved.delete()


def reindex_alert(saved: SavedSearch) -> None:
    """File the alert under its rarest keyword (see models.AlertKey) and record its
    keywords (SQLite) or its tsquery (PostgreSQL)."""
    AlertKey.objects.filter(alert=saved).delete()
    AlertTerm.objects.filter(alert=saved).delete()
    keys: list[str] = [""]
    if documents.is_postgres():
        query = documents.tsquery_text(saved.q)
        if query:
            choices = [k for k in (documents.word_keys(w) for w in saved.q.split()) if k]
            if choices:
                keys = min(choices, key=lambda k: (documents.key_frequency(k), -len(k[0])))
        else:
            keys = [""]
        SavedSearch.objects.filter(pk=saved.pk).update(query_text=query)
        saved.query_text = query
    else:
        words = sorted(set(documents.tokens(saved.q)))
        if words:
            AlertTerm.objects.bulk_create([AlertTerm(alert=saved, term=w) for w in words])
            rarest = min(words, key=lambda w: (documents.key_frequency([w]), -len(w)))
            keys = [rarest]
    AlertKey.objects.bulk_create([AlertKey(alert=saved, term=k) for k in sorted(set(keys))])


def emails_stopped(owner: Any) -> bool:
    """True when the member's preference no longer allows alert emails (unsubscribed)."""
    return delivery_for(owner, JOB_ALERT) in (
        NotificationDelivery.IN_APP,
        NotificationDelivery.OFF,
    )
