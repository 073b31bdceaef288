"""allauth's emails, queued with ids and built when they run.

allauth renders an email with its secret inside (a password-reset link, an email
confirmation key) and hands it to the adapter's `send_mail`. Queued as rendered, the task
row held a live reset link and the member's addresses until a worker ran it. Now `job_of`
keeps only what names no secret and no address: the template, the member's id, the id of
the address row (or of the `AddressChange` that records an address that left the
account), the language, and a notification's plain facts (when, from which IP address and
browser). The worker (`tasks.send_account_email`) builds the rest when it runs:

- a password reset: a fresh token from the member's current state (allauth's token
  generator: derived from the password hash, the last sign-in and the address, so it is
  void once any of them changes);
- an email confirmation: allauth's HMAC key, derived from the address row's id (signed
  and timestamped; `ACCOUNT_EMAIL_CONFIRMATION_HMAC`, allauth's default, must stay on);
- the old address of a change and its lock link, from the `AddressChange` row.

One email keeps an address in its row: "someone asked to reset a password for this
address, which has no account" (`unknown_account`) has no member and no row to point to.
Its row holds that address, and no secret, until a worker sends it (the row is then
stripped at once, core.task_rows).
"""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from tremplin.accounts.models import AddressChange, User
from tremplin.core.email import from_rendered

PREFIX = "account/email/"
RESET = PREFIX + "password_reset_key"
CONFIRMATIONS = (PREFIX + "email_confirmation", PREFIX + "email_confirmation_signup")
ALREADY_EXISTS = PREFIX + "account_already_exists"
UNKNOWN = PREFIX + "unknown_account"
CHANGED = PREFIX + "email_changed"
DELETED = PREFIX + "email_deleted"
# The plain facts of a notification that a task row may hold (allauth's "the change was
# made from ..."). Anything else allauth puts in the context is rebuilt or dropped.
FACTS = ("ip", "user_agent")
LOCK_SALT = "tremplin.accounts.lock-after-address-change"


# ------------------------------------------------------------------ at queue time


def _member_of(email: str, context: dict[str, Any]) -> User | None:
    user = context.get("user")
    if isinstance(user, User):
        return user
    found = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
    if found is not None:
        return found.user
    return User.objects.filter(email__iexact=email).first()


def _change_of(user: User, template: str, context: dict[str, Any]) -> int | None:
    if template == CHANGED:
        kind, old = AddressChange.Kind.CHANGED, context.get("from_email", "")
    elif template == DELETED:
        kind, old = AddressChange.Kind.REMOVED, context.get("deleted_email", "")
    else:
        return None
    found = (
        AddressChange.objects.filter(user=user, kind=kind, old_email__iexact=old)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return found


def job_of(template: str, email: str, context: dict[str, Any]) -> dict[str, Any]:
    """The task's arguments for allauth's email `template` to `email`: ids and plain
    facts, never a link, a key or an address (except `unknown_account`'s, see above)."""
    user = _member_of(email, context)
    language = getattr(user, "language", "") or translation.get_language()
    job: dict[str, Any] = {"template": template, "language": language}
    if user is None:
        # Only "unknown account" has no member: the address is all there is.
        job["to"] = email if template == UNKNOWN else ""
        return job
    job["user_id"] = user.pk
    job["change_id"] = _change_of(user, template, context)
    if template != CHANGED:  # the old address of a change has no row any more
        job["address_id"] = (
            EmailAddress.objects.filter(user=user, email__iexact=email)
            .values_list("pk", flat=True)
            .first()
        )
    facts = {key: str(context[key]) for key in FACTS if context.get(key) is not None}
    if isinstance(context.get("timestamp"), datetime):
        facts["timestamp"] = context["timestamp"].isoformat()
    job["facts"] = facts
    return job


# ------------------------------------------------------------------ at run time


def lock_token(change: AddressChange) -> str:
    return signing.dumps(change.pk, salt=LOCK_SALT)


def change_of_token(token: str) -> AddressChange | None:
    """The change a lock link names, while the link lasts (None if forged or expired)."""
    max_age = settings.TREMPLIN_ADDRESS_CHANGE_DAYS * 86400
    try:
        pk = signing.loads(token, salt=LOCK_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    return AddressChange.objects.select_related("user").filter(pk=pk).first()


def _absolute(name: str, **kwargs: Any) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def _secrets(template: str, user: User, address: EmailAddress | None) -> dict[str, Any] | None:
    """The links of `template`, made now (None: there is nothing left to send)."""
    if template == RESET:
        if not user.is_active:
            return None
        token = allauth_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user)
        uid = user_pk_to_url_str(user)
        url = _absolute("account_reset_password_from_key", uidb36=uid, key=token)
        return {"password_reset_url": url, "uid": uid, "key": token}
    if template in CONFIRMATIONS:
        if address is None:
            return None  # removed since: nothing to confirm
        key = EmailConfirmationHMAC(address).key
        return {"key": key, "activate_url": _absolute("account_confirm_email", key=key)}
    if template in (ALREADY_EXISTS, UNKNOWN):
        return {
            "signup_url": _absolute("account_signup"),
            "password_reset_url": _absolute("account_reset_password"),
        }
    return {}


def _about_change(template: str, change: AddressChange | None) -> dict[str, Any] | None:
    if template == CHANGED:
        if change is None:
            return None
        return {
            "from_email": change.old_email,
            "to_email": change.new_email,
            "lock_url": _absolute("accounts:not_me", token=lock_token(change)),
            "lock_days": settings.TREMPLIN_ADDRESS_CHANGE_DAYS,
        }
    if template == DELETED:
        return None if change is None else {"deleted_email": change.old_email}
    return {}


def _facts(facts: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {k: v for k, v in facts.items() if k in FACTS}
    if facts.get("timestamp"):
        out["timestamp"] = datetime.fromisoformat(facts["timestamp"])
    return out


def build(job: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """(recipient, context) of a queued job, made now; None when nothing is to be sent
    (the member, the address or the change is gone)."""
    template = job["template"]
    if job.get("to"):
        return job["to"], _secrets(template, User(), None) or {}
    user_id, address_id, change_id = job.get("user_id"), job.get("address_id"), job.get("change_id")
    user = User.objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        return None
    address = EmailAddress.objects.filter(pk=address_id, user=user).first() if address_id else None
    change = AddressChange.objects.filter(pk=change_id, user=user).first() if change_id else None
    secrets = _secrets(template, user, address)
    about = _about_change(template, change)
    if secrets is None or about is None:
        return None
    if template == CHANGED:
        to = change.old_email if change else ""
    else:
        to = address.email if address else user.email
    context = {"user": user, "email": to, **_facts(job.get("facts") or {}), **secrets, **about}
    return to, context


def send(job: dict[str, Any]) -> bool:
    """Build and send a queued job, in the member's language. False: nothing to send."""
    language = job.get("language") or settings.LANGUAGE_CODE
    with translation.override(language):
        built = build(job)
        if built is None:
            return False
        to, context = built
        context["current_site"] = SimpleNamespace(
            name="Tremplin", domain=urlsplit(settings.SITE_URL).netloc
        )
        message = get_adapter().render_mail(job["template"], to, context)
    html = ""
    for content, mime in getattr(message, "alternatives", []):
        if mime == "text/html":
            html = str(content)
    from_rendered(message.to, message.subject, str(message.body), html, language).send()
    return True
