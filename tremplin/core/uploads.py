"""What a request body may cost: a cap per endpoint, and uploads in flight per member.

A body is capped before it is read (tremplin.core.http asks `body_cap`):

- by default `TREMPLIN_MAX_FORM_BYTES` (1 MiB): every form and JSON body fits, and a
  300 MB body to any other address is refused at once with a 413;
- a view that takes files says so with `@accepts_files(files=…, each=…)`, and its cap is
  room for twice that many files of that size plus a form (twice: a file somewhat over
  the limit still reaches the form's own check, which answers in the member's words and
  keeps their text);
- `TREMPLIN_MAX_REQUEST_BYTES` (64 MiB) stays the outer bound of every cap.

The same decorator counts a member's uploads being handled at once (decoding a picture
costs memory: see core.images), in the cache (Redis in production, so across processes):
past `TREMPLIN_UPLOADS_IN_FLIGHT` at once, the next one answers 429 with a message in the
member's language (JSON on the API). The count expires after `IN_FLIGHT_TTL` seconds, so
a process that died mid-upload cannot hold a member's count up for long.

For the API, the decorator goes on the operation's function, under `@router.post`; the
cap is looked up through django-ninja's view of the path (its operations for the method).
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import json
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _

from tremplin.core.cache import count_hit

CAP_ATTRIBUTE = "tremplin_body_cap"
IN_FLIGHT_TTL = 300
WRITES = ("POST", "PUT", "PATCH")


def _file_bytes(each: int | str) -> int:
    return int(getattr(settings, each)) if isinstance(each, str) else each


def accepts_files(*, files: int = 1, each: int | str) -> Callable[[Callable], Callable]:
    """Declare that a view takes up to `files` files of at most `each` bytes (a number,
    or the name of the setting that holds it)."""

    def cap() -> int:
        return 2 * files * _file_bytes(each) + settings.TREMPLIN_MAX_FORM_BYTES

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def counted(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            user = getattr(request, "user", None)
            if request.method not in WRITES or user is None or not user.is_authenticated:
                return view(request, *args, **kwargs)
            key = f"uploads-in-flight:{user.pk}"
            if count_hit(key, IN_FLIGHT_TTL) > settings.TREMPLIN_UPLOADS_IN_FLIGHT:
                _done(key)
                return _too_many(request)
            try:
                return view(request, *args, **kwargs)
            finally:
                _done(key)

        setattr(counted, CAP_ATTRIBUTE, cap)
        # django-ninja reads an operation's annotations with the function's globals:
        # the wrapper's are this module's, so it gets them evaluated from the view's.
        with contextlib.suppress(NameError):
            counted.__signature__ = inspect.signature(view, eval_str=True)  # type: ignore[attr-defined]
        return counted

    return decorate


def _done(key: str) -> None:
    with contextlib.suppress(ValueError):  # expired meanwhile: nothing to give back
        cache.decr(key)


def _too_many(request: HttpRequest) -> HttpResponse:
    message = _("You are already sending files: wait until they are done, then try again.")
    if request.path.startswith("/api/"):
        content = json.dumps({"detail": message})
        return HttpResponse(content, status=429, content_type="application/json")
    return render(request, "429.html", {"message": message}, status=429)


# ------------------------------------------------------------------ the cap of a request


def _views(path: str, method: str) -> Iterator[Callable]:
    language = get_language_from_path(path) or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            match = resolve(path)
    except Resolver404:
        return
    yield match.func
    # django-ninja serves a path's operations through one view: its PathView's.
    for cell in getattr(match.func, "__closure__", None) or ():
        operations = getattr(cell.cell_contents, "operations", None)
        for operation in operations or ():
            if method in getattr(operation, "methods", ()):
                yield operation.view_func


def body_cap(path: str, method: str) -> int:
    """The most bytes a request to `path` with `method` may send."""
    outer = settings.TREMPLIN_MAX_REQUEST_BYTES
    for view in _views(path, method):
        cap = getattr(view, CAP_ATTRIBUTE, None)
        if cap is not None:
            return min(cap(), outer)
    return min(settings.TREMPLIN_MAX_FORM_BYTES, outer)
