"""The template engine of the hot fragments: the rows a page prints many times.

Pages are Django templates (`templates/<app>/*.html`, one layout: base.html). Where a page
repeats a row twenty or fifty times (feed cards, notifications, job results, the
caseload), the row costs more in Django's template engine than everything else of the
request: twenty feed cards took 13 ms to render there and 5 ms in Jinja2 with the same
work, 2 ms once their URLs and plurals were computed up front (bench/README.md). Those
rows are Jinja2 templates, `templates/<app>/*.jinja`, rendered
- inside a Django page with `{% jinja "feed/_timeline.jinja" %}` (core's template tags),
  which passes the page's context, or
- alone, for an htmx fragment, with `render_fragment(request, name, context)`.

Writing one:
- Strings are translated with `{{ _("…") }}` (the only form `makemessages` reads in a
  .jinja file); with values: `{{ _("by %(name)s") % {"name": name} }}` (values are
  escaped). Plurals (`ngettext`) are computed in Python, where makemessages reads them.
- URLs: `url("feed:item", pk=item.pk)` (core.reversing.fast_reverse: `reverse()`'s
  answer at the cost of a format); `static("css/x.css")`; `csrf_input`;
  `local_datetime(value[, format])`; `label(instance, "field")` for a choice's label. An
  app lends its own functions (a post's HTML, a
  card's counts) from its hooks.py (`core.hooks.template_functions`).
- Autoescaping is on, as in Django templates.
- User text in Markdown: `markdown(text)` (the Django templates' `markdown` filter).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from django.apps import apps
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template import engines
from django.templatetags.static import static
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext, ngettext, trans_real
from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    Template,
    TemplateNotFound,
)
from markupsafe import Markup

from tremplin.core import hooks
from tremplin.core.markdown import render_markdown
from tremplin.core.reversing import fast_reverse, reverser

SUFFIX = ".jinja"


class OnlyJinja(BaseLoader):
    """Serves only `*.jinja` names, so the Django engine keeps every `.html` template
    (a name is never parsed by the wrong engine)."""

    def __init__(self, inner: BaseLoader) -> None:
        self.inner = inner

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        if not template.endswith(SUFFIX):
            raise TemplateNotFound(template)
        return self.inner.get_source(environment, template)


@lru_cache(maxsize=256)
def choice_labels(model: type[Model], field: str, language: str | None) -> dict[Any, str]:
    """{value: label} of a model's choice field in a language, built once (Django builds
    the choices' dictionary again at each `get_<field>_display()`)."""
    choices = cast(Any, model._meta.get_field(field)).flatchoices
    return {value: str(name) for value, name in choices}


def label(instance: Model, field: str) -> str:
    """`instance.get_<field>_display()`, the labels kept per language."""
    value = getattr(instance, field)
    return str(choice_labels(instance._meta.model, field, get_language()).get(value, value))


def local_datetime(value: Any, format_name: str = "DATETIME_FORMAT") -> str:
    """As Django's `date` filter shows an aware datetime: local time, the active
    language's format (a date is shown as it is)."""
    if isinstance(value, datetime):
        if format_name == "c":  # what `date:"c"` gives (a <time datetime=…>), directly
            return timezone.localtime(value).isoformat()
        zone = timezone.get_current_timezone_name()
        return _local_datetime(value, format_name, get_language(), zone)
    return formats.date_format(value, format_name)


def local_datetimes() -> Callable[..., str]:
    """`local_datetime` with the active language and time zone read once: for a fragment
    that prints a hundred dates (each read is a context-local lookup)."""
    language, zone = get_language(), timezone.get_current_timezone()
    zone_name = str(zone)

    def shown(value: Any, format_name: str = "DATETIME_FORMAT") -> str:
        if not isinstance(value, datetime):
            return local_datetime(value, format_name)
        if format_name == "c":
            return _iso(value, zone)
        return _local_datetime(value, format_name, language, zone_name)

    return shown


@lru_cache(maxsize=8192)
def _iso(value: datetime, zone: Any) -> str:
    return timezone.localtime(value, zone).isoformat()


@lru_cache(maxsize=8192)
def _local_datetime(value: datetime, format_name: str, language: str | None, zone: str) -> str:
    """The same moment is printed again on every page that lists it (a thread's 50
    replies, cards): Django's formatting parses the format each time (about 20 µs)."""
    return formats.date_format(timezone.localtime(value), format_name)


def environment(**options: Any) -> Environment:
    # templates/ first, then each installed app's own templates/ folder (as Django's
    # APP_DIRS does): an app added with its folder brings its fragments in it.
    own = [Path(c.path) / "templates" for c in apps.get_app_configs()]
    options["loader"] = OnlyJinja(
        ChoiceLoader([options["loader"], FileSystemLoader([d for d in own if d.is_dir()])])
    )
    options.pop("autoescape", None)
    env = Environment(autoescape=True, **options)
    env.globals["markdown"] = render_markdown
    env.install_gettext_callables(gettext, ngettext, newstyle=False)  # type: ignore[attr-defined]
    env.globals.update(
        url=fast_reverse,
        static=static,
        local_datetime=local_datetime,
        label=label,
        navigation=hooks.navigation_for,
    )
    # What the apps lend their fragments (core.hooks.template_functions): the engine is
    # built at its first use, after every app's hooks.py ran.
    env.globals.update({lent.name: lent.resolve() for lent in hooks.template_functions})
    return env


def render_to_string(name: str, context: dict[str, Any], request: HttpRequest | None) -> str:
    """Render a fragment. Its CSRF token is computed once: Django's Jinja2 backend gives
    a lazy `csrf_input` that masks the token afresh at each use (a card prints three
    forms: 60 masked tokens for a page of cards, 5 ms of random numbers)."""
    template = engines["jinja2"].get_template(name).template  # type: ignore[attr-defined]
    return render_template(template, context, request)


def render_template(
    template: Template, context: dict[str, Any], request: HttpRequest | None
) -> str:
    """`render_to_string` for a Jinja2 template already at hand (one an app assembled
    itself, as the caseload's rows with their columns' cells)."""
    backend = engines["jinja2"]
    values = dict(context)
    values["url"] = reverser()  # the language and script prefix read once a fragment
    values["local_datetime"] = local_datetimes()  # and the language and time zone
    # The active catalogue, asked once a fragment: `_()` and ngettext resolve these
    # before the engine's globals (Django's gettext looks the language up at each call).
    # (A caller may bring its own.)
    active = trans_real.catalog()
    values.setdefault("gettext", active.gettext)
    values.setdefault("ngettext", active.ngettext)
    if request is not None:
        values["request"] = request
        if "user" not in values:  # alone (an htmx fragment), not inside a page
            for processor in backend.template_context_processors:  # type: ignore[attr-defined]
                values.update(processor(request))
        token = get_token(request)
        values["csrf_token"] = token
        values["csrf_input"] = csrf_input(token)
    return template.render(values)


def csrf_input(token: str) -> Markup:
    """A form's hidden CSRF input carrying `token` (`get_token(request)`)."""
    return Markup('<input type="hidden" name="csrfmiddlewaretoken" value="{}">').format(token)


def render_fragment(request: HttpRequest, name: str, context: dict[str, Any]) -> HttpResponse:
    """An htmx fragment made of a Jinja2 template alone."""
    return HttpResponse(render_to_string(name, context, request))
