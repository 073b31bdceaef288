from django.urls import path

from tremplin.applications import apply_views, views

app_name = "applications"
urlpatterns = [
    path("jobs/<int:pk>/forward/", views.forward_posting, name="forward_posting"),
    path("applications/", views.tracker, name="tracker"),
    path("applications/new/", views.add_external, name="add"),
    path("applications/track/<int:pk>/", views.track, name="track"),
    path("applications/<int:pk>/", views.detail, name="detail"),
    path("applications/<int:pk>/status/", views.change_status, name="status"),
    path("applications/<int:pk>/edit/", views.edit, name="edit"),
    path("applications/<int:pk>/delete/", views.delete, name="delete"),
    path("applications/forwards/<int:pk>/", views.forward_open, name="forward"),
    path("applications/forwards/<int:pk>/opened/", views.forward_opened, name="opened"),
    path("applications/forwards/<int:pk>/respond/", views.respond, name="respond"),
    path("applications/forwards/<int:pk>/applied/", views.forward_applied, name="applied"),
    path("jobs/<int:pk>/apply/", apply_views.apply, name="apply"),
    path("jobs/<int:pk>/applicants/", apply_views.inbox, name="inbox"),
    path("jobs/<int:pk>/applicants.csv", apply_views.inbox_csv, name="inbox_csv"),
    path("applications/received/<int:pk>/", apply_views.applicant, name="applicant"),
    path(
        "applications/received/<int:pk>/status/",
        apply_views.applicant_status,
        name="applicant_status",
    ),
    path(
        "applications/received/<int:pk>/message/",
        apply_views.applicant_message,
        name="applicant_message",
    ),
    path("applications/sent/<int:pk>/withdraw/", apply_views.withdraw, name="withdraw"),
]
