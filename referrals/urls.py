"""Routes of referrals (issue 13)."""

from django.urls import path

from . import views

urlpatterns = [
    path("patients/<uuid:patient_pk>/referrals/", views.PatientReferralListView.as_view(),
         name="patient-referral-list"),
    path("patients/<uuid:patient_pk>/referrals/check/", views.ReferralCheckView.as_view(),
         name="patient-referral-check"),
    path("referrals/", views.ReferralListView.as_view(), name="referral-list"),
    path("referrals/<uuid:pk>/", views.ReferralDetailView.as_view(), name="referral-detail"),
    path("referrals/<uuid:pk>/sign/", views.ReferralSignView.as_view(), name="referral-sign"),
    path("referrals/<uuid:pk>/decline/", views.ReferralDeclineView.as_view(),
         name="referral-decline"),
    path("referrals/<uuid:pk>/complete/", views.ReferralCompleteView.as_view(),
         name="referral-complete"),
]
