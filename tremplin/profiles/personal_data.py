"""What the profiles app holds about a member: the profile and its sections, the
endorsements and recommendations they gave and received, their photo.

Erased: every section, the photo (file included), endorsements and recommendations given
or received. The profile row stays as a nameless placeholder ("deleted member", seen by
no one: the account is inactive) so that a conversation or a case that shows its
participants still renders."""

from __future__ import annotations

import uuid
from typing import Any

from tremplin.core.audience import Audience
from tremplin.core.personal_data import (
    DELETED_NAME,
    ArchiveFile,
    delete_files_on_commit,
    plain,
    plain_rows,
)
from tremplin.profiles.models import (
    SECTIONS,
    Education,
    Endorsement,
    Experience,
    LanguageSkill,
    Profile,
    Recommendation,
    Skill,
)


def _profile(user: Any) -> Profile | None:
    return Profile.objects.filter(user=user).first()


def export(user: Any) -> dict[str, Any]:
    profile = _profile(user)
    if profile is None:
        return {"profile": None}
    return {
        "profile": plain(profile, exclude=("user",)),
        "hidden_from_employers": list(profile.hidden_from_employers.values_list("name", flat=True)),
        "experiences": plain_rows(Experience.objects.filter(profile=profile), exclude=("profile",)),
        "educations": plain_rows(Education.objects.filter(profile=profile), exclude=("profile",)),
        "skills": plain_rows(Skill.objects.filter(profile=profile), exclude=("profile",)),
        "languages": plain_rows(
            LanguageSkill.objects.filter(profile=profile), exclude=("profile",)
        ),
        "endorsements_given": plain_rows(Endorsement.objects.filter(endorser=user)),
        "endorsements_received": plain_rows(
            Endorsement.objects.filter(skill__profile=profile), exclude=("endorser",)
        ),
        "recommendations_written": plain_rows(Recommendation.objects.filter(author=user)),
        "recommendations_received": plain_rows(Recommendation.objects.filter(recipient=user)),
    }


def files(user: Any) -> list[ArchiveFile]:
    profile = _profile(user)
    if profile is None or not profile.photo:
        return []
    return [ArchiveFile("photo.jpg", str(profile.photo.name), profile.photo.storage)]


def erase(user: Any) -> int:
    changed = 0
    for model, field in (
        (Endorsement, "endorser"),
        (Recommendation, "author"),
        (Recommendation, "recipient"),
    ):
        deleted, _by_model = model.objects.filter(**{field: user}).delete()
        changed += deleted
    profile = _profile(user)
    if profile is None:
        return changed
    for section in (Experience, Education, Skill, LanguageSkill):
        deleted, _by_model = section.objects.filter(profile=profile).delete()
        changed += deleted
    if profile.photo:
        delete_files_on_commit([profile.photo.name], profile.photo.storage)
    Profile.objects.filter(pk=profile.pk).update(
        handle=f"deleted-{uuid.uuid4().hex[:20]}",
        display_name=DELETED_NAME,
        headline="",
        photo="",
        about="",
        city="",
        region="",
        sector="",
        interests="",
        open_to_work=False,
        open_to_collaborate=False,
        **{f"{section}_visibility": Audience.ONLY_ME for section in SECTIONS},
    )
    return changed + 1
