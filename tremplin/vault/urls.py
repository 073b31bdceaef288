from django.urls import path

from tremplin.vault import views

app_name = "vault"
urlpatterns = [
    path("documents/", views.my_documents, name="list"),
    path("documents/shared/", views.shared_with_me, name="shared"),
    path("documents/link/<str:token>/", views.link_download, name="link"),
    path("documents/<int:pk>/", views.detail, name="detail"),
    path("documents/<int:pk>/access-log/", views.access_log, name="access_log"),
    path("documents/<int:pk>/versions/", views.new_version, name="new_version"),
    path("documents/<int:pk>/versions/<int:number>/download/", views.download, name="download"),
    path("documents/<int:pk>/versions/<int:number>/restore/", views.restore, name="restore"),
    path("documents/<int:pk>/rename/", views.rename, name="rename"),
    path("documents/<int:pk>/delete/", views.delete, name="delete"),
    path("documents/<int:pk>/shares/", views.share, name="share"),
    path("documents/<int:pk>/links/", views.create_link, name="create_link"),
    path("documents/<int:pk>/shares/<int:share_id>/revoke/", views.revoke, name="revoke"),
    path("documents/<int:pk>/comments/", views.add_comment, name="comment"),
]
