from django.urls import path

from tremplin.job_alerts import foryou_views, views

app_name = "job_alerts"
urlpatterns = [
    path("jobs/search/", views.search_page, name="search"),
    path("jobs/for-you/", foryou_views.for_you, name="for_you"),
    path("jobs/for-you/preferences/", foryou_views.preferences, name="preferences"),
    path("jobs/for-you/cases/<int:pk>/", foryou_views.case_matches, name="case_matches"),
    path("jobs/alerts/", views.alert_list, name="list"),
    path("jobs/alerts/new/", views.alert_new, name="new"),
    path("jobs/alerts/<int:pk>/", views.alert_edit, name="edit"),
    path("jobs/alerts/<int:pk>/results/", views.alert_results, name="results"),
    path("jobs/alerts/<int:pk>/delete/", views.alert_delete, name="delete"),
    path("jobs/alerts/<int:pk>/pause/", views.alert_pause, name="pause"),
    path("jobs/alerts/<int:pk>/resume/", views.alert_resume, name="resume"),
]
