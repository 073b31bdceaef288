"""The schema says where credentials are optional, and only there: the anonymous fuzz
(tests/fuzz) reads it to choose what it fuzzes in depth without credentials."""

from __future__ import annotations

import re

from tremplin.api.api import api
from tremplin.api.auth import ApiAuth


def _declared() -> dict[tuple[str, str], list | None]:
    schema = api.get_openapi_schema()
    return {
        (path.rstrip("/"), method.upper()): operation.get("security")
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    }


def _callbacks() -> dict[tuple[str, str], list]:
    found = {}
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                full = re.sub(r"/+", "/", f"/api/v1/{prefix}/{path}")
                full = re.sub(r"\{\w+:", "{", full).rstrip("/")
                for method in operation.methods:
                    found[(full, method)] = operation.auth_callbacks or []
    return found


def test_optional_credentials_are_declared_where_the_code_allows_anonymous_visitors():
    declared, callbacks = _declared(), _callbacks()
    assert set(declared) == set(callbacks), set(declared) ^ set(callbacks)
    open_ = 0
    for key, auths in callbacks.items():
        anonymous = not auths or any(isinstance(auth, ApiAuth) and auth.anonymous for auth in auths)
        security = declared[key]
        if anonymous:
            open_ += 1
            assert security is None or {} in security, key
        else:
            assert security and {} not in security, key
    assert open_ >= 30  # the public lists and pages' reads
    assert set(api.get_openapi_schema()["components"]["securitySchemes"]) == {"ApiAuth"}
