"""API views for signing in and for patients."""

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, inline_serializer
from knox.models import AuthToken
from knox.views import LogoutAllView as KnoxLogoutAllView
from knox.views import LogoutView as KnoxLogoutView
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .authentication import StrictTokenAuthentication
from .permissions import IsClinician
from .selectors import care_teams_of, patients_visible_to
from .serializers import (
    LoginResponseSerializer,
    LoginSerializer,
    PatientEnrolSerializer,
    PatientSerializer,
    PatientThresholdSerializer,
)
from .services import patient_decline_threshold_set, patient_enroll
from .signals import patient_data_accessed
from .throttling import LoginAccountRateThrottle, LoginRateThrottle


class LoginView(APIView):
    """Exchange e-mail and password for a bearer token."""

    authentication_classes = []
    permission_classes = [AllowAny]
    # Per real client address, then per account; both counted in the shared cache.
    throttle_classes = [LoginRateThrottle, LoginAccountRateThrottle]
    throttle_scope = "login"

    @extend_schema(request=LoginSerializer, responses={200: LoginResponseSerializer})
    def post(self, request):
        serializer = LoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        email = serializer.validated_data["email"].strip().lower()
        # django-axes counts failures and refuses an account that must wait (accounts.backoff);
        # it needs Django's request.
        user = authenticate(
            request._request, email=email, password=serializer.validated_data["password"]
        )
        if getattr(request._request, "axes_locked_out", False):
            # AxesMiddleware replaces this with the back-off answer (accounts.lockout).
            return Response(status=status.HTTP_429_TOO_MANY_REQUESTS)
        if user is None:
            return Response(
                {"detail": "E-mail or password is wrong.", "code": "invalid_credentials"},
                status=status.HTTP_401_UNAUTHORIZED,
            )
        instance, token = AuthToken.objects.create(user)
        # Resets django-axes' failure count and records last_login, as a session login would.
        user_logged_in.send(sender=user.__class__, request=request._request, user=user)
        return Response(
            {
                "access": token,
                "token_type": "Bearer",
                "expires_at": instance.expiry,
                "user": {"id": str(user.pk), "email": user.email, "role": user.role},
            }
        )


class LogoutView(KnoxLogoutView):
    """Revoke the token this request was made with."""

    authentication_classes = [StrictTokenAuthentication]  # knox's own fails on a bad token

    @extend_schema(request=None, responses={204: None})
    def post(self, request, format=None):
        return super().post(request, format)


class LogoutAllView(KnoxLogoutAllView):
    """Revoke every token of the caller: sign out of all devices."""

    authentication_classes = [StrictTokenAuthentication]

    @extend_schema(request=None, responses={204: None})
    def post(self, request, format=None):
        return super().post(request, format)


class MeView(APIView):
    """Who the token belongs to."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=inline_serializer(
            "Me",
            {
                "id": serializers.UUIDField(),
                "email": serializers.EmailField(),
                "role": serializers.CharField(),
                "clinic": serializers.CharField(),
            },
        )
    )
    def get(self, request):
        user = request.user
        return Response(
            {"id": user.pk, "email": user.email, "role": user.role, "clinic": user.clinic.name}
        )


class PatientListCreateView(generics.ListCreateAPIView):
    """List the patients you may see; clinicians enrol new ones here.

    Served at ``patients/`` by ``insights.views.PatientListView``, which adds the risk ordering.
    """

    serializer_class = PatientSerializer

    def get_queryset(self):
        return (
            patients_visible_to(user=self.request.user)
            .select_related("patient_profile")
            .order_by("email")
        )

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsAuthenticated(), IsClinician()]
        return super().get_permissions()

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        patient_data_accessed.send(sender=type(self), actor=request.user,
                                   patient_ids=[p.pk for p in page], action="patient.list")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=PatientEnrolSerializer, responses={201: PatientSerializer})
    def post(self, request, *args, **kwargs):
        serializer = PatientEnrolSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        care_team = None
        if "care_team" in data:
            care_team = care_teams_of(user=request.user).filter(pk=data.pop("care_team")).first()
            if care_team is None:
                raise ValidationError({"care_team": ["Must be one of your care teams."]})
        try:
            patient = patient_enroll(clinician=request.user, care_team=care_team, **data)
        except DjangoValidationError as exc:
            raise ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            ) from exc
        if patient._state.adding:
            # An address that already has an account elsewhere: only an invitation was made (the
            # stand-in carries its id). The audit row names the invitation, not a patient.
            patient_data_accessed.send(
                sender=type(self), actor=request.user, patient_ids=None, action="patient.invite",
                object_type="accounts.clinicinvitation", object_id=str(patient.pk))
        else:
            patient_data_accessed.send(sender=type(self), actor=request.user,
                                       patient_ids=[patient.pk], action="patient.enrol",
                                       target=patient)
        return Response(PatientSerializer(patient).data, status=status.HTTP_201_CREATED)


class PatientDetailView(generics.RetrieveAPIView):
    """One patient you may see; anyone else's answers 404. Their clinician may set the patient's
    decline alert threshold with PATCH."""

    serializer_class = PatientSerializer

    def get_permissions(self):
        if self.request.method == "PATCH":
            return [IsAuthenticated(), IsClinician()]
        return super().get_permissions()

    @extend_schema(request=PatientThresholdSerializer, responses={200: PatientSerializer})
    def patch(self, request, *args, **kwargs):
        patient = self.get_object()
        serializer = PatientThresholdSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        patient_decline_threshold_set(
            patient=patient, threshold_pct=serializer.validated_data["decline_threshold_pct"])
        patient_data_accessed.send(sender=type(self), actor=request.user,
                                   patient_ids=[patient.pk], action="patient.update",
                                   target=patient)
        patient.refresh_from_db()
        return Response(self.get_serializer(patient).data)

    def get_queryset(self):
        return patients_visible_to(user=self.request.user).select_related("patient_profile")

    def retrieve(self, request, *args, **kwargs):
        patient = self.get_object()
        patient_data_accessed.send(sender=type(self), actor=request.user,
                                   patient_ids=[patient.pk], action="patient.read",
                                   target=patient)
        return Response(self.get_serializer(patient).data)
