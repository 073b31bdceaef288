"""Screening questions: up to `MAX_QUESTIONS` short questions the author of a posting
asks the people who apply on Tremplin ("Do you hold a G driver's licence?").

Kept as a list on the posting (`Posting.screening_questions`), each item
`{"text": str, "yes_no": bool}`: a yes/no question is answered by a choice, the others
in a few words. The list is small and read with the posting, so a table of its own
would only cost a join; the answers live with each application
(`applications.models.Submission.answers`), in the order of the questions.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tremplin.jobs.models import Posting
from tremplin.jobs.permissions import can_manage

MAX_QUESTIONS = 5
QUESTION_MAX_LENGTH = 200


def clean_questions(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The questions with text, trimmed, at most `MAX_QUESTIONS` (empty rows dropped)."""
    kept = []
    for question in questions:
        text = " ".join(str(question.get("text") or "").split())[:QUESTION_MAX_LENGTH]
        if text:
            kept.append({"text": text, "yes_no": bool(question.get("yes_no"))})
    return kept[:MAX_QUESTIONS]


def set_questions(editor: Any, posting: Posting, questions: list[dict[str, Any]]) -> Posting:
    """Replace the posting's screening questions (its managers only)."""
    if not can_manage(editor, posting):
        raise PermissionDenied(_("You cannot change this posting."))
    cleaned = clean_questions(questions)
    if cleaned != posting.screening_questions:
        posting.screening_questions = cleaned
        Posting.objects.filter(pk=posting.pk).update(screening_questions=cleaned)
    return posting
