"""The actions on a counselling case. Every rule lives here; pages and the API call
these functions.

Each function checks who acts and whether the lifecycle allows the move
(`CASE_TRANSITIONS`), changes the case and records the consent event (a `Consent` row)
in one transaction, and notifies the other party (`notify` delivers after commit).
A refusal is a `CounsellingRefusal` whose `code` says how the API and the pages answer
it (`tremplin.core.refusals.STATUSES`): "not_found" (404), "forbidden" (403),
"transition" and "exists" (409), "invalid" and "self" (422).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tremplin.core.email import send as send_email
from tremplin.core.refusals import Refusal
from tremplin.core.viewer import viewer_of
from tremplin.counselling.events import case_closed_on_commit
from tremplin.counselling.hooks import CASE_INVITATION, CASE_UPDATE
from tremplin.counselling.models import (
    CASE_TRANSITIONS,
    CONSENT_VERSION,
    COUNSELLOR_EXIT_REASONS,
    SCOPE_FIELDS,
    Case,
    CaseStatus,
    Consent,
    ConsentAction,
    ExitReason,
    Scope,
    is_agency_admin,
    is_counsellor,
)
from tremplin.counselling.tasks import send_invitation_email
from tremplin.notifications.services import notify
from tremplin.organizations.models import Organization


class CounsellingRefusal(Refusal):
    area = "counselling"


def _refuse(message: str, code: str) -> CounsellingRefusal:
    return CounsellingRefusal(message, code=code)


def _record(case: Case, action: str, by: Any) -> Consent:
    return Consent.objects.create(
        case=case,
        action=action,
        version=CONSENT_VERSION,
        scopes=sorted(case.scopes),
        by=by,
        counsellor=case.counsellor,
    )


def _move(case: Case, status: str) -> None:
    """Check the lifecycle; the caller saves."""
    CASE_TRANSITIONS.check(
        case.status,
        status,
        CounsellingRefusal,
        _("That change is not possible now (link status: %(status)s).")
        % {"status": case.get_status_display().lower()},
    )
    case.status = status
    case.updated = timezone.now()
    if status == CaseStatus.CLOSED:
        case.closed_at = case.updated


def _announce_closed(case: Case) -> None:
    """Tell the other apps (follow-ups, exit survey) once the closing has committed."""
    case_closed_on_commit.send_on_commit(case_id=case.pk)


def _locked(case: Case) -> Case:
    """The case as it is in the database now, locked: two clicks (or a client and a
    counsellor at the same moment) must not both pass the lifecycle check."""
    return Case.objects.select_for_update().select_related("agency").get(pk=case.pk)


def parse_scopes(values: Iterable[str]) -> set[str]:
    """Scope values from a form or the API; an unknown one is refused with its name."""
    chosen = set()
    for value in values:
        if value not in Scope.values:
            raise _refuse(
                _("Unknown permission: %(value)s. Choose among: %(choices)s.")
                % {"value": str(value)[:40], "choices": ", ".join(Scope.values)},
                "invalid",
            )
        chosen.add(value)
    return chosen


def _set_scopes(case: Case, scopes: set[str]) -> None:
    for scope, field in SCOPE_FIELDS.items():
        setattr(case, field, scope in scopes)


# ------------------------------------------------------------------ opening


@transaction.atomic
def open_case(
    agency: Organization, counsellor: Any, client: Any, scopes: Iterable[str] = tuple(Scope)
) -> Case:
    """An active case the client has already consented to, with `scopes` (demo data,
    tests, imports); members go through the invitation instead. The counsellor must
    work for the agency."""
    if not is_counsellor(counsellor, agency):
        raise _refuse(_("This person is not a counsellor of that agency."), "invalid")
    granted = {SCOPE_FIELDS[Scope(s)]: True for s in scopes}
    case, created = Case.objects.get_or_create(
        counsellor=counsellor,
        client=client,
        status=CaseStatus.ACTIVE,
        defaults={"agency": agency, "client_consented_at": timezone.now(), **granted},
    )
    if created:
        Consent.objects.create(
            case=case,
            action=ConsentAction.GRANTED,
            version=CONSENT_VERSION,
            scopes=sorted(case.scopes),
            by=client,
            counsellor=counsellor,
        )
    return case


def _member_with_email(address: str) -> Any:
    found = (
        EmailAddress.objects.filter(email__iexact=address, verified=True, user__is_active=True)
        .select_related("user")
        .first()
    )
    return found.user if found else None


def _blocked_either_way(a: Any, b: Any) -> bool:
    return viewer_of(a).blocks_either_way(b.pk)


@transaction.atomic
def invite(counsellor: Any, agency: Organization, *, client: Any = None, email: str = "") -> Case:
    """A counsellor of `agency` invites a member (`client`) or a person by email. An
    email that a member verified reaches that member; otherwise the case keeps the
    address and the person gets an email (in the site's default language) until they
    join and open their counselling page."""
    if not is_counsellor(counsellor, agency):
        raise _refuse(_("Only a counsellor of this agency can invite clients."), "forbidden")
    email = email.strip().lower()
    silent = False
    if client is None:
        if not email:
            raise _refuse(_("Give a profile address or an email address."), "invalid")
        try:
            validate_email(email)
        except ValidationError:
            raise _refuse(_("Enter a valid email address."), "invalid") from None
        client = _member_with_email(email)
        if client is not None and _blocked_either_way(counsellor, client):
            # Looks like any address sent an invitation, but nothing reaches the member
            # and it never attaches: the block is neither revealed nor crossed.
            client, silent = None, True
    if client is not None:
        if client.pk == counsellor.pk:
            raise _refuse(_("You cannot be your own client."), "self")
        if _blocked_either_way(counsellor, client):
            # Told like an unknown person: a block is never revealed.
            raise _refuse(_("This member cannot be found."), "not_found")
        duplicate = Case.objects.open().filter(counsellor=counsellor, client=client)
    else:
        duplicate = Case.objects.open().filter(
            counsellor=counsellor, client__isnull=True, invited_email=email
        )
    if duplicate.exists():
        raise _refuse(_("You already have an open link with this person."), "exists")
    case = Case.objects.create(
        agency=agency,
        counsellor=counsellor,
        client=client,
        invited_email=email,
        status=CaseStatus.INVITED,
    )
    if client is not None:
        notify(client, CASE_INVITATION, actor=counsellor, target=case)
    elif not silent:
        _email_invitation(case)
    return case


def _email_invitation(case: Case) -> None:
    """Queued once the invitation has committed, with the case's id only: the address
    and the text are read when the task runs (`email_invitation`)."""
    transaction.on_commit(partial(send_invitation_email.enqueue, case.pk))


def email_invitation(case_id: int) -> bool:
    """The invitation's email, in the site's default language (the person has no account
    yet); nothing once the invitation was claimed, closed or withdrawn."""
    case = (
        Case.objects.select_related("agency", "counsellor__profile")
        .filter(pk=case_id, status=CaseStatus.INVITED, client__isnull=True)
        .exclude(invited_email="")
        .first()
    )
    if case is None:
        return False
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "counsellor": case.counsellor.profile.display_name,
            "agency": case.agency.name,
            "url": settings.SITE_URL + reverse("counselling:mine"),
            "signup_url": settings.SITE_URL + reverse("account_signup"),
        }
    send_email(case.invited_email, "counselling/email/invitation", context, language)
    return True


@transaction.atomic
def claim_invitations(user: Any) -> int:
    """Attach the invitations sent to one of `user`'s verified email addresses. An
    invitation from a counsellor the member already has an open link with is closed as
    a duplicate. Returns how many were attached."""
    if user is None or not user.is_authenticated:
        return 0
    emails = [
        e.lower()
        for e in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    ]
    if not emails:
        return 0
    attached = 0
    waiting = Case.objects.select_for_update().filter(
        client__isnull=True, status=CaseStatus.INVITED, invited_email__in=emails
    )
    member = viewer_of(user)
    for case in waiting:
        if case.counsellor_id == user.pk or member.blocks_either_way(case.counsellor_id):
            continue
        if Case.objects.open().filter(counsellor=case.counsellor, client=user).exists():
            case.status = CaseStatus.CLOSED
            case.exit_reason = ExitReason.OTHER
            case.closed_at = case.updated = timezone.now()
            case.save(update_fields=["status", "exit_reason", "closed_at", "updated"])
            continue
        case.client = user
        case.updated = timezone.now()
        case.save(update_fields=["client", "updated"])
        notify(user, CASE_INVITATION, actor=case.counsellor, target=case)
        attached += 1
    return attached


# ------------------------------------------------------------------ the client


def _as_client(client: Any, case: Case) -> Case:
    case = _locked(case)
    if client is None or case.client_id != client.pk:
        raise _refuse(_("This link cannot be found."), "not_found")
    return case


def _as_party(user: Any, case: Case) -> Case:
    case = _locked(case)
    if user is None or user.pk not in (case.client_id, case.counsellor_id):
        raise _refuse(_("This link cannot be found."), "not_found")
    return case


def _other_party(user: Any, case: Case) -> Any:
    return case.counsellor if user.pk == case.client_id else case.client


@transaction.atomic
def accept(client: Any, case: Case, scopes: Iterable[str]) -> Case:
    """The client accepts the invitation and grants `scopes` (possibly none)."""
    chosen = parse_scopes(scopes)
    case = _as_client(client, case)
    if case.status != CaseStatus.INVITED:
        raise _refuse(_("Only an invitation can be accepted."), "transition")
    _move(case, CaseStatus.ACTIVE)
    _set_scopes(case, chosen)
    case.client_consented_at = case.updated
    case.save()
    _record(case, ConsentAction.GRANTED, client)
    notify(case.counsellor, CASE_UPDATE, actor=client, target=case)
    return case


@transaction.atomic
def decline(client: Any, case: Case) -> Case:
    case = _as_client(client, case)
    if case.status != CaseStatus.INVITED:
        raise _refuse(_("Only an invitation can be declined."), "transition")
    _move(case, CaseStatus.CLOSED)
    _set_scopes(case, set())
    case.exit_reason = ExitReason.DECLINED
    case.save()
    _record(case, ConsentAction.DECLINED, client)
    notify(case.counsellor, CASE_UPDATE, actor=client, target=case)
    return case


@transaction.atomic
def change_scopes(client: Any, case: Case, scopes: Iterable[str]) -> Case:
    """The client changes what the counsellor may do; it applies from the next request."""
    chosen = parse_scopes(scopes)
    case = _as_client(client, case)
    if case.status not in (CaseStatus.ACTIVE, CaseStatus.PAUSED):
        raise _refuse(
            _("Permissions can be changed only on an active or paused link."), "transition"
        )
    if chosen == case.scopes:
        return case
    _set_scopes(case, chosen)
    case.updated = timezone.now()
    case.save()
    _record(case, ConsentAction.CHANGED, client)
    notify(case.counsellor, CASE_UPDATE, actor=client, target=case)
    return case


@transaction.atomic
def end(client: Any, case: Case) -> Case:
    """The client ends the link: the counsellor's access stops at once."""
    case = _as_client(client, case)
    if case.status == CaseStatus.INVITED:
        raise _refuse(_("Decline the invitation instead."), "transition")
    _move(case, CaseStatus.CLOSED)
    case.exit_reason = ExitReason.CLIENT_ENDED
    _set_scopes(case, set())
    case.save()
    _record(case, ConsentAction.ENDED, client)
    notify(case.counsellor, CASE_UPDATE, actor=client, target=case)
    _announce_closed(case)
    return case


# ------------------------------------------------------------------ either party


def _paused_by_client(case: Case) -> bool:
    last = case.consents.filter(action=ConsentAction.PAUSED).order_by("-created", "-id").first()
    return last is not None and last.by_id == case.client_id


@transaction.atomic
def pause(user: Any, case: Case) -> Case:
    """Either party pauses: nothing is granted while paused; the scopes are kept."""
    case = _as_party(user, case)
    _move(case, CaseStatus.PAUSED)
    case.save()
    _record(case, ConsentAction.PAUSED, user)
    notify(_other_party(user, case), CASE_UPDATE, actor=user, target=case)
    return case


@transaction.atomic
def resume(user: Any, case: Case) -> Case:
    """Either party resumes, except that a pause the client chose is lifted only by the
    client: a counsellor cannot give themselves back an access the client suspended."""
    case = _as_party(user, case)
    if case.status != CaseStatus.PAUSED:
        raise _refuse(_("Only a paused link can be resumed."), "transition")
    if user.pk == case.counsellor_id and _paused_by_client(case):
        raise _refuse(_("The client paused this link: only they can resume it."), "transition")
    _move(case, CaseStatus.ACTIVE)
    case.save()
    _record(case, ConsentAction.RESUMED, user)
    notify(_other_party(user, case), CASE_UPDATE, actor=user, target=case)
    return case


# ------------------------------------------------------------------ the counsellor


@transaction.atomic
def close(counsellor: Any, case: Case, exit_reason: str) -> Case:
    """The counsellor closes a case (or withdraws an invitation) with an exit reason."""
    case = _locked(case)
    if counsellor is None or case.counsellor_id != counsellor.pk:
        raise _refuse(_("This link cannot be found."), "not_found")
    if not exit_reason:
        raise _refuse(_("Choose the reason for closing."), "invalid")
    if exit_reason not in COUNSELLOR_EXIT_REASONS:
        raise _refuse(
            _("Unknown reason: %(value)s. Choose among: %(choices)s.")
            % {
                "value": str(exit_reason)[:40],
                "choices": ", ".join(str(r.value) for r in COUNSELLOR_EXIT_REASONS),
            },
            "invalid",
        )
    served = case.status != CaseStatus.INVITED  # withdrawing an invitation ends no service
    _move(case, CaseStatus.CLOSED)
    case.exit_reason = exit_reason
    _set_scopes(case, set())
    case.save()
    _record(case, ConsentAction.CLOSED, counsellor)
    if case.client is not None:
        notify(case.client, CASE_UPDATE, actor=counsellor, target=case)
    if served:
        _announce_closed(case)
    return case


# ------------------------------------------------------------------ the agency admin


@transaction.atomic
def reassign(admin: Any, case: Case, to_counsellor: Any) -> Case:
    """An admin of the case's agency gives an open case to another counsellor of the
    same agency. The client's choices travel with the case; the client is told."""
    case = _locked(case)
    if admin is None or not is_agency_admin(admin, case.agency):
        raise _refuse(_("This link cannot be found."), "not_found")
    if case.status == CaseStatus.CLOSED:
        raise _refuse(_("A closed link cannot be reassigned."), "transition")
    if to_counsellor is None or not is_counsellor(to_counsellor, case.agency):
        raise _refuse(_("Choose a counsellor of this agency."), "invalid")
    if to_counsellor.pk == case.counsellor_id:
        raise _refuse(_("This counsellor already has this case."), "invalid")
    if case.client_id is not None:
        if to_counsellor.pk == case.client_id:
            raise _refuse(_("A counsellor cannot be their own client."), "invalid")
        if Case.objects.open().filter(counsellor=to_counsellor, client=case.client_id).exists():
            raise _refuse(_("This counsellor already has an open link with this client."), "exists")
    case.counsellor = to_counsellor
    case.updated = timezone.now()
    case.save()
    _record(case, ConsentAction.REASSIGNED, admin)
    if case.client is not None:
        notify(case.client, CASE_UPDATE, actor=admin, target=case)
    notify(to_counsellor, CASE_UPDATE, actor=admin, target=case)
    return case


@transaction.atomic
def reassign_caseload(
    admin: Any, agency: Organization, from_counsellor: Any, to_counsellor: Any
) -> list[Case]:
    """Every open case of `from_counsellor` at `agency` goes to `to_counsellor`, except
    those whose client already has an open link with `to_counsellor` (they stay, and
    the caller can say so). Returns the cases moved."""
    if admin is None or not is_agency_admin(admin, agency):
        raise _refuse(_("This agency cannot be found."), "not_found")
    if from_counsellor is None or to_counsellor is None:
        raise _refuse(_("Choose a counsellor of this agency."), "invalid")
    if from_counsellor.pk == to_counsellor.pk:
        raise _refuse(_("Choose two different counsellors."), "invalid")
    if not is_counsellor(to_counsellor, agency):
        raise _refuse(_("Choose a counsellor of this agency."), "invalid")
    moved = []
    for case in Case.objects.open().filter(agency=agency, counsellor=from_counsellor):
        try:
            moved.append(reassign(admin, case, to_counsellor))
        except CounsellingRefusal as error:
            if error.code != "exists" and error.code != "invalid":
                raise
    return moved
