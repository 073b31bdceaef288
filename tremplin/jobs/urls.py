from django.urls import path

from tremplin.jobs import feeds, views

# Other jobs apps own jobs/alerts/, jobs/search/, jobs/imports/ and jobs/<pk>/forward/.
app_name = "jobs"
urlpatterns = [
    path("jobs/", views.posting_list, name="list"),
    path("jobs/new/", views.posting_create, name="create"),
    path("jobs/mine/", views.my_postings, name="mine"),
    path("jobs/review/", views.review_queue, name="review"),
    path("jobs/reports/", views.reports_queue, name="reports"),
    path("jobs/feed.atom", feeds.atom, name="atom"),
    path("jobs/sitemap.xml", feeds.sitemap, name="sitemap"),
    path("jobs/<int:pk>/", views.posting_detail, name="posting"),
    path("jobs/<int:pk>/edit/", views.posting_edit, name="edit"),
    path("jobs/<int:pk>/publish/", views.posting_publish, name="publish"),
    path("jobs/<int:pk>/close/", views.posting_close, name="close"),
    path("jobs/<int:pk>/reopen/", views.posting_reopen, name="reopen"),
    path("jobs/<int:pk>/approve/", views.posting_review, {"decision": "approve"}, name="approve"),
    path("jobs/<int:pk>/reject/", views.posting_review, {"decision": "reject"}, name="reject"),
    path("jobs/<int:pk>/remove/", views.posting_remove, name="remove"),
    path("jobs/<int:pk>/dismiss-reports/", views.posting_dismiss, name="dismiss"),
    path("jobs/<int:pk>/report/", views.posting_report, name="report"),
]
