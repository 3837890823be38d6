from django.urls import path

from . import views

urlpatterns = [
    path("walks/", views.WalkListCreateView.as_view(), name="walk-list"),
    path("walks/sync/", views.WalkSyncView.as_view(), name="walk-sync"),
    path("walks/<uuid:pk>/", views.WalkDetailView.as_view(), name="walk-detail"),
    path("walks/<uuid:pk>/revisions/", views.WalkRevisionListView.as_view(), name="walk-revisions"),
]
