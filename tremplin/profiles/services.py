"""Profile actions, shared by the pages and the API."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from tremplin.core.images import sanitise_image
from tremplin.profiles.models import Profile, Skill

RESERVED_HANDLES = {"me", "moi", "admin", "api"}


def unique_handle(name: str) -> str:
    base = slugify(name)[:50] or "membre"
    handle, n = base, 1
    while handle in RESERVED_HANDLES or Profile.objects.filter(handle=handle).exists():
        n += 1
        handle = f"{base}-{n}"
    return handle


@transaction.atomic
def create_profile(user, display_name: str, language: str = "fr") -> Profile:
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
def update_profile(profile: Profile, changes: dict, skills: list[str] | None = None) -> Profile:
    for field, value in changes.items():
        setattr(profile, field, value)
    profile.full_clean(exclude=["photo"])
    profile.save()
    if skills is not None:
        set_skills(profile, skills)
    return profile


def set_photo(profile: Profile, upload) -> Profile:
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


@dataclass
class Completeness:
    percent: int
    next_step: str | None
    next_url_name: str | None


# (test, suggestion, page) in the order a newcomer should do them.
_STEPS = [
    (lambda p: bool(p.headline), _("Add a headline that says what you do or look for."),
     "profiles:edit"),
    (lambda p: bool(p.photo), _("Add a photo so people recognise you."), "profiles:photo"),
    (lambda p: bool(p.city and p.region), _("Say which city and region you are in."),
     "profiles:edit"),
    (lambda p: bool(p.about), _("Write a few lines about yourself."), "profiles:edit"),
    (lambda p: p.experiences.exists(), _("Add your most recent experience."),
     "profiles:experience_add"),
    (lambda p: p.educations.exists(), _("Add your education."), "profiles:education_add"),
    (lambda p: p.skills.exists(), _("List a few skills."), "profiles:edit"),
    (lambda p: p.languages.exists(), _("Say which languages you speak."),
     "profiles:language_add"),
]  # fmt: skip


def completeness(profile: Profile) -> Completeness:
    done = 0
    first_missing = None
    for test, suggestion, url_name in _STEPS:
        if test(profile):
            done += 1
        elif first_missing is None:
            first_missing = (str(suggestion), url_name)
    percent = round(100 * done / len(_STEPS))
    if first_missing:
        return Completeness(percent, *first_missing)
    return Completeness(percent, None, None)
