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
  `local_datetime(value[, format])`; `choice_label(obj, "field")` (what
  `obj.get_field_display()` says). An app lends its own functions (a post's HTML, a
  card's counts) from its hooks.py (`core.hooks.template_functions`).
- Autoescaping is on, as in Django templates.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template import engines
from django.templatetags.static import static
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext, ngettext
from jinja2 import BaseLoader, Environment, TemplateNotFound
from markupsafe import Markup

from tremplin.core import hooks
from tremplin.core.reversing import fast_reverse

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


def local_datetime(value: Any, format_name: str = "DATETIME_FORMAT") -> str:
    """As Django's `date` filter shows an aware datetime: local time, the active
    language's format (a date is shown as it is)."""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return formats.date_format(value, format_name)


# {(model, field, language): {value: label}}
_choice_labels: dict[tuple[type, str, str | None], dict[Any, str]] = {}


def choice_label(obj: Any, field: str) -> str:
    """`obj.get_<field>_display()`, with the field's labels translated once per process
    and language: Django's hashes and translates every choice at each call (a page of
    20 job results asked for 2 ms of it)."""
    key = (type(obj), field, get_language())
    labels = _choice_labels.get(key)
    if labels is None:
        choices = obj._meta.get_field(field).flatchoices
        labels = _choice_labels[key] = {value: str(label) for value, label in choices}
    value = getattr(obj, field)
    return labels.get(value, value)


def environment(**options: Any) -> Environment:
    options["loader"] = OnlyJinja(options["loader"])
    options.pop("autoescape", None)
    env = Environment(autoescape=True, **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=False)  # type: ignore[attr-defined]
    env.globals.update(
        url=fast_reverse, static=static, local_datetime=local_datetime, choice_label=choice_label
    )
    # What the apps lend their fragments (core.hooks.template_functions): the engine is
    # built at its first use, after every app's hooks.py ran.
    env.globals.update({lent.name: lent.resolve() for lent in hooks.template_functions})
    return env


def render_to_string(name: str, context: dict[str, Any], request: HttpRequest | None) -> str:
    """Render a fragment. Its CSRF token is computed once: Django's Jinja2 backend gives
    a lazy `csrf_input` that masks the token afresh at each use (a card prints three
    forms: 60 masked tokens for a page of cards, 5 ms of random numbers)."""
    backend = engines["jinja2"]
    template = backend.get_template(name)
    values = dict(context)
    if request is not None:
        values["request"] = request
        if "user" not in values:  # alone (an htmx fragment), not inside a page
            for processor in backend.template_context_processors:  # type: ignore[attr-defined]
                values.update(processor(request))
        token = get_token(request)
        values["csrf_token"] = token
        values["csrf_input"] = Markup(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        ).format(token)
    return template.template.render(values)  # type: ignore[attr-defined]


def render_fragment(request: HttpRequest, name: str, context: dict[str, Any]) -> HttpResponse:
    """An htmx fragment made of a Jinja2 template alone."""
    return HttpResponse(render_to_string(name, context, request))
