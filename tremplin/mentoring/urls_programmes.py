"""Programme pages (members and coordinators)."""

from django.urls import path

from tremplin.mentoring.views import coordination, programme_edit, programmes

urlpatterns = [
    path("mentoring/programmes/", programmes.programme_list, name="programmes"),
    path("mentoring/programmes/new/", programmes.programme_new, name="programme_new"),
    path(
        "mentoring/programmes/new/community/<slug:slug>/",
        programme_edit.programme_new_community,
        name="programme_new_community",
    ),
    path("mentoring/programmes/<int:pk>/", programmes.programme_page, name="programme"),
    path(
        "mentoring/programmes/<int:pk>/edit/", programme_edit.programme_edit, name="programme_edit"
    ),
    path(
        "mentoring/programmes/<int:pk>/coordinators/",
        programme_edit.coordinator_add,
        name="programme_coordinator_add",
    ),
    path(
        "mentoring/programmes/<int:pk>/coordinators/<int:user_id>/remove/",
        programme_edit.coordinator_remove,
        name="programme_coordinator_remove",
    ),
    path("mentoring/programmes/<int:pk>/join/<str:side>/", programmes.join, name="programme_join"),
    path("mentoring/programmes/<int:pk>/mentors/", programmes.mentors, name="programme_mentors"),
    path("mentoring/enrolments/<int:pk>/leave/", programmes.leave, name="enrolment_leave"),
    path("mentoring/mentor-profile/", programmes.mentor_profile, name="mentor_profile"),
    path("mentoring/programmes/<int:pk>/coordinate/", coordination.dashboard, name="coordinate"),
    path("mentoring/programmes/<int:pk>/state/", coordination.move, name="programme_move"),
    path("mentoring/programmes/<int:pk>/cohort/", coordination.cohort, name="programme_cohort"),
    path(
        "mentoring/programmes/<int:pk>/suggest/<int:mentee>/",
        coordination.suggest,
        name="programme_suggest",
    ),
    path(
        "mentoring/programmes/<int:pk>/report.csv",
        coordination.report_csv,
        name="programme_report_csv",
    ),
]
