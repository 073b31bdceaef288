from django.urls import path

from tremplin.jobs import views

app_name = "jobs"
urlpatterns = [
    path("jobs/", views.posting_list, name="list"),
    path("jobs/<int:pk>/", views.posting_detail, name="posting"),
]
