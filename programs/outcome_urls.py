"""Routes of progress tests and the exercise library (a program's progress against the MCIDs
reads walks and questionnaires too: insights/urls.py)."""

from django.urls import path

from . import outcome_views as views

urlpatterns = [
    path("patients/<uuid:patient_pk>/progress-tests/", views.ProgressTestListView.as_view(),
         name="progress-tests-list"),
    path("patients/<uuid:patient_pk>/progress-tests/<uuid:pk>/",
         views.ProgressTestDetailView.as_view(), name="progress-tests-detail"),
    path("exercises/", views.ExerciseListView.as_view(), name="exercise-list"),
    path("exercises/<slug:slug>/", views.ExerciseDetailView.as_view(), name="exercise-detail"),
]
