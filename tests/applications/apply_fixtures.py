"""Fixtures of applying here, on Tremplin: a posting of victor's verified employer that
takes applications here with two screening questions, rita a recruiter of it, alice's
CV and letter in her vault, and alice's application (`sent`)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import make_member
from tremplin.applications import apply_services
from tremplin.organizations.models import Role
from tremplin.vault import services as vault
from tremplin.vault.models import DocumentKind

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
QUESTIONS = [
    {"text": "Do you hold a forklift licence?", "yes_no": True},
    {"text": "When can you start?", "yes_no": False},
]
MESSAGE = "I drove forklifts for five years in Sudbury."


def pdf(name: str = "cv.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def here(crew, employers):
    from tests.applications.conftest import make_posting  # (conftest imports this module)

    crew.rita = make_member(
        employers.verified, Role.RECRUITER, email="rita@example.org", name="Rita"
    )
    posting = make_posting(
        organization=employers.verified,
        posted_by=crew.victor,
        apply_method="here",
        screening_questions=QUESTIONS,
    )
    cv = vault.upload_document(crew.alice, pdf(), title="Mon CV", kind=DocumentKind.CV)
    letter = vault.upload_document(
        crew.alice, pdf("letter.pdf"), title="Ma lettre", kind=DocumentKind.COVER_LETTER
    )
    return SimpleNamespace(posting=posting, cv=cv, letter=letter)


@pytest.fixture
def sent(crew, here):
    return apply_services.apply(
        crew.alice,
        here.posting,
        cv_id=here.cv.pk,
        letter_id=here.letter.pk,
        message=MESSAGE,
        answers=["yes", "Next Monday"],
    )
