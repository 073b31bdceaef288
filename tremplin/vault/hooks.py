"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from operator import attrgetter
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tremplin.core import hooks
from tremplin.counselling.sections import ApiField, CaseloadColumn, caseload_columns
from tremplin.notifications.kinds import NotificationKind, register
from tremplin.privacy import access

hooks.routes.add(
    hooks.Routes(
        app="vault",
        urls="tremplin.vault.urls",
        api_prefix="/vault",
        router="tremplin.vault.api.router",
        area="vault",
    )
)
hooks.navigation.add(
    hooks.NavEntry(order=70, label=gettext_lazy("Documents"), url_name="vault:list")
)


DOCUMENT_SHARED = register(
    NotificationKind(
        "document_shared",
        label=gettext_lazy("Documents shared with me"),
        one=lambda said: _("%(actor)s shared a document with you."),
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person shared documents with you.",
            "%(actor)s and %(others)d other people shared documents with you.",
            said.others,
        ),
        order=130,
        default="digest",
        consent="documents",  # from a client: only while her case grants documents
    )
)


DOCUMENT_COMMENT = register(
    NotificationKind(
        "document_comment",
        label=gettext_lazy("Comments on documents"),
        one=lambda said: _("%(actor)s commented on a document."),
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person commented on a document.",
            "%(actor)s and %(others)d other people commented on a document.",
            said.others,
        ),
        order=140,
        default="digest",
        consent="documents",
    )
)


def _to_review(case: Any) -> str:
    count = case.documents_to_review
    return ngettext("%(counter)s document", "%(counter)s documents", count) % {"counter": count}


# The caseload's "To review" cell (templates/vault/_caseload_to_review.jinja).
hooks.template_functions.add(hooks.TemplateFunction("caseload_documents_to_review", _to_review))
caseload_columns.add(
    CaseloadColumn(
        "documents",
        order=40,
        annotate="tremplin.vault.queries.annotate_caseload",
        api_fields=(
            ApiField(
                "documents_to_review",
                int,
                attrgetter("documents_to_review"),
                "Shared documents whose newest version the counsellor has not commented on.",
            ),
        ),
        heading=gettext_lazy("To review"),
        cell="vault/_caseload_to_review.jinja",
    )
)


# "Who saw my data" reads the access log (one record of each opening), and the clock
# prunes it with the other reads (TREMPLIN_ACCESS_LOG_KEPT_DAYS).
access.sources.add(
    access.Source(
        "vault",
        rows="tremplin.vault.queries.access_rows_about",
        prune="tremplin.vault.services.prune_access_log",
    )
)


# ---------------------------------------------------------------- personal data (issue 15)
# What this app holds about a member: their archive's "vault" section, their files and
# the eraser run when their account is deleted (tremplin.core.personal_data).
from tremplin.core.personal_data import PersonalData, registry  # noqa: E402

registry.add(
    PersonalData(
        "vault",
        export="tremplin.vault.personal_data.export",
        files="tremplin.vault.personal_data.files",
        erase="tremplin.vault.personal_data.erase",
    )
)

# What /robots.txt keeps crawlers out of (core.robots).
hooks.crawling.add(hooks.Crawling(private=("documents/",)))
