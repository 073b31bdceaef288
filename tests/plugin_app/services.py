from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tests.plugin_app.models import NOTICE_TRANSITIONS, Notice, NoticeStatus
from tremplin.core.refusals import Refusal
from tremplin.core.viewer import viewer_of
from tremplin.notifications.services import notify


class NoticeRefusal(Refusal):
    area = "noticeboard"


@transaction.atomic
def post_notice(author: Any, agency_id: int, title: str) -> Notice:
    if agency_id not in viewer_of(author).organization_ids(kind="agency"):
        raise NoticeRefusal(_("Only the agency's staff post its notices."), code="forbidden")
    if not title.strip():
        raise NoticeRefusal(_("Give the notice a title."), code="invalid", field="title")
    return Notice.objects.create(agency_id=agency_id, author=author, title=title.strip())


@transaction.atomic
def publish(author: Any, notice: Notice) -> Notice:
    from tests.plugin_app.hooks import NOTICE_PUBLISHED

    NOTICE_TRANSITIONS.check(notice.status, NoticeStatus.PUBLISHED, NoticeRefusal)
    notice.status = NoticeStatus.PUBLISHED
    notice.save(update_fields=["status"])
    notify(author, NOTICE_PUBLISHED, target=notice, data={"title": notice.title})
    return notice


def archive_old() -> int:
    """Periodic: published notices older than 90 days are archived."""
    old = timezone.now() - timedelta(days=90)
    return Notice.objects.filter(status=NoticeStatus.PUBLISHED, created__lt=old).update(
        status=NoticeStatus.ARCHIVED
    )
