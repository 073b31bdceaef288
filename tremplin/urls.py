from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from tremplin.accounts import views as account_views
from tremplin.api.api import api
from tremplin.feed import views as feed_views

admin.site.site_header = _("Tremplin administration")
admin.site.site_title = _("Tremplin administration")

urlpatterns = [
    path("", account_views.choose_language, name="choose_language"),
    path("language/", account_views.switch_language, name="switch_language"),
    path("api/v1/", api.urls),
]

urlpatterns += i18n_patterns(
    path("", feed_views.home, name="home"),
    path(
        "accounts/2fa/authenticate/",
        account_views.mfa_authenticate,
        name="mfa_authenticate",
    ),
    path("accounts/", include("allauth.urls")),
    path("", include("tremplin.accounts.urls")),
    path("", include("tremplin.profiles.urls")),
    path("", include("tremplin.organizations.urls")),
    path("", include("tremplin.network.urls")),
    path("", include("tremplin.feed.urls")),
    path("", include("tremplin.messaging.urls")),
    path("", include("tremplin.notifications.urls")),
    path("", include("tremplin.influence.urls")),
    path("", include("tremplin.counselling.urls")),
    path("", include("tremplin.vault.urls")),
    path("", include("tremplin.plans.urls")),
    path("", include("tremplin.appointments.urls")),
    path("", include("tremplin.casework.urls")),
    path("", include("tremplin.outcomes.urls")),
    path("", include("tremplin.mentoring.urls")),
    path("", include("tremplin.jobs.urls")),
    path("", include("tremplin.job_imports.urls")),
    path("", include("tremplin.job_alerts.urls")),
    path("", include("tremplin.applications.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
