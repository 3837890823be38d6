from django.urls import path

from . import views

urlpatterns = [
    path("auth/login/", views.LoginView.as_view(), name="auth-login"),
    path("auth/logout/", views.LogoutView.as_view(), name="auth-logout"),
    path("auth/logout-all/", views.LogoutAllView.as_view(), name="auth-logout-all"),
    path("auth/me/", views.MeView.as_view(), name="auth-me"),
    # patients/ (list and enrol) is served by insights, which adds the risk ordering.
    path("patients/<uuid:pk>/", views.PatientDetailView.as_view(), name="patient-detail"),
]
