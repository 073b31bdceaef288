"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from django.utils.translation import gettext_lazy as _

from tremplin.core import hooks

hooks.routes.add(
    hooks.Routes(
        app="mentoring",
        urls="tremplin.mentoring.urls",
        api_prefix="/mentoring",
        router="tremplin.mentoring.api.router",
        area="network",
    )
)
hooks.navigation.add(hooks.NavEntry(order=75, label=_("Mentoring"), url_name="mentoring:home"))


# ---------------------------------------------------------------- personal data (issue 15)
# What this app holds about a member: their archive's "mentoring" section and
# the eraser run when their account is deleted (tremplin.core.personal_data).
from tremplin.core.personal_data import PersonalData, registry  # noqa: E402

registry.add(
    PersonalData(
        "mentoring",
        export="tremplin.mentoring.personal_data.export",
        erase="tremplin.mentoring.personal_data.erase",
    )
)


# ---------------------------------------------------------------- programmes (issue 17)
from django.urls import reverse  # noqa: E402
from django.utils.translation import gettext, ngettext  # noqa: E402

from tremplin.mentoring.tasks import MATCH_PROPOSED, MATCH_STARTED  # noqa: E402
from tremplin.notifications import kinds  # noqa: E402
from tremplin.notifications.kinds import NotificationKind, Said  # noqa: E402


def _my_mentoring(viewer: object) -> str:
    return reverse("mentoring:home")


def _proposed(said: Said) -> str:
    if said.get("programme") not in ("", "0"):
        return gettext("%(actor)s proposed a mentoring match to you in a programme.")
    return gettext("%(actor)s proposed a mentorship to you.")


kinds.register(
    NotificationKind(
        MATCH_PROPOSED,
        label=_("Mentoring matches proposed to me"),
        one=_proposed,
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person proposed mentoring matches to you.",
            "%(actor)s and %(others)d other people proposed mentoring matches to you.",
            said.others,
        ),
        order=76,
        own_page=_my_mentoring,
    )
)
kinds.register(
    NotificationKind(
        MATCH_STARTED,
        label=_("My mentorships that start"),
        one=lambda said: gettext("Your mentorship with %(actor)s has started."),
        many=lambda said: ngettext(
            "Your mentorships with %(actor)s and %(others)d other person have started.",
            "Your mentorships with %(actor)s and %(others)d other people have started.",
            said.others,
        ),
        order=77,
        own_page=_my_mentoring,
    )
)
