"""The project's URLs: each app's pages and API router, as the apps declare them in their
hooks.py (tremplin.core.hooks), under /fr/ and /en/ and /api/v1/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from tremplin.accounts import views as account_views
from tremplin.api.api import api
from tremplin.core import hooks, robots, task_rows
from tremplin.feed import views as feed_views

admin.site.site_header = _("Tremplin administration")
admin.site.site_title = _("Tremplin administration")
# The admin signs in through the site's own flow (two-factor, limits), not its own form.
admin.site.login = account_views.admin_login  # type: ignore[method-assign]
task_rows.install_admin()  # tasks without their arguments (they may hold secrets)

# Outside /api/ these render 404.html and 500.html; under it they answer JSON.
handler404 = "tremplin.core.errors.not_found"
handler500 = "tremplin.core.errors.server_error"

urlpatterns = [
    path("", account_views.choose_language, name="choose_language"),
    path("language/", account_views.switch_language, name="switch_language"),
    path("api/v1/", api.urls),
    path("robots.txt", robots.robots_txt, name="robots_txt"),
]

urlpatterns += i18n_patterns(
    path("", feed_views.home, name="home"),
    path(
        "accounts/2fa/authenticate/",
        account_views.mfa_authenticate,
        name="mfa_authenticate",
    ),
    path(
        "accounts/2fa/totp/activate/",
        account_views.mfa_activate_totp,
        name="mfa_activate_totp",
    ),
    path("accounts/", include("allauth.urls")),
    *(path("", include(declared.urls)) for declared in hooks.routes if declared.urls),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
