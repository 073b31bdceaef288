from django.urls import path

from tremplin.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("outcomes/surveys/", views.mine, name="mine"),
    path("outcomes/surveys/thanks/", views.thanks, name="thanks"),
    path("outcomes/surveys/<int:pk>/", views.answer, name="answer"),
    path("outcomes/s/<str:signed>/", views.link, name="link"),
    path("counselling/cases/<int:pk>/surveys/send/", views.send, name="send"),
    path("counselling/agencies/<slug:slug>/report/", views.report, name="report"),
    path("counselling/agencies/<slug:slug>/report/csv/", views.report_csv, name="report_csv"),
]
