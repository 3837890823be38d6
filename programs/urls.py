from django.urls import include, path

from . import views

urlpatterns = [
    path("patients/<uuid:patient_pk>/programs/", views.ExerciseProgramListView.as_view(),
         name="programs-list"),
    path("patients/<uuid:patient_pk>/programs/<uuid:pk>/",
         views.ExerciseProgramDetailView.as_view(), name="programs-detail"),
    path("program-templates/", views.ProgramTemplateListView.as_view(),
         name="program-template-list"),
    path("program-templates/<uuid:pk>/", views.ProgramTemplateDetailView.as_view(),
         name="program-template-detail"),
    path("programs/<uuid:program_pk>/supervised-sessions/",
         views.SupervisedSessionListView.as_view(), name="supervised-session-list"),
    path("programs/<uuid:program_pk>/supervised-sessions/<uuid:pk>/",
         views.SupervisedSessionDetailView.as_view(), name="supervised-session-detail"),
    path("programs/<uuid:program_pk>/home-sessions/", views.HomeSessionListView.as_view(),
         name="home-session-list"),
    path("home-sessions/sync/", views.HomeSessionSyncView.as_view(), name="home-session-sync"),
    path("programs/<uuid:program_pk>/pauses/", views.ProgramPauseListView.as_view(),
         name="program-pause-list"),
    path("programs/<uuid:program_pk>/pauses/<uuid:pk>/", views.ProgramPauseDetailView.as_view(),
         name="program-pause-detail"),
    path("programs/<uuid:program_pk>/adherence/", views.ProgramAdherenceView.as_view(),
         name="program-adherence"),
    # Progress tests, progress verdicts and the exercise library (issue 12, outcomes).
    path("", include("programs.outcome_urls")),
]
