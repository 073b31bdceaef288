"""Assembles each app's `api.py` router into /api/v1/ (the apps declare them in their
hooks.py), and answers every error as JSON: a service's refusal with its status from the
one table (`tremplin.core.refusals`), so no endpoint catches one itself."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.module_loading import import_string
from django.utils.translation import get_language
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from tremplin.api import scopes
from tremplin.api.auth import area_of_path
from tremplin.core import hooks
from tremplin.core.refusals import Refusal, api_status, message_of


class TremplinAPI(NinjaAPI):
    """The schema names, on each operation a token may call, the scope it needs
    (`x-token-scope`, and in the security requirement: `{"ApiAuth": ["vault:read"]}`),
    and where credentials are optional (`read_or_anonymous`), the empty requirement
    `{}` beside it."""

    _schemas: dict[tuple[str, str], Any]

    def add_router(self, *args: Any, **kwargs: Any) -> None:
        self._schemas = {}  # NinjaAPI.__init__ adds the first router
        super().add_router(*args, **kwargs)

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        """Built once per language and prefix (387 operations took seconds each time,
        and every API client asks for it, schemathesis at each of its runs), then shared:
        callers read it and never change it (a deep copy cost half a second). The
        routers cannot change once the URLs are built (ninja refuses); a router added
        before clears what was kept."""
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        key = (get_language() or "", path_prefix)
        if key not in self._schemas:
            self._schemas[key] = self._build_schema(path_prefix)
        return self._schemas[key]

    def _build_schema(self, path_prefix: str) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix)
        for path, operations in schema.get("paths", {}).items():
            area = area_of_path(path)
            for method, operation in operations.items():
                if not isinstance(operation, dict) or "security" not in operation:
                    continue
                scope = scopes.needed(area, method.upper())
                operation["x-token-scope"] = scope or "none (browser session only)"
                security: list[dict[str, list[str]]] = []
                for needs in operation["security"]:
                    if "OptionalApiAuth" in needs:
                        security.append({})  # readable without credentials
                    if "ApiAuth" in needs or "OptionalApiAuth" in needs:
                        needs = {"ApiAuth": [scope] if scope else []}
                    if needs not in security:
                        security.append(needs)
                operation["security"] = security
        schemes = schema.get("components", {}).get("securitySchemes", {})
        optional = schemes.pop("OptionalApiAuth", None)
        if optional is not None:
            schemes.setdefault("ApiAuth", optional)
        return schema


api = TremplinAPI(
    title="Tremplin API",
    version="1.0.0",
    urls_namespace="api",
    description=(
        "Tremplin's REST API. Authenticate with a personal access token "
        "(`Authorization: Bearer trp_…`, created under Security → API tokens) or with "
        "the browser session (send the `X-CSRFToken` header on writes). Every error is "
        'JSON: `{"detail": "…"}`.'
    ),
)


class HealthOut(Schema):
    ok: bool


@api.get("/health", response=HealthOut, tags=["operations"], auth=None)
def health(request: HttpRequest) -> dict[str, bool]:
    """Liveness for load balancers: answers without touching the database (and serves as
    the benchmarks' floor: the cheapest request the server can answer)."""
    return {"ok": True}


# Each app declares its router in its own hooks.py (tremplin.core.hooks).
for declared in hooks.routes:
    if declared.router is not None:
        router = (
            import_string(declared.router) if isinstance(declared.router, str) else declared.router
        )
        api.add_router(declared.api_prefix or "/", router)
        # Which token scope its endpoints need (tremplin.api.auth asks on every call).
        scopes.register(declared.api_prefix or "/", declared.area)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    body = {"detail": str(exc) or "Forbidden."}
    if isinstance(getattr(exc, "code", None), str):  # core.consent.NotGranted
        body["code"] = exc.code  # type: ignore[attr-defined]
    return api.create_response(request, body, status=403)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": "Authentication required: a valid token or session."}, status=401
    )


@api.exception_handler(ValidationError)
def refused(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Every refusal of a service (and any other ValidationError): its status from the one
    table (tremplin.core.refusals), its message as the detail."""
    status = api_status(exc)
    body = {"detail": message_of(exc)}
    code = getattr(exc, "code", None)  # a refusal made of a dict of fields has none
    if isinstance(exc, Refusal) and isinstance(code, str) and status != 404:
        # The code for programs (e.g. "not_granted": a client's consent says no). Never on
        # a 404, which must read the same as a thing that does not exist.
        body["code"] = code
    return api.create_response(request, body, status=status)


@api.exception_handler(NinjaValidationError)
def schema_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": "The request does not match the schema.", "errors": exc.errors},
        status=422,
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    body = {"detail": str(exc)}
    code = getattr(exc, "code", None)
    if code:
        body["code"] = code
    return api.create_response(request, body, status=exc.status_code)
