"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from django.utils.translation import gettext_lazy

from tremplin.core import hooks
from tremplin.core.viewer import viewer_of
from tremplin.jobs import sections

hooks.routes.add(
    hooks.Routes(
        app="job_imports",
        urls="tremplin.job_imports.urls",
        api_prefix="/job-imports",
        router="tremplin.job_imports.api.router",
        area="jobs",
    )
)
hooks.periodic.add(hooks.Periodic("job sources due", "tremplin.job_imports.tasks.poll_due_sources"))

# The jobs page links an agency admin to the imports.
sections.list_links.add(
    sections.ListLink(
        order=30,
        label=gettext_lazy("Job imports"),
        url_name="job_imports:sources",
        shown=lambda user: viewer_of(user).is_agency_admin,
    )
)


# ---------------------------------------------------------------- personal data (issue 15)
# What this app holds about a member: their archive's "job_imports" section and
# the eraser run when their account is deleted (tremplin.core.personal_data).
from tremplin.core.personal_data import PersonalData, registry  # noqa: E402

registry.add(
    PersonalData(
        "job_imports",
        export="tremplin.job_imports.personal_data.export",
        erase="tremplin.job_imports.personal_data.erase",
    )
)

# What /robots.txt keeps crawlers out of (core.robots).
hooks.crawling.add(hooks.Crawling(private=("jobs/imports/",)))
