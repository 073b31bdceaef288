"""`reverse_pk` gives what `reverse` gives, in each language."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from tremplin.core.reversing import reverse_pk


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("name", ["feed:item", "feed:image"])
def test_it_matches_reverse_in_each_language(language, name):
    with translation.override(language):
        for pk in (1, 42, 10**12):
            assert reverse_pk(name, pk) == reverse(name, kwargs={"pk": pk})
            assert reverse_pk(name, pk).startswith(f"/{language}/")


def _every_pattern(patterns=None, namespace=""):
    """(name, {argument: converter}) for every named URL of the site."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        converters = getattr(entry.pattern, "converters", {})
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            for name, kinds in _every_pattern(entry.url_patterns, inner):
                found.append((name, {**converters, **kinds}))
        elif isinstance(entry, URLPattern) and entry.name:
            found.append((namespace + entry.name, dict(converters)))
    return found


def test_fast_reverse_matches_reverse_for_every_pattern_with_ints_or_words():
    from tremplin.core.reversing import fast_reverse

    values = {"IntConverter": 1234, "SlugConverter": "lea-roy_2", "StringConverter": "été d'or"}
    checked = set()
    for name, converters in _every_pattern():
        kinds = {p: type(c).__name__ for p, c in converters.items()}
        if not kinds or not set(kinds.values()) <= set(values):
            continue
        kwargs = {p: values[k] for p, k in kinds.items()}
        for language in ("fr", "en"):
            with translation.override(language):
                assert fast_reverse(name, **kwargs) == reverse(name, kwargs=kwargs), name
        checked.add(name)
    assert {"feed:item", "profiles:detail", "network:request", "organizations:detail"} <= checked
    assert len(checked) > 100
