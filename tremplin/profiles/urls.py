from django.urls import path

from tremplin.profiles import views

app_name = "profiles"
urlpatterns = [
    path("people/", views.search, name="search"),
    path("people/picker/", views.picker, name="picker"),
    path("p/<slug:handle>/", views.detail, name="detail"),
    path("p/<slug:handle>/photo.jpg", views.photo, name="photo_file"),
    path("profile/", views.mine, name="mine"),
    path("profile/edit/", views.edit, name="edit"),
    path("profile/privacy/", views.privacy, name="privacy"),
    path("profile/photo/", views.photo_edit, name="photo"),
    path(
        "p/<slug:handle>/skills/<int:skill_id>/endorsement/",
        views.endorsement,
        name="endorsement",
    ),
    path("p/<slug:handle>/recommend/", views.recommend, name="recommend"),
    path("profile/recommendations/", views.recommendations, name="recommendations"),
    path(
        "profile/recommendations/<int:pk>/<slug:action>/",
        views.recommendation_decide,
        name="recommendation_decide",
    ),
]
for kind in views.ITEM_KINDS:
    urlpatterns += [
        path(f"profile/{kind}/add/", views.item_edit, {"kind": kind}, name=f"{kind}_add"),
        path(f"profile/{kind}/<int:pk>/", views.item_edit, {"kind": kind}, name=f"{kind}_edit"),
        path(
            f"profile/{kind}/<int:pk>/delete/",
            views.item_delete,
            {"kind": kind},
            name=f"{kind}_delete",
        ),
    ]
