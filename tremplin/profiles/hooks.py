"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tremplin.core import hooks
from tremplin.notifications.kinds import NotificationKind, Said, register

hooks.routes.add(
    hooks.Routes(
        app="profiles",
        urls="tremplin.profiles.urls",
        api_prefix="/profiles",
        router="tremplin.profiles.api.router",
        area="profile",
    )
)
hooks.navigation.add(
    hooks.NavEntry(
        order=10, label=gettext_lazy("People"), url_name="profiles:search", signed_in=False
    )
)
hooks.navigation.add(hooks.NavEntry(order=90, template="profiles/_nav.jinja"))
# What the profile page's Jinja2 fragments (templates/profiles/_*.jinja) call.
for name in ("month_year", "endorsements_text"):
    hooks.template_functions.add(
        hooks.TemplateFunction(name, f"tremplin.profiles.presenting.{name}")
    )


def _endorsed_one(said: Said) -> str:
    if said.get("skill"):
        return _("%(actor)s endorsed your skill “%(skill)s”.")
    return _("%(actor)s endorsed one of your skills.")


def _endorsed_many(said: Said) -> str:
    if said.get("skill"):
        return ngettext(
            "%(actor)s and %(others)d other person endorsed your skill “%(skill)s”.",
            "%(actor)s and %(others)d other people endorsed your skill “%(skill)s”.",
            said.others,
        )
    return ngettext(
        "%(actor)s and %(others)d other person endorsed your skills.",
        "%(actor)s and %(others)d other people endorsed your skills.",
        said.others,
    )


def _own_profile(viewer) -> str | None:
    profile = getattr(viewer, "profile", None)
    return reverse("profiles:detail", kwargs={"handle": profile.handle}) if profile else None


ENDORSEMENT = register(
    NotificationKind(
        "endorsement",
        label=gettext_lazy("Skill endorsements"),
        one=_endorsed_one,
        many=_endorsed_many,
        order=80,
        default="in_app",
        own_page=_own_profile,
    )
)


RECOMMENDATION = register(
    NotificationKind(
        "recommendation",
        label=gettext_lazy("Recommendations"),
        one=lambda said: _("%(actor)s wrote a recommendation for you."),
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person wrote recommendations for you.",
            "%(actor)s and %(others)d other people wrote recommendations for you.",
            said.others,
        ),
        order=90,
        default="digest",
        own_page=lambda viewer: reverse("profiles:recommendations"),
    )
)


# ------------------------------------------------------------------ moderation (issue 15)
# A member may report another member whose profile they can see (`Profile.visible_to`).
# A member is not "removed": moderators warn or suspend them (moderation.services).

from tremplin.moderation import reportables  # noqa: E402
from tremplin.profiles.models import Profile  # noqa: E402


def _profile_excerpt(profile: Profile) -> str:
    return " — ".join(part for part in (profile.display_name, profile.headline) if part)


reportables.register(
    reportables.Reportable(
        kind="member",
        label=gettext_lazy("member"),
        visible=lambda viewer: Profile.objects.visible_to(viewer),
        every=lambda: Profile.objects.select_related("user"),
        author=lambda profile: profile.user,
        excerpt=_profile_excerpt,
        link=lambda profile: profile.get_absolute_url(),
        remove=None,
        named_by="handle",
    )
)


# ---------------------------------------------------------------- personal data (issue 15)
# What this app holds about a member: their archive's "profiles" section, their files and
# the eraser run when their account is deleted (tremplin.core.personal_data).
from tremplin.core.personal_data import PersonalData, registry  # noqa: E402

registry.add(
    PersonalData(
        "profiles",
        export="tremplin.profiles.personal_data.export",
        files="tremplin.profiles.personal_data.files",
        erase="tremplin.profiles.personal_data.erase",
    )
)

# What /robots.txt keeps crawlers out of (core.robots).
hooks.crawling.add(hooks.Crawling(private=("profile/", "people/picker/")))

# Who keeps her "recruiters" audience from a recruiter (core.audience, core.viewer).
from tremplin.core.viewer import facts  # noqa: E402
from tremplin.profiles import relations  # noqa: E402

facts.provide("kept_from_recruiter_q", relations.kept_from_recruiter_q)
facts.provide("kept_from_recruiter", relations.kept_from_recruiter)
