"""Profile actions, shared by the pages and the API (reads are in `queries.py`).

Errors, the same for pages and API: Http404 when the actor may not see the thing (never
confirm it exists), PermissionDenied when they see it but may not act, a
`ProfileRefusal` (see `tremplin.core.refusals`) when the current state refuses the move.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from tremplin.core.images import sanitise_image
from tremplin.core.refusals import Refusal
from tremplin.notifications.services import notify
from tremplin.organizations.models import Organization
from tremplin.profiles.hooks import ENDORSEMENT, RECOMMENDATION
from tremplin.profiles.models import (
    RECOMMENDATION_TRANSITIONS,
    Endorsement,
    Profile,
    Recommendation,
    RecommendationStatus,
    Skill,
)

RESERVED_HANDLES = {"me", "moi", "admin", "api"}


class ProfileRefusal(Refusal):
    """A profile action's "no" (codes: conflict, transition)."""

    area = "profiles"


def unique_handle(name: str) -> str:
    base = slugify(name)[:50] or "membre"
    handle, n = base, 1
    while handle in RESERVED_HANDLES or Profile.objects.filter(handle=handle).exists():
        n += 1
        handle = f"{base}-{n}"
    return handle


@transaction.atomic
def create_profile(user: Any, display_name: str, language: str = "fr") -> Profile:
    profile, _created = Profile.objects.get_or_create(
        user=user,
        defaults={
            "display_name": display_name.strip() or user.email.split("@")[0],
            "handle": unique_handle(display_name or user.email.split("@")[0]),
            "service_language": language,
        },
    )
    return profile


def parse_skills(text: str) -> list[str]:
    seen: dict[str, str] = {}
    for raw in text.split(","):
        name = " ".join(raw.split())[:60]
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return list(seen.values())


@transaction.atomic
def set_skills(profile: Profile, names: list[str]) -> None:
    keep = {n.casefold() for n in names}
    existing = {s.name.casefold(): s for s in profile.skills.all()}
    for key, skill in existing.items():
        if key not in keep:
            skill.delete()
    Skill.objects.bulk_create(
        [Skill(profile=profile, name=n) for n in names if n.casefold() not in existing]
    )


@transaction.atomic
def update_profile(
    profile: Profile, changes: dict[str, Any], skills: list[str] | None = None
) -> Profile:
    for field, value in changes.items():
        setattr(profile, field, value)
    profile.full_clean(exclude=["photo"])
    profile.save()
    if skills is not None:
        set_skills(profile, skills)
    return profile


def set_hidden_employers(profile: Profile, slugs: list[str]) -> Profile:
    """The employers whose recruiters must not find her (core.audience's "recruiters"),
    by address; an address that names no employer is refused as a missing thing (404,
    as an unknown member's handle is), nothing changed."""
    wanted = set(slugs)
    found = list(Organization.objects.employers().filter(slug__in=wanted))
    unknown = sorted(wanted - {o.slug for o in found})
    if unknown:
        raise ProfileRefusal(
            _("No employer has the address “%(slug)s”.") % {"slug": unknown[0]},
            code="not_found",
            field="hidden_from_employers",
        )
    profile.hidden_from_employers.set(found)
    return profile


def set_photo(profile: Profile, upload: Any) -> Profile:
    """Re-encode, then replace the old file (deleted after the row is saved)."""
    clean = sanitise_image(upload)
    old = profile.photo.name if profile.photo else None
    profile.photo.save("photo.jpg", clean, save=False)  # upload_to picks a random name
    profile.save(update_fields=["photo", "updated"])
    if old:
        transaction.on_commit(lambda: profile.photo.storage.delete(old))
    return profile


def remove_photo(profile: Profile) -> None:
    name = profile.photo.name
    if name:
        profile.photo = ""  # type: ignore[assignment]  # how Django clears a FileField
        profile.save(update_fields=["photo", "updated"])
        transaction.on_commit(lambda: profile.photo.storage.delete(name))


# ---------------------------------------------------------------- endorsements


def endorse(viewer: Any, skill: Skill) -> Endorsement:
    """Endorse a skill of a connection's profile (idempotent)."""
    profile = skill.profile
    if "skills" not in profile.sections_visible_to(viewer):
        raise Http404
    if not profile.endorsable_by(viewer):
        raise PermissionDenied(_("Only the member's connections may endorse their skills."))
    with transaction.atomic():
        endorsement, created = Endorsement.objects.get_or_create(skill=skill, endorser=viewer)
        if created:
            notify(
                profile.user,
                ENDORSEMENT,
                actor=viewer,
                target=endorsement,
                group_key=f"endorsement:skill:{skill.pk}",
                data={"skill": skill.name},
            )
    return endorsement


def withdraw_endorsement(viewer: Any, skill: Skill) -> bool:
    """Withdraw one's endorsement (idempotent: False if there was none). Works even
    after the connection ended, so nobody is stuck with an endorsement they regret."""
    if not viewer.is_authenticated:
        raise PermissionDenied
    deleted, _rows = Endorsement.objects.filter(skill=skill, endorser=viewer).delete()
    return bool(deleted)


# ---------------------------------------------------------------- recommendations


def write_recommendation(
    author: Any, recipient: Profile, relationship: str, text: str
) -> Recommendation:
    """A connection writes a recommendation; it waits for the recipient's approval."""
    if not recipient.is_visible_to(author):
        raise Http404
    if not recipient.recommendable_by(author):
        raise PermissionDenied(_("Only the member's connections may recommend them."))
    recommendation = Recommendation(
        author=author,
        recipient=recipient.user,
        relationship=" ".join(relationship.split()),
        text=text.strip(),
    )
    recommendation.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            _refuse_a_second(author, recipient)
            recommendation.save()
            notify(recipient.user, RECOMMENDATION, actor=author, target=recommendation)
    except IntegrityError:  # a second one written at the same instant (the constraint)
        raise ProfileRefusal(
            _("Your earlier recommendation is still waiting for approval."), code="conflict"
        ) from None
    return recommendation


def _refuse_a_second(author: Any, recipient: Profile) -> None:
    """One recommendation per author and recipient, unless the recipient declined the
    earlier one (`one_live_recommendation_per_pair`): a pending one waits, an approved or
    hidden one is the recipient's to show or hide, never to be doubled."""
    earlier = (
        Recommendation.objects.select_for_update()
        .filter(author=author, recipient=recipient.user)
        .exclude(status=RecommendationStatus.DECLINED)
        .values_list("status", flat=True)
        .first()
    )
    if earlier == RecommendationStatus.PENDING:
        raise ProfileRefusal(
            _("Your earlier recommendation is still waiting for approval."), code="conflict"
        )
    if earlier is not None:
        raise ProfileRefusal(
            _("You have already recommended %(name)s: a member recommends someone once."),
            code="conflict",
            params={"name": recipient.display_name},
        )


@transaction.atomic
def decide_recommendation(recipient: Any, recommendation_id: int, status: str) -> Recommendation:
    """The recipient approves, declines, hides or shows again one recommendation they
    received, along `RECOMMENDATION_TRANSITIONS`."""
    try:
        recommendation = Recommendation.objects.select_for_update().get(
            pk=recommendation_id, recipient_id=recipient.pk
        )
    except Recommendation.DoesNotExist:
        raise Http404 from None
    if not RECOMMENDATION_TRANSITIONS.allows(recommendation.status, status):
        raise ProfileRefusal(
            _("This recommendation cannot go from “%(old)s” to “%(new)s”."),
            code="transition",
            params={
                "old": recommendation.get_status_display(),
                "new": RecommendationStatus(status).label,
            },
        )
    recommendation.status = status
    recommendation.decided_at = timezone.now()
    recommendation.save(update_fields=["status", "decided_at"])
    return recommendation
