"""The one place that decides whether a request gets a page or a fragment."""

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


def pick_template(request: HttpRequest, page: str, fragment: str) -> str:
    return fragment if is_htmx(request) else page
