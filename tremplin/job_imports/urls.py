from django.urls import path

from tremplin.job_imports import views

app_name = "job_imports"
urlpatterns = [
    path("jobs/imports/", views.sources, name="sources"),
    path("jobs/imports/new/", views.source_new, name="source_new"),
    path("jobs/imports/<int:pk>/", views.source_detail, name="source"),
    path("jobs/imports/<int:pk>/edit/", views.source_edit, name="source_edit"),
    path("jobs/imports/<int:pk>/delete/", views.source_delete, name="source_delete"),
    path("jobs/imports/<int:pk>/import/", views.source_import, name="source_import"),
    path("jobs/imports/<int:pk>/upload/", views.source_upload, name="source_upload"),
    path(
        "jobs/imports/<int:pk>/upload/<slug:token>/",
        views.upload_preview,
        name="upload_preview",
    ),
    path(
        "jobs/imports/<int:pk>/upload/<slug:token>/columns/",
        views.upload_columns,
        name="upload_columns",
    ),
    path("jobs/imports/runs/<int:pk>/", views.run_detail, name="run"),
]
