from __future__ import annotations

from typing import Any

from ninja import Router, Schema

from tests.plugin_app import queries, services
from tremplin.api.auth import signed_in, writer
from tremplin.api.schemas import ErrorOut, StrictSchema

router = Router(tags=["noticeboard"])


class NoticeOut(Schema):
    id: int
    title: str
    status: str


class NoticeIn(StrictSchema):
    agency: int
    title: str


@router.get("/", response={200: list[NoticeOut], 401: ErrorOut}, auth=signed_in)
def notices(request: Any) -> list[Any]:
    return list(queries.notices_for(request.user))


@router.post(
    "/", response={201: NoticeOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut}, auth=writer
)
def post(request: Any, payload: NoticeIn) -> tuple[int, Any]:
    return 201, services.post_notice(request.user, payload.agency, payload.title)
