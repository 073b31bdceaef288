from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tests.plugin_app.models import Notice
from tremplin.core.reads import visible_or_404


def notices_for(viewer: Any) -> QuerySet[Notice]:
    return Notice.objects.visible_to(viewer).for_display()[:50]


def notice_or_404(viewer: Any, pk: int) -> Notice:
    return visible_or_404(Notice.objects.visible_to(viewer), pk=pk)
