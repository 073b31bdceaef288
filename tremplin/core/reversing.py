"""`reverse()` for the URLs that lists print many times. A page of 20 feed cards reversed
about 200 URLs that differ only by their ids or handles; each `reverse()` costs some 20
µs of resolver work. Here a URL is reversed once per name, argument names, language and
script prefix with markers in the arguments' places, then formatted with the real values
(quoted as `reverse()` quotes them)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from django.urls import get_script_prefix, reverse
from django.utils.regex_helper import _lazy_re_compile
from django.utils.translation import get_language

# Safe characters of RFC 3986's `pchar`, as django.urls.resolvers quotes them.
_SAFE = "!$&'()*+,;=" + "/~:@"
# Ids no table reaches and words no handle is: replaced by the real values.
_INT_MARKER = 918273645546372819
_WORD_MARKER = "zq{}markerqz"
_MARKER_RE = _lazy_re_compile(r"918273645546372819(\d)|zq(\d)markerqz")


@lru_cache(maxsize=1024)
def _pattern(name: str, kinds: tuple[tuple[str, bool], ...], language: str | None, prefix: str):
    """(the URL with `{0}`, `{1}`... in the arguments' places, the argument names)."""
    markers = {
        key: int(f"{_INT_MARKER}{i}") if is_int else _WORD_MARKER.format(i)
        for i, (key, is_int) in enumerate(kinds)
    }
    url = reverse(name, kwargs=markers)
    template = _MARKER_RE.sub(
        lambda m: "{" + (m.group(1) or m.group(2)) + "}", url.replace("{", "{{").replace("}", "}}")
    )
    return template, tuple(key for key, _ in kinds)


def _format(name: str, language: str | None, prefix: str, kwargs: dict[str, Any]) -> str:
    kinds = tuple(sorted((key, isinstance(value, int)) for key, value in kwargs.items()))
    template, keys = _pattern(name, kinds, language, prefix)
    values = [
        str(kwargs[key]) if isinstance(kwargs[key], int) else quote(str(kwargs[key]), safe=_SAFE)
        for key in keys
    ]
    return template.format(*values)


def fast_reverse(name: str, /, **kwargs: Any) -> str:
    """`reverse(name, kwargs=kwargs)` for patterns whose arguments are ints or words
    (`<int:pk>`, `<slug:handle>`, `<str:...>`), at the cost of a format."""
    return _format(name, get_language(), get_script_prefix(), kwargs)


def reverser() -> Callable[..., str]:
    """`fast_reverse` with the active language and script prefix read once: for a
    fragment that prints hundreds of URLs (each read costs a context-local lookup)."""
    language, prefix = get_language(), get_script_prefix()

    def url(name: str, /, **kwargs: Any) -> str:
        return _format(name, language, prefix, kwargs)

    return url


def reverse_pk(name: str, pk: int) -> str:
    """`reverse(name, kwargs={"pk": pk})`, for URL patterns taking an `<int:pk>`."""
    return fast_reverse(name, pk=int(pk))
