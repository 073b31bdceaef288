from django.urls import path

from tremplin.network import views

app_name = "network"
urlpatterns = [
    path("network/", views.home, name="home"),
    path("network/connect/<slug:handle>/", views.request_form, name="request"),
    path("network/hashtags/", views.hashtag_follow, name="hashtag_follow"),
    path("network/hashtags/<str:name>/unfollow/", views.hashtag_unfollow, name="hashtag_unfollow"),
]
for _action in views.REQUEST_ACTIONS:
    urlpatterns.append(
        path(
            f"network/requests/<int:pk>/{_action}/",
            views.request_action,
            {"action": _action},
            name=f"request_{_action}",
        )
    )
for _action in views.PERSON_ACTIONS:
    urlpatterns.append(
        path(
            f"network/people/<slug:handle>/{_action}/",
            views.person_action,
            {"action": _action},
            name=_action,
        )
    )
for _action in ("follow", "unfollow"):
    urlpatterns.append(
        path(
            f"network/organizations/<slug:slug>/{_action}/",
            views.organization_action,
            {"action": _action},
            name=f"org_{_action}",
        )
    )
