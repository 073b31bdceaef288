"""One way for the API tests to call an app's router with the Django test client."""

from __future__ import annotations

import json


def api_call(prefix: str, client, method: str, url: str, body=None):
    """A JSON call to `prefix + url`, asking for English (the API answers in the caller's
    language)."""
    if method == "get":
        return client.get(prefix + url, HTTP_ACCEPT_LANGUAGE="en")
    return getattr(client, method)(
        prefix + url,
        json.dumps(body or {}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
