"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tremplin.core import hooks
from tremplin.counselling.sections import (
    CaseloadColumn,
    CaseSection,
    case_sections,
    caseload_columns,
)
from tremplin.jobs import sections
from tremplin.jobs.events import posting_ended_on_commit
from tremplin.notifications.kinds import NotificationKind, Said, register
from tremplin.vault.readers import readers

hooks.routes.add(
    hooks.Routes(
        app="applications",
        urls="tremplin.applications.urls",
        api_prefix="/applications",
        router="tremplin.applications.api.router",
        area="applications",
    )
)
hooks.periodic.add(
    hooks.Periodic(
        "forwarded postings that ended", "tremplin.applications.endings.tell_lost_endings"
    )
)


def _forwarded_one(said: Said) -> str:
    if said.get("event") == "ended":
        return _("A job posting %(actor)s sent you is no longer open.")
    return _("%(actor)s sent you a job posting.")


def _answer_one(said: Said) -> str:
    event = said.get("event")
    if event == "interested":
        return _("%(actor)s is interested in a job posting you sent.")
    if event == "not_for_me":
        return _("%(actor)s says a job posting you sent is not for them.")
    return _("%(actor)s applied to a job posting you sent.")


JOB_FORWARDED = register(
    NotificationKind(
        "job_forwarded",
        label=gettext_lazy("Jobs my counsellor sends me"),
        one=_forwarded_one,
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person sent you job postings.",
            "%(actor)s and %(others)d other people sent you job postings.",
            said.others,
        ),
        order=200,
        default="in_app",
    )
)


JOB_UPDATE = register(
    NotificationKind(
        "job_update",
        label=gettext_lazy("Changes to jobs I saved or was sent"),
        one=lambda said: _("A job posting you follow is no longer open."),
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person changed job postings you follow.",
            "%(actor)s and %(others)d other people changed job postings you follow.",
            said.others,
        ),
        order=210,
        default="in_app",
        actorless=True,
    )
)


JOB_ANSWER = register(
    NotificationKind(
        "job_answer",
        label=gettext_lazy("My clients' answers to jobs I sent them"),
        one=_answer_one,
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person answered job postings you sent.",
            "%(actor)s and %(others)d other people answered job postings you sent.",
            said.others,
        ),
        order=230,
        default="in_app",
    )
)


def _news_one(said: Said) -> str:
    """The employer's step on an application sent on Tremplin, in the reader's language
    (a decline: the template's kind message, from its code)."""
    from tremplin.applications.submissions import EmployerStatus, decline_text

    status = said.get("status")
    if status == EmployerStatus.DECLINED:
        return decline_text(said.get("template"))
    label = dict(EmployerStatus.choices).get(status, status)
    return _("The employer moved your application forward: %(status)s.") % {"status": label}


APPLICATION_NEWS = register(
    NotificationKind(
        "application_news",
        label=gettext_lazy("News of the applications I sent on Tremplin"),
        one=_news_one,
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person moved your applications forward.",
            "%(actor)s and %(others)d other people moved your applications forward.",
            said.others,
        ),
        order=220,
        default="in_app",
        actorless=True,
    )
)

APPLICATION_RECEIVED = register(
    NotificationKind(
        "application_received",
        label=gettext_lazy("Applications to my postings"),
        one=lambda said: _("%(actor)s applied to your job posting."),
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person applied to your job posting.",
            "%(actor)s and %(others)d other people applied to your job posting.",
            said.others,
        ),
        order=240,
        default="in_app",
    )
)


# ------------------------------------------------------------------ jobs' events and pages


def _posting_ended(posting_id: int, status: str) -> None:
    """Tell the people a posting was forwarded to that it ended (idempotent; the clock's
    `tell_lost_endings` does it for an event a crash lost)."""
    from tremplin.applications.endings import tell_posting_ended

    tell_posting_ended(posting_id)


posting_ended_on_commit.connect(_posting_ended)

sections.list_links.add(
    sections.ListLink(
        order=20,
        label=gettext_lazy("My applications"),
        url_name="applications:tracker",
        shown=lambda user: user.is_authenticated,
    )
)
sections.posting_panels.add(
    sections.PostingPanel(order=10, template="applications/_posting_actions.html")
)


# The case page's "jobs sent" section and the caseload's forwarded-jobs counts.
case_sections.add(
    CaseSection("applications", order=50, render="tremplin.applications.sections.case_section")
)
caseload_columns.add(
    CaseloadColumn(
        "applications", order=50, annotate="tremplin.applications.services.annotate_caseload"
    )
)


# ---------------------------------------------------------------- personal data (issue 15)
# What this app holds about a member: their archive's "applications" section and
# the eraser run when their account is deleted (tremplin.core.personal_data).
from tremplin.core.personal_data import PersonalData, registry  # noqa: E402

registry.add(
    PersonalData(
        "applications",
        export="tremplin.applications.personal_data.export",
        erase="tremplin.applications.personal_data.erase",
    )
)


# The vault's readers: the receivers of an application open its CV and letter until it
# is withdrawn (applications.submissions).
def _readable_cvs(viewer: object) -> object:
    from tremplin.applications.submissions import Submission

    return Submission.objects.readable_cvs(viewer)


def _readable_letters(viewer: object) -> object:
    from tremplin.applications.submissions import Submission

    return Submission.objects.readable_letters(viewer)


readers.add(_readable_cvs)
readers.add(_readable_letters)

# What /robots.txt keeps crawlers out of (core.robots).
hooks.crawling.add(hooks.Crawling(private=("applications/",)))
