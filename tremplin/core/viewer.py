"""The viewer: who is asking, and what the product knows of their relations, asked at
most once per request.

Every `visible_to` rule, template and serialiser asks the same few questions about the
person looking: whom they blocked or were blocked by, whom they are connected to, whose
counsellor they are and with which consent scopes, which organisations they belong to
and in which roles. `Viewer` answers each question with one query the first time and
from memory afterwards, and the request scope (`ViewerScopeMiddleware`) makes every
`viewer_of(request.user)` during a GET or HEAD return the same `Viewer`, so a profile
page that applies five rules asks each relation once.

Core knows none of those apps: each fact is computed by a provider the app that owns the
relation registers from its `hooks.py` (`facts.provide("blocked_ids", ...)`). A fact
whose app is not installed is empty, which denies (deny by default).

Why only safe methods share a viewer: a GET writes nothing, so what it read at the start
is still true at the end. A POST changes relations (accepting a request, blocking
someone) and then renders, so it asks afresh. Outside a request (tasks, tests, shells)
each `viewer_of` call builds a new `Viewer`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class MembershipFact:
    """One role the viewer holds at an organisation."""

    organization_id: int
    kind: str  # "agency" or "employer" (organizations.OrgKind)
    role: str  # organizations.Role
    verified: bool


@dataclass(frozen=True)
class CaseFact:
    """The viewer's open case as counsellor with one client: whether it is active (a
    paused case grants nothing) and the consent scopes the client ticked."""

    active: bool
    scopes: frozenset[str]


class Facts:
    """Providers of the viewer's relations, registered by the apps that own them."""

    def __init__(self) -> None:
        self._providers: dict[str, Callable[..., Any]] = {}

    def provide(self, name: str, provider: Callable[..., Any]) -> None:
        if name in self._providers and self._providers[name] is not provider:
            raise RuntimeError(f"viewer fact {name!r} already has a provider")
        self._providers[name] = provider

    def get(self, name: str) -> Callable[..., Any] | None:
        return self._providers.get(name)


facts = Facts()


# The relations, by name, and what each provider returns (user ids, as a lazy QuerySet
# usable inside another query, unless said otherwise):
#   "blocked"(user_id)          members in a block relation with the viewer, either way
#   "muted"(user_id)            members the viewer muted
#   "connections"(user_id)      members connected to the viewer
#   "connected_among"(user_id, ids) -> set: which of `ids` are connected (one query)
#   "clients"(user_id, scope)   members whose ACTIVE case with the viewer as counsellor
#                               grants `scope` now
#   "case_clients"(user_id)     members with an OPEN case (active or paused) with the
#                               viewer as counsellor, whatever it grants
#   "counsellor_cases"(user_id) -> {client id: CaseFact}: the viewer's open cases as
#                               counsellor (one query), the source of `counsels`
#   "memberships"(user_id) -> iterable of MembershipFact
#   "client_agencies"(user_id)  agencies where the viewer is a client with an ACTIVE case
#   "kept_from_recruiter_q"(user_id, owner_field) -> Q: rows whose owner keeps her
#                               "recruiters" audience from the viewer's employers (her
#                               current employer, or one she hides from)
#   "kept_from_recruiter"(user_id, owner_id) -> bool: the same Q, for one member


class Viewer:
    """The person looking (or nobody), with their relations read lazily and once."""

    def __init__(self, user: Any) -> None:
        self.user = user
        authenticated = user is not None and bool(getattr(user, "is_authenticated", False))
        self.is_authenticated = authenticated
        self.id: int | None = user.pk if authenticated else None
        self._connected: dict[int, bool] = {}
        self._remembered: dict[Any, Any] = {}

    def __repr__(self) -> str:
        return f"<Viewer {self.id or 'anonymous'}>"

    def remember(self, key: Any, compute: Callable[[], Any]) -> Any:
        """`compute()` once per viewer (a filter built from a query, asked by several
        rules of one page)."""
        if key not in self._remembered:
            self._remembered[key] = compute()
        return self._remembered[key]

    def relation(self, name: str, *args: Any) -> Any:
        """A provider's answer for this viewer: a lazy QuerySet of user ids for SQL (no
        query until it is used in one), or an empty list when there is none (anonymous,
        or the app that owns the relation is not installed: deny by default)."""
        provider = facts.get(name)
        if provider is None or self.id is None:
            return []
        return provider(self.id, *args)

    # --------------------------------------------------------------- site roles

    @property
    def is_staff(self) -> bool:
        return self.is_authenticated and bool(self.user.is_staff or self.user.is_superuser)

    @property
    def is_moderator(self) -> bool:
        return self.is_authenticated and bool(getattr(self.user, "is_moderator", False))

    # --------------------------------------------------------------- blocks and mutes

    @cached_property
    def blocked_ids(self) -> frozenset[int]:
        """Members in a block relation with the viewer, either way (one query)."""
        return frozenset(self.relation("blocked"))

    def blocks_either_way(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.blocked_ids

    @cached_property
    def muted_ids(self) -> frozenset[int]:
        return frozenset(self.relation("muted"))

    # --------------------------------------------------------------- connections

    def connected_among(self, user_ids: Iterable[int | None]) -> set[int]:
        """Which of these members are connected to the viewer (one query for those not
        asked before)."""
        wanted = {uid for uid in user_ids if uid is not None and uid != self.id}
        unknown = wanted - set(self._connected)
        if unknown:
            found = set(self.relation("connected_among", frozenset(unknown)))
            for uid in unknown:
                self._connected[uid] = uid in found
        return {uid for uid in wanted if self._connected[uid]}

    def is_connected_to(self, user_id: int | None) -> bool:
        return user_id is not None and bool(self.connected_among([user_id]))

    # --------------------------------------------------------------- counselling

    @cached_property
    def counsellor_cases(self) -> dict[int, CaseFact]:
        """{client id: CaseFact} for the viewer's open cases as counsellor (one query)."""
        return dict(self.relation("counsellor_cases") or {})

    @property
    def counsellor_scopes(self) -> dict[int, frozenset[str]]:
        """{client id: consent scopes that hold now}: active cases only."""
        return {c: fact.scopes for c, fact in self.counsellor_cases.items() if fact.active}

    def counsels(self, client_id: int | None, scope: str) -> bool:
        """THE consent rule: whether the viewer is this member's counsellor with `scope`
        granted now (an active case; a paused one grants nothing)."""
        fact = self.counsellor_cases.get(client_id) if client_id is not None else None
        return fact is not None and fact.active and scope in fact.scopes

    def has_case_with(self, client_id: int | None) -> bool:
        """Whether the viewer is this member's counsellor in an open case (active or
        paused): the case is known to her, so a refusal may say why."""
        return client_id is not None and client_id in self.counsellor_cases

    def withheld(self, client_id: int | None, scope: str) -> bool:
        """Whether the viewer counsels this member in an open case that does NOT grant
        `scope` now (not ticked, or paused): the case's consent governs and says no."""
        return self.has_case_with(client_id) and not self.counsels(client_id, scope)

    # --------------------------------------------------------------- organisations

    @cached_property
    def memberships(self) -> tuple[MembershipFact, ...]:
        return tuple(self.relation("memberships"))

    def organization_ids(self, role: str | None = None, kind: str | None = None) -> set[int]:
        return {
            m.organization_id
            for m in self.memberships
            if (role is None or m.role == role) and (kind is None or m.kind == kind)
        }

    @property
    def is_counsellor(self) -> bool:
        return any(m.role == "counsellor" for m in self.memberships)

    @property
    def is_agency_admin(self) -> bool:
        return any(m.role == "admin" and m.kind == "agency" for m in self.memberships)

    @property
    def is_verified_recruiter(self) -> bool:
        """A recruiter or administrator of a verified employer (the "recruiters" audience
        of profile sections and the recruiter search)."""
        return bool(self.recruiting_organization_ids)

    @property
    def recruiting_organization_ids(self) -> set[int]:
        """The verified employers the viewer recruits for (as recruiter or admin)."""
        return {
            m.organization_id
            for m in self.memberships
            if m.kind == "employer" and m.verified and m.role in ("recruiter", "admin")
        }

    def kept_from(self, owner_id: int | None) -> bool:
        """Whether this member keeps her "recruiters" audience from the viewer's
        employers (one EXISTS per member, asked once: the same SQL as `audience_q`)."""
        provider = facts.get("kept_from_recruiter")
        if owner_id is None or provider is None or self.id is None:
            return True  # deny by default
        viewer_id = self.id
        return self.remember((provider, owner_id), lambda: bool(provider(viewer_id, owner_id)))

    @property
    def requires_mfa(self) -> bool:
        """Accounts that can see other people's private data must use a second factor."""
        return self.is_staff or self.is_moderator or self.is_counsellor or self.is_agency_admin


# ------------------------------------------------------------------ the request scope

_scope: ContextVar[dict[int | None, Viewer] | None] = ContextVar("tremplin_viewers", default=None)


def viewer_of(user_or_viewer: Any) -> Viewer:
    """The `Viewer` for a user (or the anonymous visitor, or None): the request's own
    during a GET, else a new one."""
    if isinstance(user_or_viewer, Viewer):
        return user_or_viewer
    shared = _scope.get()
    if shared is None:
        return Viewer(user_or_viewer)
    viewer = Viewer(user_or_viewer)
    return shared.setdefault(viewer.id, viewer)


def user_of(user_or_viewer: Any) -> Any:
    """The user behind a viewer (or the argument itself)."""
    return user_or_viewer.user if isinstance(user_or_viewer, Viewer) else user_or_viewer


class ViewerScopeMiddleware:
    """Shares one `Viewer` per person for the whole of a GET or HEAD request."""

    SAFE = frozenset({"GET", "HEAD"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in self.SAFE:
            return self.get_response(request)
        token = _scope.set({})
        try:
            return self.get_response(request)
        finally:
            _scope.reset(token)
