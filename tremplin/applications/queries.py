"""The read path of forwarding and the application tracker: every list the pages and the
API show, and "the one forward or application this viewer may see, or 404". All go
through the models' `visible_to`; each list's eager loading is one QuerySet method
(`Forward.objects.for_display`, `Application.objects.for_list` / `for_detail`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from tremplin.applications.models import (
    APPLIED_OR_LATER,
    Application,
    ApplicationQuerySet,
    Forward,
    ForwardQuerySet,
)
from tremplin.core.reads import visible_or_404
from tremplin.core.viewer import viewer_of
from tremplin.counselling.models import Case, Scope
from tremplin.jobs.models import Posting

# ------------------------------------------------------------------ forwards


def forwardable_cases(counsellor: Any) -> QuerySet[Case]:
    """The counsellor's active cases: the clients they may forward postings to."""
    if counsellor is None or not counsellor.is_authenticated:
        return Case.objects.none()
    return Case.objects.active().filter(counsellor=counsellor, client__isnull=False)


def forwards_of(viewer: Any) -> ForwardQuerySet:
    """The forwards the viewer may see (theirs as client, their cases' as counsellor)."""
    return Forward.objects.visible_to(viewer).for_display()


def forward_or_404(viewer: Any, pk: int) -> Forward:
    return visible_or_404(forwards_of(viewer), pk=pk)


def received(client: Any) -> ForwardQuerySet:
    """The postings the client's counsellors sent them, newest first."""
    return forwards_of(client).filter(client=client)


def postings_available(viewer: Any, posting_ids: list[int]) -> set[int]:
    """Which of these postings the viewer may still open."""
    return set(
        Posting.objects.visible_to(viewer).filter(pk__in=posting_ids).values_list("pk", flat=True)
    )


def posting_or_404(viewer: Any, pk: int) -> Posting:
    """A posting the viewer may see (to forward or track it), or 404."""
    return visible_or_404(Posting.objects.visible_to(viewer), pk=pk)


def visible_posting(viewer: Any, pk: int) -> Posting | None:
    """A posting the viewer may see, or None."""
    return Posting.objects.visible_to(viewer).filter(pk=pk).first()


@dataclass
class StatusRow:
    """One line of the counsellor's per-posting table."""

    forward: Forward
    application: Application | None
    applications_shared: bool

    @property
    def delivered(self) -> bool:
        return self.forward.delivered_at is not None

    @property
    def applied(self) -> bool | None:
        """None when the client does not share their applications."""
        if not self.applications_shared:
            return None
        return self.application is not None and self.application.status in APPLIED_OR_LATER

    @property
    def outcome(self) -> str:
        if not self.applications_shared or self.application is None:
            return ""
        return str(self.application.get_status_display())


def status_rows(counsellor: Any, posting: Posting) -> list[StatusRow]:
    """Per client the posting was forwarded to, as the case's current counsellor sees
    it: delivered, opened, the answer (with the reason), and — only where the client's
    case grants the applications scope — applied and the outcome. Three queries."""
    forwards = list(
        forwards_of(counsellor)
        .filter(posting=posting, case__counsellor=counsellor)
        .order_by("client__profile__display_name", "pk")
    )
    ids = [f.client_id for f in forwards]
    applications = {
        a.client_id: a
        for a in Application.objects.visible_to(counsellor).filter(posting=posting, client__in=ids)
    }
    shared = set(viewer_of(counsellor).relation("clients", Scope.APPLICATIONS))
    return [StatusRow(f, applications.get(f.client_id), f.client_id in shared) for f in forwards]


# ------------------------------------------------------------------ applications


def applications_of(viewer: Any, client: Any) -> ApplicationQuerySet:
    """The client's applications the viewer may see, last changed first."""
    return Application.objects.visible_to(viewer).filter(client=client)


def application_or_404(viewer: Any, pk: int) -> Application:
    return visible_or_404(Application.objects.visible_to(viewer).for_detail(), pk=pk)


def tracked_statuses(client: Any, posting_ids: list[int]) -> dict[int, str]:
    """posting id → the status of the client's application to it."""
    return dict(
        Application.objects.filter(client=client, posting__in=posting_ids).values_list(
            "posting_id", "status"
        )
    )


def sent_at(posting: Posting, client_ids: list[int]) -> dict[int, Any]:
    """client id → when the posting was forwarded to them (the forward page's list)."""
    return dict(
        Forward.objects.filter(posting=posting, client__in=client_ids).values_list(
            "client_id", "created"
        )
    )
