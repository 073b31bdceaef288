"""What an app adds to the rest of the product, declared from the app's own folder.

Each app may have a `hooks.py`. When Django is ready, `discover()` imports every
installed app's `hooks.py`, in `INSTALLED_APPS` order, and those modules register what
the app adds: its pages and API router (`routes`), its navigation entry (`navigation`),
its periodic work (`periodic`), its people-search facets (`search_facets`), functions
its Jinja2 fragments use (`template_functions`), and, into
registries that other apps own, its notification kinds (`notifications.kinds`), case-page
sections and caseload columns (`counselling.sections`), viewer facts (`core.viewer`),
what they hold about a member (`core.personal_data.registry`: archive and erasure) and
reactions to other apps' events (`core.events`).

So adding an app means creating its folder and adding one line to `INSTALLED_APPS`: no
other app's file, template or migration changes. A registry is read only after
`discover()` has run (at the end of `CoreConfig.ready`, once every model is loaded); an
entry added later raises, because what was read before it would silently miss it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.apps import apps
from django.utils.module_loading import import_string, module_has_submodule

T = TypeVar("T")


class Hook(Generic[T]):
    """An ordered list of what apps registered, read-only once discovery has ended."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._entries: list[T] = []

    def add(self, entry: T) -> T:
        if _state["sealed"]:
            raise RuntimeError(
                f"{self.name}: register from the app's hooks.py, which runs before any "
                "registry is read (see tremplin.core.hooks)."
            )
        self._entries.append(entry)
        return entry

    def __iter__(self) -> Iterator[T]:
        return iter(tuple(self._entries))

    def __len__(self) -> int:
        return len(self._entries)


_state = {"sealed": False}


def discover() -> None:
    """Import each installed app's `hooks.py` once, in INSTALLED_APPS order, then seal
    every registry."""
    if _state["sealed"]:
        return
    from importlib import import_module

    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "hooks"):
            import_module(f"{config.name}.hooks")
    _state["sealed"] = True


# ------------------------------------------------------------------ routes


@dataclass(frozen=True)
class Routes:
    """An app's pages (a URLconf module, mounted under /<lang>/) and API router
    (`router` of its `api` module, mounted under /api/v1/<api_prefix>).

    `area` says which part of the product the router's endpoints belong to, for the
    scopes of personal access tokens (`tremplin.api.scopes.AREAS`: "profile", "vault",
    "casework"...; "session" for a router no token may call). A router without one is
    closed to every token (deny by default), and a test fails until it declares one."""

    app: str
    urls: str | None = None
    api_prefix: str | None = None
    router: Any = None
    area: str | None = None


routes: Hook[Routes] = Hook("routes")


# ------------------------------------------------------------------ channel guards

# Functions `(user, session) -> str | None` that every channel asks before it serves a
# signed-in member: pages and the API with a session, personal access tokens (session
# None) and websockets. A non-empty answer ("setup", "verify": the second factor, filled
# by accounts) refuses the request; core knows none of the reasons.
channel_guards: Hook[Callable[[Any, Any], str | None]] = Hook("channel guards")


# ------------------------------------------------------------------ navigation


@dataclass(frozen=True)
class NavEntry:
    """A link in the site's main menu. `template` renders the <li> itself (for a badge
    or a choice between two links); otherwise `label` links to `url_name`. `order` sorts
    the menu (people 10, organisations 20, jobs 30, network 40, messages 50...)."""

    order: int
    label: Any = None
    url_name: str | None = None
    template: str | None = None
    signed_in: bool = True


navigation: Hook[NavEntry] = Hook("navigation")


def navigation_for(signed_in: bool) -> list[NavEntry]:
    return sorted(
        (entry for entry in navigation if signed_in or not entry.signed_in),
        key=lambda entry: entry.order,
    )


# ------------------------------------------------------------------ periodic work


@dataclass(frozen=True)
class Periodic:
    """Work the clock (`manage.py run_periodic`) runs every round: an idempotent
    function that returns how many things it did (a retry or two clocks at once must do
    nothing twice). `run` is the function or the dotted path of one of the app's own
    functions (a path keeps hooks.py from importing the app's services at start-up)."""

    name: str
    run: Callable[[], int] | str

    def __call__(self) -> int:
        function = import_string(self.run) if isinstance(self.run, str) else self.run
        return int(function() or 0)


periodic: Hook[Periodic] = Hook("periodic")
# Core's own: old task rows pruned, finished ones stripped of their arguments.
periodic.add(Periodic("old task rows", "tremplin.core.task_rows.prune"))


# ------------------------------------------------------------------ search facets


@dataclass(frozen=True)
class SearchFacet:
    """A filter another app adds to people search: `name` is its query parameter,
    `label` its checkbox, and `filter(viewer, profiles)` narrows the visible profiles
    (it must only narrow: visibility is decided before it runs)."""

    name: str
    label: Any
    filter: Callable[[Any, Any], Any]
    help_text: Any = ""
    signed_in: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


search_facets: Hook[SearchFacet] = Hook("search_facets")


# ------------------------------------------------------------------ template functions


@dataclass(frozen=True)
class TemplateFunction:
    """A function an app lends to the Jinja2 fragments (tremplin.core.jinja), as a
    Django template library lends its filters: `name(...)` in any .jinja template.
    `function` is the callable or the dotted path of one of the app's own."""

    name: str
    function: Callable[..., Any] | str

    def resolve(self) -> Callable[..., Any]:
        return import_string(self.function) if isinstance(self.function, str) else self.function


template_functions: Hook[TemplateFunction] = Hook("template functions")


# ------------------------------------------------------------------ crawling


@dataclass(frozen=True)
class Crawling:
    """What an app tells search engines in /robots.txt (tremplin.core.robots).
    `sitemaps`: URL names of its sitemaps. `private`: path prefixes that only signed-in
    members (or the holder of a link's token) use, disallowed to crawlers; relative to
    the language prefix ("messages/" is /fr/messages/ and /en/messages/), or from the
    site's root when they start with "/"."""

    sitemaps: tuple[str, ...] = ()
    private: tuple[str, ...] = ()


crawling: Hook[Crawling] = Hook("crawling")
# What tremplin/urls.py mounts itself rather than an app: the API, the admin, allauth.
crawling.add(Crawling(private=("/api/", "admin/", "accounts/")))
