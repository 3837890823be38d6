from django.urls import path

from . import symptom_views, views

urlpatterns = [
    path("walks/", views.WalkListCreateView.as_view(), name="walk-list"),
    path("walks/sync/", views.WalkSyncView.as_view(), name="walk-sync"),
    path("walks/<uuid:pk>/", views.WalkDetailView.as_view(), name="walk-detail"),
    path("walks/<uuid:pk>/revisions/", views.WalkRevisionListView.as_view(), name="walk-revisions"),
]

urlpatterns += [
    path("symptoms/", symptom_views.SymptomListView.as_view(), name="symptom-list"),
    path("symptoms/sync/", symptom_views.SymptomSyncView.as_view(), name="symptom-sync"),
    path("symptoms/<uuid:pk>/", symptom_views.SymptomDetailView.as_view(), name="symptom-detail"),
    path("symptoms/<uuid:pk>/revisions/", symptom_views.SymptomRevisionListView.as_view(),
         name="symptom-revisions"),
]
