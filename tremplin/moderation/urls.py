from django.urls import path

from tremplin.moderation import views

app_name = "moderation"
urlpatterns = [
    path("report/<slug:kind>/<int:pk>/", views.report, name="report"),
    path("reports/mine/", views.mine, name="mine"),
    path("moderation/", views.queue, name="queue"),
    path("moderation/log/", views.log, name="log"),
    path("moderation/suspensions/<int:pk>/lift/", views.lift, name="lift"),
    path("moderation/notices/<int:pk>/", views.notice, name="notice"),
    path("moderation/<slug:kind>/<int:pk>/", views.entry, name="entry"),
]
