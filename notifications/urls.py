from django.urls import path

from . import views

urlpatterns = [
    path("alerts/", views.AlertListView.as_view(), name="alert-list"),
    path("alerts/<uuid:pk>/", views.AlertDetailView.as_view(), name="alert-detail"),
    path("alerts/<uuid:pk>/acknowledge/", views.AlertAcknowledgeView.as_view(),
         name="alert-acknowledge"),
    path("alerts/<uuid:pk>/resolve/", views.AlertResolveView.as_view(), name="alert-resolve"),
    path("patients/<uuid:pk>/pattern/", views.PatientPatternView.as_view(),
         name="patient-pattern"),
    path("notification-preferences/", views.NotificationPreferenceView.as_view(),
         name="notification-preferences"),
    path("me/quiet-hours/", views.PatientQuietHoursView.as_view(), name="me-quiet-hours"),
]
