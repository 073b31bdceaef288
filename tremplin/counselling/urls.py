from django.urls import path

from tremplin.counselling import views

app_name = "counselling"
urlpatterns = [
    path("counselling/", views.mine, name="mine"),
    path("counselling/caseload/", views.caseload, name="caseload"),
    path("counselling/caseload/invite/", views.invite, name="invite"),
    path("counselling/cases/<int:pk>/", views.case, name="case"),
    path("counselling/cases/<int:pk>/close/", views.close, name="close"),
    path("counselling/cases/<int:pk>/reassign/", views.reassign_case, name="reassign_case"),
    path("counselling/agencies/<slug:slug>/reassign/", views.reassign, name="reassign"),
]
for _action in views.CLIENT_SCOPE_ACTIONS:
    urlpatterns.append(
        path(
            f"counselling/cases/<int:pk>/{_action}/",
            views.client_scopes,
            {"action": _action},
            name=_action,
        )
    )
for _action in views.CLIENT_ACTIONS:
    urlpatterns.append(
        path(
            f"counselling/cases/<int:pk>/{_action}/",
            views.client_action,
            {"action": _action},
            name=_action,
        )
    )
for _action in views.PARTY_ACTIONS:
    urlpatterns.append(
        path(
            f"counselling/cases/<int:pk>/{_action}/",
            views.party_action,
            {"action": _action},
            name=_action,
        )
    )
