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
