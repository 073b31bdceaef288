from django.urls import path

from tremplin.plans import views

app_name = "plans"
urlpatterns = [
    path("plans/cases/<int:case_pk>/goals/add/", views.add_goal, name="add_goal"),
    path("plans/cases/<int:case_pk>/items/add/", views.add_item, name="add_item"),
    path("plans/goals/<int:pk>/edit/", views.edit_goal, name="edit_goal"),
    path("plans/goals/<int:pk>/status/", views.goal_status, name="goal_status"),
    path("plans/goals/<int:pk>/move/", views.move_goal, name="move_goal"),
    path("plans/goals/<int:pk>/delete/", views.delete_goal, name="delete_goal"),
    path("plans/items/<int:pk>/edit/", views.edit_item, name="edit_item"),
    path("plans/items/<int:pk>/status/", views.item_status, name="item_status"),
    path("plans/items/<int:pk>/delete/", views.delete_item, name="delete_item"),
]
