"""The signed-in member over the API: who they are, and their language."""

from __future__ import annotations

from typing import Any, Literal, cast

from django.http import HttpRequest
from ninja import Router, Schema

from tremplin.accounts.models import User
from tremplin.accounts.queries import roles_of
from tremplin.accounts.services import set_language
from tremplin.api.auth import signed_in, writer
from tremplin.api.schemas import ErrorOut, StrictSchema

router = Router(tags=["me"])


class MeOut(Schema):
    id: int
    email: str
    language: Literal["fr", "en"]
    handle: str | None
    roles: list[str]
    token_scopes: list[str] | None


class MeIn(StrictSchema):
    language: Literal["fr", "en"]


def _me(request: HttpRequest) -> dict[str, Any]:
    user: Any = request.user
    token = getattr(request, "api_token", None)
    profile = getattr(user, "profile", None)
    return {
        "id": user.pk,
        "email": user.email,
        "language": user.language,
        "handle": profile.handle if profile else None,
        "roles": roles_of(user),
        "token_scopes": token.scopes if token else None,
    }


@router.get("/me", response={200: MeOut, 401: ErrorOut}, auth=signed_in, summary="Who am I")
def me(request: HttpRequest) -> dict[str, Any]:
    return _me(request)


@router.patch(
    "/me",
    response={200: MeOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    auth=writer,
    summary="Change my language",
)
def update_me(request: HttpRequest, payload: MeIn) -> dict[str, Any]:
    set_language(cast(User, request.user), payload.language)
    return _me(request)
