"""The signed-in member over the API: who they are, their language, and their API
tokens (managed with the browser session only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, cast

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from tremplin.accounts.mfa import missing_proof
from tremplin.accounts.models import User
from tremplin.accounts.queries import roles_of
from tremplin.accounts.services import set_language
from tremplin.api.auth import ApiRefusal, signed_in, writer
from tremplin.api.models import DEFAULT_DAYS, MAX_DAYS
from tremplin.api.queries import tokens_of
from tremplin.api.schemas import FILLED_TEXT, ErrorOut, StrictSchema
from tremplin.api.scopes import ALL_SCOPES
from tremplin.api.services import create_token, revoke_token

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


# ---------------------------------------------------------------- API tokens
# Managed with the browser session only (the router's area is "session": every token
# is refused with 403 `session_required`): a token must never make another, nor outlive
# the proof its creation asks for. Creating one needs, as on the page, a recent proof
# of the password and of the second factor (403 `reauthentication_required` otherwise).

tokens_router = Router(tags=["tokens"])

REAUTHENTICATION_REQUIRED = "reauthentication_required"


class TokenOut(Schema):
    id: int
    name: str
    hint: str
    scopes: list[str]
    created: datetime
    expires_at: datetime
    last_used: datetime | None
    last_used_ip: str | None


class TokenCreatedOut(TokenOut):
    token: str


class TokenIn(StrictSchema):
    name: str = Field(min_length=1, max_length=80, pattern=FILLED_TEXT)
    scopes: list[Literal[ALL_SCOPES]] = Field(min_length=1)  # type: ignore[valid-type]
    days: int = Field(default=DEFAULT_DAYS, ge=1, le=MAX_DAYS)


@tokens_router.get(
    "",
    response={200: list[TokenOut], 401: ErrorOut, 403: ErrorOut},
    auth=signed_in,
    summary="My API tokens that still work",
)
def list_tokens(request: HttpRequest) -> Any:
    return list(tokens_of(request.user))


@tokens_router.post(
    "",
    response={201: TokenCreatedOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    auth=writer,
    summary="Create an API token (session with a recent reauthentication only)",
)
def make_token(request: HttpRequest, payload: TokenIn) -> Any:
    if missing_proof(request) is not None:
        raise ApiRefusal(
            403,
            _(
                "Confirm your password (and your two-factor code) on the site first, "
                "then create the token within five minutes."
            ),
            REAUTHENTICATION_REQUIRED,
        )
    token, raw = create_token(
        request.user, payload.name.strip(), scopes=payload.scopes, days=payload.days
    )
    return Status(201, {**TokenOut.from_orm(token).dict(), "token": raw})


@tokens_router.delete(
    "/{token_id}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=writer,
    summary="Revoke one of my API tokens",
)
def delete_token(request: HttpRequest, token_id: int) -> Any:
    if not revoke_token(request.user, token_id):
        raise Http404
    return Status(204, None)
