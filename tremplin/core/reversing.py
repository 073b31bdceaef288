"""`reverse()` for the URLs that lists print many times: a page of 20 feed cards
reversed 40 URLs that differ only by their id (0.3 ms a page). The URL is reversed once
per name, language and script prefix with a marker id, then formatted."""

from __future__ import annotations

from functools import lru_cache

from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

_MARKER = 918273645546372819  # an id no table reaches, replaced by the real one


@lru_cache(maxsize=512)
def _pattern(name: str, language: str | None, prefix: str) -> str:
    url = reverse(name, kwargs={"pk": _MARKER})
    return url.replace(str(_MARKER), "{}", 1)


def reverse_pk(name: str, pk: int) -> str:
    """`reverse(name, kwargs={"pk": pk})`, for URL patterns taking an `<int:pk>`."""
    return _pattern(name, get_language(), get_script_prefix()).format(int(pk))
