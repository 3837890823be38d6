from django.urls import path

from .views import symptoms, triage, walks

urlpatterns = [
    path("walks/", walks.WalkListCreateView.as_view(), name="walk-list"),
    path("walks/sync/", walks.WalkSyncView.as_view(), name="walk-sync"),
    path("walks/<uuid:pk>/", walks.WalkDetailView.as_view(), name="walk-detail"),
    path("walks/<uuid:pk>/revisions/", walks.WalkRevisionListView.as_view(), name="walk-revisions"),
    path("symptoms/", symptoms.SymptomListView.as_view(), name="symptom-list"),
    path("symptoms/sync/", symptoms.SymptomSyncView.as_view(), name="symptom-sync"),
    path("symptoms/<uuid:pk>/", symptoms.SymptomDetailView.as_view(), name="symptom-detail"),
    path("symptoms/<uuid:pk>/revisions/", symptoms.SymptomRevisionListView.as_view(),
         name="symptom-revisions"),
    path("triage/", triage.TriageTableView.as_view(), name="triage-table"),
]
