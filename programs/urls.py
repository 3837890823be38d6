from django.urls import include, path

from . import views

urlpatterns = [
    path("patients/<uuid:patient_pk>/programs/", views.ExerciseProgramListView.as_view(),
         name="programs-list"),
    path("patients/<uuid:patient_pk>/programs/<uuid:pk>/",
         views.ExerciseProgramDetailView.as_view(), name="programs-detail"),
    # Progress tests, progress verdicts and the exercise library (issue 12, outcomes).
    path("", include("programs.outcome_urls")),
]
