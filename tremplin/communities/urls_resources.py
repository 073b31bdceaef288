"""URLs of the resources part (joined in urls.py). Every page lives under
/communities/resources/ so that no community slug can shadow it."""

from django.urls import path

from tremplin.communities.views import resource_actions as actions
from tremplin.communities.views import resources as views

P = "communities/resources/"

urlpatterns = [
    path(f"{P}saved/", views.saved, name="resources_saved"),
    path(f"{P}community/<slug:slug>/", views.community_library, name="resources_community"),
    path(f"{P}community/<slug:slug>/new/", views.add_to_community, name="resource_add_community"),
    path(f"{P}agency/<slug:slug>/", views.agency_library, name="resources_agency"),
    path(f"{P}agency/<slug:slug>/new/", views.add_to_agency, name="resource_add_agency"),
    path(f"{P}<int:pk>/", views.detail, name="resource"),
    path(f"{P}<int:pk>/edit/", views.edit, name="resource_edit"),
    path(f"{P}<int:pk>/download/", views.download, name="resource_download"),
    path(f"{P}<int:pk>/decide/", actions.decide, name="resource_decide"),
    path(f"{P}<int:pk>/feature/", actions.feature, name="resource_feature"),
    path(f"{P}<int:pk>/save/", actions.bookmark, name="resource_bookmark"),
    path(f"{P}<int:pk>/useful/", actions.useful, name="resource_useful"),
    path(f"{P}<int:pk>/withdraw/", actions.withdraw, name="resource_withdraw"),
    path(f"{P}<int:pk>/delete/", actions.delete, name="resource_delete"),
]
