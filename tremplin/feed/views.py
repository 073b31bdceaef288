from django.http import HttpRequest, HttpResponse

from tremplin.profiles import views as profile_views


def home(request: HttpRequest) -> HttpResponse:
    """The signed-in home page (the feed); visitors get the welcome page."""
    return profile_views.home(request)
