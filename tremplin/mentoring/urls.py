from django.urls import path

from tremplin.mentoring import urls_programmes
from tremplin.mentoring.views import mentorships as views

app_name = "mentoring"
urlpatterns = [path("mentoring/", views.home, name="home"), *urls_programmes.urlpatterns]
for _action in views.ACTIONS:
    urlpatterns.append(
        path(
            f"mentoring/<int:pk>/{_action}/",
            views.action,
            {"action": _action},
            name=_action,
        )
    )

from tremplin.mentoring.urls_hub import urlpatterns as hub_patterns  # noqa: E402

urlpatterns += hub_patterns
