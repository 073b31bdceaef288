"""Assembles each app's `api.py` router into /api/v1/."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from tremplin.accounts.api import router as accounts_router
from tremplin.applications.api import router as applications_router
from tremplin.appointments.api import router as appointments_router
from tremplin.casework.api import router as casework_router
from tremplin.counselling.api import router as counselling_router
from tremplin.feed.api import router as feed_router
from tremplin.influence.api import router as influence_router
from tremplin.job_alerts.api import router as job_alerts_router
from tremplin.job_imports.api import router as job_imports_router
from tremplin.jobs.api import router as jobs_router
from tremplin.mentoring.api import router as mentoring_router
from tremplin.messaging.api import router as messaging_router
from tremplin.network.api import router as network_router
from tremplin.notifications.api import router as notifications_router
from tremplin.organizations.api import router as organizations_router
from tremplin.outcomes.api import router as outcomes_router
from tremplin.plans.api import router as plans_router
from tremplin.profiles.api import router as profiles_router
from tremplin.vault.api import router as vault_router

api = NinjaAPI(
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
def health(request):
    """Liveness for load balancers: answers without touching the database (and serves as
    the benchmarks' floor: the cheapest request the server can answer)."""
    return {"ok": True}


api.add_router("/", accounts_router)
api.add_router("/profiles", profiles_router)
api.add_router("/organizations", organizations_router)
api.add_router("/network", network_router)
api.add_router("/feed", feed_router)
api.add_router("/messages", messaging_router)
api.add_router("/notifications", notifications_router)
api.add_router("/influence", influence_router)
api.add_router("/counselling", counselling_router)
api.add_router("/vault", vault_router)
api.add_router("/plans", plans_router)
api.add_router("/appointments", appointments_router)
api.add_router("/casework", casework_router)
api.add_router("/outcomes", outcomes_router)
api.add_router("/mentoring", mentoring_router)
api.add_router("/jobs", jobs_router)
api.add_router("/job-imports", job_imports_router)
api.add_router("/job-alerts", job_alerts_router)
api.add_router("/applications", applications_router)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Forbidden."}, status=403)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(
        request, {"detail": "Authentication required: a valid token or session."}, status=401
    )


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=422)


@api.exception_handler(NinjaValidationError)
def schema_invalid(request, exc):
    return api.create_response(
        request,
        {"detail": "The request does not match the schema.", "errors": exc.errors},
        status=422,
    )


@api.exception_handler(HttpError)
def http_error(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
