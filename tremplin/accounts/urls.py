from django.urls import path

from tremplin.accounts import views

app_name = "accounts"
urlpatterns = [
    path("security/", views.security, name="security"),
    path("security/tokens/", views.tokens, name="tokens"),
    path("security/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("security/not-me/<str:token>/", views.not_me, name="not_me"),
]
