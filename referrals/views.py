"""API of referrals: lists per patient and for the clinic, a drafting check, and a clinician's
sign, decline and complete. Outside the care team everything is 404; each read is audited."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response

from accounts.permissions import IsCarer, IsClinician
from accounts.selectors import patients_visible_to
from audit.services import audit_event_record

from .models import OPEN_STATUSES, Referral
from .selectors import referrals_visible_to
from .serializers import (
    ReferralCheckResultSerializer,
    ReferralDeclineSerializer,
    ReferralFilterSerializer,
    ReferralSerializer,
)
from .services import referral_complete, referral_decline, referral_drafts_check, referral_sign


class _ReferralQuerysetMixin:
    serializer_class = ReferralSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Referral.objects.none()
        return referrals_visible_to(user=self.request.user)

    def get_referral(self) -> Referral:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])


def _statuses_filtered(queryset, request):
    filters = ReferralFilterSerializer(data=request.query_params)
    filters.is_valid(raise_exception=True)
    statuses = filters.validated_data.get("status")
    return queryset.filter(status__in=statuses) if statuses else queryset


STATUS_PARAMETER = OpenApiParameter("status", str, many=True,
                                    enum=[s for s, _ in Referral._meta.get_field("status").choices],
                                    description="Only referrals in these statuses.")


@extend_schema(parameters=[STATUS_PARAMETER])
class ReferralListView(_ReferralQuerysetMixin, generics.ListAPIView):
    """The clinic's referrals (a carer's care teams), newest first; a patient's own orders."""

    def get_queryset(self):
        return _statuses_filtered(super().get_queryset(), self.request)

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        patients = {row["patient"] for row in response.data.get("results", [])}
        audit_event_record(actor=request.user, action="referral.list", patient_ids=patients)
        return response


@extend_schema(parameters=[STATUS_PARAMETER])
class PatientReferralListView(_ReferralQuerysetMixin, generics.ListAPIView):
    """One patient's referrals, newest first, each with the criteria it was drafted on."""

    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Referral.objects.none()
        patient = get_object_or_404(patients_visible_to(user=self.request.user),
                                    pk=self.kwargs["patient_pk"])
        return _statuses_filtered(super().get_queryset().filter(patient=patient), self.request)

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        audit_event_record(actor=request.user, action="referral.list",
                           patient_ids=[self.kwargs["patient_pk"]])
        return response


class ReferralDetailView(_ReferralQuerysetMixin, generics.RetrieveAPIView):
    """One referral with its criteria, their sources and the signature."""

    def retrieve(self, request, *args, **kwargs):
        referral = self.get_referral()
        audit_event_record(actor=request.user, action="referral.read",
                           patient_ids=[referral.patient_id], target=referral)
        return Response(self.get_serializer(referral).data)


class ReferralCheckView(generics.GenericAPIView):
    """Check the patient's record against the published criteria and draft what they meet. It
    never orders: a draft waits for a clinician's signature. Running it again drafts nothing new."""

    permission_classes = [IsCarer]
    serializer_class = ReferralCheckResultSerializer

    @extend_schema(request=None, responses=ReferralCheckResultSerializer)
    def post(self, request, *args, **kwargs):
        patient = get_object_or_404(patients_visible_to(user=request.user),
                                    pk=kwargs["patient_pk"])
        drafted = referral_drafts_check(patient=patient)
        open_referrals = Referral.objects.filter(patient=patient, status__in=OPEN_STATUSES)
        audit_event_record(actor=request.user, action="referral.check", patient_ids=[patient.pk])
        return Response(self.get_serializer({"drafted": drafted, "open": open_referrals}).data)


class ReferralSignView(_ReferralQuerysetMixin, generics.GenericAPIView):
    """Sign a drafted referral (clinicians only): the server records who, when and the SHA-256 of
    the content, and sends the order to the clinic's ordering system."""

    permission_classes = [IsClinician]

    @extend_schema(request=None, responses=ReferralSerializer)
    def post(self, request, *args, **kwargs):
        referral = referral_sign(referral=self.get_referral(), clinician=request.user)
        audit_event_record(actor=request.user, action="referral.sign",
                           patient_ids=[referral.patient_id], target=referral)
        return Response(self.get_serializer(referral).data)


class ReferralDeclineView(_ReferralQuerysetMixin, generics.GenericAPIView):
    """Decline a drafted referral with a reason (clinicians only); it is kept."""

    permission_classes = [IsClinician]

    @extend_schema(request=ReferralDeclineSerializer, responses=ReferralSerializer)
    def post(self, request, *args, **kwargs):
        referral = self.get_referral()
        data = ReferralDeclineSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        referral = referral_decline(referral=referral, clinician=request.user,
                                    reason=data.validated_data["reason"])
        audit_event_record(actor=request.user, action="referral.decline",
                           patient_ids=[referral.patient_id], target=referral)
        return Response(self.get_serializer(referral).data)


class ReferralCompleteView(_ReferralQuerysetMixin, generics.GenericAPIView):
    """The ordered test or visit happened: close a signed or sent referral (the care team)."""

    permission_classes = [IsCarer]

    @extend_schema(request=None, responses=ReferralSerializer)
    def post(self, request, *args, **kwargs):
        referral = referral_complete(referral=self.get_referral(), carer=request.user)
        audit_event_record(actor=request.user, action="referral.complete",
                           patient_ids=[referral.patient_id], target=referral)
        return Response(self.get_serializer(referral).data)


