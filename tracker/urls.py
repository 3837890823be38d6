from django.urls import path

from . import questionnaire_api, symptom_views, trends_views, views
from .clinic_views import CLINIC_RECORD_KINDS, PatientSummaryView, clinic_record_views

urlpatterns = [
    path("walks/", views.WalkListCreateView.as_view(), name="walk-list"),
    path("walks/sync/", views.WalkSyncView.as_view(), name="walk-sync"),
    path("walks/<uuid:pk>/", views.WalkDetailView.as_view(), name="walk-detail"),
    path("walks/<uuid:pk>/revisions/", views.WalkRevisionListView.as_view(), name="walk-revisions"),
]

urlpatterns += [
    path("patients/<uuid:pk>/summary/", PatientSummaryView.as_view(), name="patient-summary"),
    path("patients/<uuid:pk>/trends/", trends_views.PatientTrendsView.as_view(),
         name="patient-trends"),
    path("patients/<uuid:patient_pk>/programs/", trends_views.ExerciseProgramListView.as_view(),
         name="programs-list"),
    path("patients/<uuid:patient_pk>/programs/<uuid:pk>/",
         trends_views.ExerciseProgramDetailView.as_view(), name="programs-detail"),
    path("questionnaires/", questionnaire_api.QuestionnaireListView.as_view(),
         name="questionnaire-list"),
    path("questionnaires/sync/", questionnaire_api.QuestionnaireSyncView.as_view(),
         name="questionnaire-sync"),
    path("symptoms/", symptom_views.SymptomListView.as_view(), name="symptom-list"),
    path("symptoms/sync/", symptom_views.SymptomSyncView.as_view(), name="symptom-sync"),
    path("symptoms/<uuid:pk>/", symptom_views.SymptomDetailView.as_view(), name="symptom-detail"),
    path("symptoms/<uuid:pk>/revisions/", symptom_views.SymptomRevisionListView.as_view(),
         name="symptom-revisions"),
]

for _segment in CLINIC_RECORD_KINDS:
    _list, _detail = clinic_record_views(_segment)
    urlpatterns += [
        path(f"patients/<uuid:patient_pk>/{_segment}/", _list, name=f"{_segment}-list"),
        path(f"patients/<uuid:patient_pk>/{_segment}/<uuid:pk>/", _detail, name=f"{_segment}-detail"),
    ]
