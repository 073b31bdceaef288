"""A member's professional profile, section by section, each with its own audience.

Visibility is decided in two places only, side by side here: `ProfileQuerySet.visible_to`
(which profiles a viewer may find at all: the basics section) and
`Profile.sections_visible_to` (which sections of one profile). Views, the API and search
call them; nothing filters by hand.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Value
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tremplin.core.audience import Audience, SectionAudience, audience_q, in_audience
from tremplin.core.lifecycle import Lifecycle
from tremplin.core.regions import Region
from tremplin.core.viewer import viewer_of
from tremplin.profiles.choices import SECTION_LABELS, OpenToWorkAudience, Sector, organization_key

SECTIONS = (
    *("basics", "about", "experience", "education", "skills", "languages", "interests"),
    "recommendations",
)


class ProfileQuerySet(models.QuerySet):
    def visible_to(self, viewer: Any, *, by_row: bool = False) -> ProfileQuerySet:
        """Profiles whose basics section the viewer may see (deny by default).
        `by_row`: see `audience_q` (for a handful of known profiles, e.g. a page's authors)."""
        return self.filter(
            audience_q(viewer, "basics_visibility", "user", by_row=by_row),
            user__is_active=True,
        )

    def open_to_work_shown_to(self, viewer: Any) -> ProfileQuerySet:
        """The SQL twin of `Profile.open_to_work_visible_to`: its audience's values are
        section audiences (`audience_q`); "everyone" is the basics audience, already met."""
        shown = Q(open_to_work_audience=OpenToWorkAudience.EVERYONE) | audience_q(
            viewer, "open_to_work_audience", "user", sections=True
        )
        return self.visible_to(viewer).filter(shown, open_to_work=True)

    def findable(self, viewer: Any) -> ProfileQuerySet:
        """Without members hidden from search (a member still finds herself)."""
        me = viewer.pk if viewer is not None and viewer.is_authenticated else None
        return self.filter(models.Q(hidden_from_search=False) | models.Q(user_id=me))

    def for_display(self, viewer: Any = None) -> ProfileQuerySet:
        """The one place that decides eager loading for a profile page: the member, the
        sections (`section_rows`), and the skills with their endorsements as `viewer`
        sees them (`SkillQuerySet.with_endorsements`)."""
        sections = [models.Prefetch(name, rows) for name, rows in section_rows(viewer).items()]
        return self.select_related("user").prefetch_related(*sections)

    def for_list(self) -> ProfileQuerySet:
        """Eager loading for lists of people (search, connections, suggestions): the
        member behind each card."""
        return self.select_related("user")


def section_rows(viewer: Any = None) -> dict[str, models.QuerySet]:
    """The rows of each list section of a profile, by relation name, as a profile page
    shows them (`ProfileQuerySet.for_display` prefetches them; the profile page's
    compiled twin, `profiles.queries.profile_or_404`, runs the same querysets)."""
    return {
        "experiences": Experience.objects.all(),
        "educations": Education.objects.all(),
        "skills": Skill.objects.with_endorsements(viewer),
        "languages": LanguageSkill.objects.all(),
    }


def photo_path(instance: Profile, filename: str) -> str:
    # A random name: photos are served by a view that checks the audience, and the name
    # must not let anyone guess another member's file.
    return f"photos/{uuid.uuid4().hex}.jpg"


def visibility_field(default: str, label: Any, choices: Any = SectionAudience) -> models.CharField:
    return models.CharField(label, max_length=12, choices=choices, default=default)


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    handle = models.SlugField(_("profile address"), max_length=60, unique=True)
    display_name = models.CharField(_("name"), max_length=100)
    headline = models.CharField(
        _("headline"),
        max_length=160,
        blank=True,
        help_text=_("One line that says what you do or look for."),
    )
    photo = models.ImageField(_("photo"), upload_to=photo_path, blank=True)
    about = models.TextField(
        _("about"), blank=True, max_length=5000, help_text=_("Markdown is allowed.")
    )
    city = models.CharField(
        _("city or town"), max_length=80, blank=True, help_text=_("Never a street address.")
    )
    region = models.CharField(_("province or territory"), max_length=2, choices=Region, blank=True)
    # Part of the basics section (same audience as the city and region).
    sector = models.CharField(
        _("sector"),
        max_length=16,
        choices=Sector,
        blank=True,
        help_text=_("The broad sector you work in or are looking for work in."),
    )
    interests = models.CharField(
        _("interests"), max_length=500, blank=True, help_text=_("Separate them with commas.")
    )
    open_to_work = models.BooleanField(_("open to work"), default=False)
    open_to_work_audience = models.CharField(
        _("who sees that I am open to work"),
        max_length=12,
        choices=OpenToWorkAudience,
        default=OpenToWorkAudience.COUNSELLORS,
    )
    # Part of the basics: whoever sees the profile sees it (people search can filter on it).
    open_to_collaborate = models.BooleanField(
        _("open to collaborate"),
        default=False,
        help_text=_("On personal or professional projects: people search can find you by it."),
    )
    hidden_from_search = models.BooleanField(
        _("hide me from search"),
        default=False,
        help_text=_("Not in people search or suggestions; not indexed by search engines."),
    )
    # Kept out of the "recruiters" audience, as her current employer (profiles.relations).
    hidden_from_employers = models.ManyToManyField(
        "organizations.Organization",
        verbose_name=_("employers whose recruiters must not find me"),
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "employer"},
        help_text=_(
            "Your current employer's recruiters never see what you show recruiters; "
            "add other employers here."
        ),
    )
    service_language = models.CharField(
        _("language I prefer to be served in"),
        max_length=2,
        choices=settings.LANGUAGES,
        default="fr",
    )

    # Nothing is public until the member chooses: professional sections go to signed-in
    # members, personal interests to connections.
    # Who finds her at all: never "recruiters" only (the feed and search ask no more).
    basics_visibility = visibility_field(Audience.MEMBERS, SECTION_LABELS["basics"], Audience)
    about_visibility = visibility_field(Audience.MEMBERS, SECTION_LABELS["about"])
    experience_visibility = visibility_field(Audience.MEMBERS, SECTION_LABELS["experience"])
    education_visibility = visibility_field(Audience.MEMBERS, SECTION_LABELS["education"])
    skills_visibility = visibility_field(Audience.MEMBERS, SECTION_LABELS["skills"])
    languages_visibility = visibility_field(Audience.MEMBERS, SECTION_LABELS["languages"])
    interests_visibility = visibility_field(Audience.CONNECTIONS, SECTION_LABELS["interests"])
    recommendations_visibility = visibility_field(
        Audience.MEMBERS, SECTION_LABELS["recommendations"]
    )

    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        indexes = [
            models.Index(fields=["basics_visibility"]),
            # People search pages are ordered by name: LIMIT 20 can walk this index.
            models.Index(fields=["display_name", "id"], name="profile_name_order"),
            # The recruiter search walks the few members open to work, in name order.
            models.Index(
                fields=["display_name", "id"],
                condition=Q(open_to_work=True, hidden_from_search=False),
                name="profile_open_to_work_order",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("profiles:detail", kwargs={"handle": self.handle})

    def sections_visible_to(self, viewer: Any) -> set[str]:
        """The sections of this profile that `viewer` may see; empty if none. Each
        section asks only the relation its audience needs (`in_audience`).

        Agrees with `ProfileQuerySet.visible_to`: a deactivated member's profile is gone.
        """
        if not self.is_visible_to(viewer):
            return set()
        asking = viewer_of(viewer)
        return {s for s in SECTIONS if in_audience(asking, self.user, self._audience_of(s))}

    def _audience_of(self, section: str) -> str:
        return str(getattr(self, f"{section}_visibility"))

    def is_visible_to(self, viewer: Any) -> bool:
        """The single-object twin of `ProfileQuerySet.visible_to`: the basics section is
        shown to the viewer (whose relations are asked once per request, core.viewer)."""
        return self.user.is_active and in_audience(viewer, self.user, self.basics_visibility)

    def open_to_work_visible_to(self, viewer: Any) -> bool:
        """ "Open to work" has its own audience, inside the basics section's audience."""
        if not self.open_to_work or not self.is_visible_to(viewer):
            return False
        if self.open_to_work_audience == OpenToWorkAudience.EVERYONE:
            return True
        return in_audience(viewer, self.user, self.open_to_work_audience)

    def endorsable_by(self, viewer: Any) -> bool:
        """A connection who can see the skills may endorse them; never the owner."""
        return (
            viewer is not None
            and viewer.is_authenticated
            and viewer.pk != self.user_id
            and "skills" in self.sections_visible_to(viewer)
            and viewer_of(viewer).is_connected_to(self.user_id)
        )

    def recommendable_by(self, viewer: Any) -> bool:
        """A connection who can find the profile may write a recommendation; never the
        owner. The owner then decides whether it shows."""
        return (
            viewer is not None
            and viewer.is_authenticated
            and viewer.pk != self.user_id
            and self.is_visible_to(viewer)
            and viewer_of(viewer).is_connected_to(self.user_id)
        )

    @property
    def interest_list(self) -> list[str]:
        return [i.strip() for i in self.interests.split(",") if i.strip()]


class Experience(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="experiences")
    title = models.CharField(_("job title"), max_length=120)
    organization_name = models.CharField(_("organisation"), max_length=120)
    # The name folded (profiles.relations' "current employer"): SQLite's lower() folds
    # ASCII only ("CAFÉ" stays "cafÉ"), so the fold is Python's, kept by `save`.
    organization_key = models.CharField(max_length=120, blank=True, editable=False)
    city = models.CharField(_("city or town"), max_length=80, blank=True)
    start = models.DateField(_("start date"))
    end = models.DateField(_("end date"), null=True, blank=True, help_text=_("Empty if current."))
    description = models.TextField(_("description"), blank=True, max_length=3000)

    class Meta:
        ordering = ["-start"]
        verbose_name = _("experience")
        verbose_name_plural = _("experiences")
        indexes = [
            # "Her current employer" (profiles.relations): current rows by folded name.
            models.Index(
                fields=["organization_key"],
                condition=Q(end__isnull=True),
                name="experience_current",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.organization_name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.organization_key = organization_key(self.organization_name)
        super().save(*args, **kwargs)


class Education(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="educations")
    school = models.CharField(_("school"), max_length=150)
    program = models.CharField(_("programme or diploma"), max_length=150)
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=2000)

    class Meta:
        ordering = ["-start_year"]
        verbose_name = _("education")
        verbose_name_plural = _("education")

    def __str__(self) -> str:
        return f"{self.program} — {self.school}"


class SkillQuerySet(models.QuerySet):
    def with_endorsements(self, viewer: Any) -> SkillQuerySet:
        """Each skill with `endorsement_count` (by active members: `Endorsement`'s rule
        once the skills section is shown) and `endorsed_by_me` (by `viewer`), in the
        skills' own query."""
        counted = Q(endorsements__endorser__is_active=True)
        found = self.annotate(endorsement_count=Count("endorsements", filter=counted))
        if viewer is None or not viewer.is_authenticated:
            return found.annotate(endorsed_by_me=Value(False))
        mine = Endorsement.objects.filter(skill=OuterRef("pk"), endorser=viewer.pk)
        return found.annotate(endorsed_by_me=Exists(mine))


class Skill(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="skills")
    name = models.CharField(_("skill"), max_length=60)

    objects = SkillQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["profile", "name"], name="skill_once")]

    def __str__(self) -> str:
        return self.name


class LanguageLevel(models.TextChoices):
    BASIC = "basic", _("Basic")
    CONVERSATIONAL = "conversational", _("Conversational")
    PROFESSIONAL = "professional", _("Professional working proficiency")
    FLUENT = "fluent", _("Fluent")
    NATIVE = "native", _("Native or bilingual")


class LanguageSkill(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=40)
    level = models.CharField(_("level"), max_length=16, choices=LanguageLevel)

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "language"], name="language_once")
        ]

    def __str__(self) -> str:
        return f"{self.language} ({self.level})"


class EndorsementQuerySet(models.QuerySet):
    def visible_to(self, viewer: Any) -> EndorsementQuerySet:
        """Endorsements follow the skills section: whoever cannot see a profile's skills
        sees none of their endorsements. Deactivated endorsers no longer count."""
        return self.filter(
            audience_q(viewer, "skill__profile__basics_visibility", "skill__profile__user"),
            audience_q(
                viewer, "skill__profile__skills_visibility", "skill__profile__user", sections=True
            ),
            skill__profile__user__is_active=True,
            endorser__is_active=True,
        )


class Endorsement(models.Model):
    """A connection vouches for one skill of a profile."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="endorsements")
    endorser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="endorsements_given"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = EndorsementQuerySet.as_manager()

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        constraints = [
            models.UniqueConstraint(fields=["skill", "endorser"], name="endorsement_once")
        ]

    def __str__(self) -> str:
        return f"{self.endorser_id} → {self.skill_id}"

    def is_visible_to(self, viewer: Any) -> bool:
        return "skills" in self.skill.profile.sections_visible_to(viewer)


class RecommendationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Shown on the profile")
    DECLINED = "declined", _("Declined")
    HIDDEN = "hidden", _("Hidden")


# Lifecycle: the only allowed moves. The recipient decides; a declined recommendation
# stays declined (the author may write a new one), a hidden one may be shown again.
RECOMMENDATION_TRANSITIONS = Lifecycle(
    RecommendationStatus,
    {
        RecommendationStatus.PENDING: {
            RecommendationStatus.APPROVED,
            RecommendationStatus.DECLINED,
        },
        RecommendationStatus.APPROVED: {RecommendationStatus.HIDDEN},
        RecommendationStatus.HIDDEN: {RecommendationStatus.APPROVED},
        RecommendationStatus.DECLINED: set(),
    },
)


class RecommendationQuerySet(models.QuerySet):
    def visible_to(self, viewer: Any) -> RecommendationQuerySet:
        """Approved recommendations where the recipient's recommendations section is
        shown to the viewer; and, whatever their status, the viewer's own (written or
        received). Deny by default."""
        shown = models.Q(
            audience_q(viewer, "recipient__profile__basics_visibility", "recipient"),
            audience_q(
                viewer, "recipient__profile__recommendations_visibility", "recipient", sections=True
            ),
            status=RecommendationStatus.APPROVED,
            recipient__is_active=True,
            author__is_active=True,
        )
        if viewer is None or not viewer.is_authenticated:
            return self.filter(shown)
        return self.filter(shown | models.Q(author=viewer) | models.Q(recipient=viewer))

    def approved(self) -> RecommendationQuerySet:
        return self.filter(status=RecommendationStatus.APPROVED)

    def for_display(self) -> RecommendationQuerySet:
        """Eager loading for lists of recommendations: both people and their profiles
        (a recommendation names its author and its recipient)."""
        return self.select_related("author__profile", "recipient__profile")


class Recommendation(models.Model):
    """A written recommendation from one member to a connection, shown on the
    recipient's profile only once the recipient approves it."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="recommendations_written",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="recommendations_received",
    )
    relationship = models.CharField(
        _("how you know each other"),
        max_length=120,
        help_text=_("For example: “I was her counsellor” or “We worked together at…”."),
    )
    text = models.TextField(
        _("recommendation"), max_length=3000, help_text=_("Markdown is allowed.")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RecommendationStatus,
        default=RecommendationStatus.PENDING,
    )
    created = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "recipient"],
                condition=~models.Q(status="declined"),
                name="one_live_recommendation_per_pair",
            ),
            models.CheckConstraint(
                condition=~models.Q(author=models.F("recipient")),
                name="recommendation_not_to_oneself",
            ),
        ]
        indexes = [models.Index(fields=["recipient", "status", "-created"])]

    def __str__(self) -> str:
        return f"{self.author_id} → {self.recipient_id} ({self.status})"

    def is_visible_to(self, viewer: Any) -> bool:
        """The single-object twin of `RecommendationQuerySet.visible_to`."""
        mine = viewer is not None and viewer.is_authenticated
        if mine and viewer.pk in (self.author_id, self.recipient_id):
            return True
        if self.status != RecommendationStatus.APPROVED or not self.author.is_active:
            return False
        profile = self.recipient.profile
        return "recommendations" in profile.sections_visible_to(viewer)
