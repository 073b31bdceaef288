"""The project's discussion: a member writes a message (a simple list, oldest first:
a community's threads need a community, and a project has one conversation)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tremplin.projects.models import Message, Project
from tremplin.projects.refusals import ProjectRefusal
from tremplin.projects.services.board import require_member
from tremplin.projects.services.text import trimmed


@transaction.atomic
def post_message(user: Any, project: Project, body: str) -> Message:
    require_member(user, project)
    body = trimmed(body)
    if not body:
        raise ProjectRefusal(_("Write your message."), "empty", field="body")
    return Message.objects.create(project=project, author=user, body=body)
