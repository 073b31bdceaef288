from django.urls import path

from tremplin.casework import views

app_name = "casework"
urlpatterns = [
    path("casework/cases/<int:pk>/record/", views.record, name="record"),
    path("casework/cases/<int:pk>/tags/", views.new_tag, name="new_tag"),
    path("casework/cases/<int:pk>/notes/", views.add_note, name="add_note"),
    path("casework/notes/<int:pk>/edit/", views.edit_note, name="edit_note"),
    path("casework/cases/<int:pk>/referrals/", views.add_referral, name="add_referral"),
    path("casework/referrals/<int:pk>/status/", views.referral_status, name="referral_status"),
    path("casework/follow-ups/<int:pk>/", views.record_follow_up, name="record_follow_up"),
    path("counselling/agencies/<slug:slug>/follow-ups/", views.schedule, name="schedule"),
]
