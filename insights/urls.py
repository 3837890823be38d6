from django.urls import path

from . import program_views, views

urlpatterns = [
    # Before accounts' URLs: this list adds the risk ordering to accounts' patient list.
    path("patients/", views.PatientListView.as_view(), name="patient-list"),
    path("patients/<uuid:pk>/summary/", views.PatientSummaryView.as_view(), name="patient-summary"),
    path("patients/<uuid:pk>/trends/", views.PatientTrendsView.as_view(), name="patient-trends"),
    # The coordinator's cohort table (issue 12); "cohort" is no program id, so no clash.
    path("programs/cohort/", views.ProgramCohortView.as_view(), name="program-cohort"),
    # Progress against the MCIDs: progress tests, walks and questionnaires (issue 12).
    path("programs/<uuid:pk>/progress/", program_views.ProgramProgressView.as_view(),
         name="program-progress"),
]
