"""Messages over the API: the phone's sync (resend-safe, with red flags answered at once), the
care team's answers, the conversation list, read marks and photos behind signed links. Every
route resolves the patient through ``patients_visible_to`` (404 outside), and every read of a
patient's messages by staff leaves an audit row."""

from datetime import timedelta

from django.http import FileResponse
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsCarer, IsPatient
from audit.services import audit_event_record
from core.pagination import NewestFirstPagination
from core.sync_api import sync_results

from .models import Message
from .photos import (
    LINK_MAX_AGE_S,
    MAX_PHOTO_BYTES,
    PhotoRefused,
    photo_clean,
    photo_link_read,
    photo_link_token,
)
from .red_flag_phrases import text_red_flags
from .selectors import messages_visible_to, patient_visible_to
from .serializers import (
    MessageAnswerSerializer,
    MessageInputSerializer,
    MessageReadResultSerializer,
    MessageReadSerializer,
    MessageSerializer,
    MessageSyncRequestSerializer,
    MessageSyncResponseSerializer,
    PhotoLinkSerializer,
    PhotoUploadSerializer,
)
from .services import message_answer_create, message_photo_attach, messages_mark_read, messages_sync

BAD_INPUT = OpenApiResponse(description="Invalid input; the body names each field and its rule.")
NOT_ALLOWED = OpenApiResponse(description="The caller's role may not do this.")
NOT_FOUND = OpenApiResponse(description="No such record among those the caller may see.")


def _red_flag_of(raw_item, validated) -> dict:
    """The red-flag answer of a message's text, even when another field is wrong: a patient
    who writes "I can't pee" is told what to do whatever else the phone got wrong."""
    if validated is not None:
        text = validated["text"]
    else:
        text = raw_item.get("text") if isinstance(raw_item, dict) else None
    found = text_red_flags(text) if isinstance(text, str) else None
    return {"red_flag": found.as_json() if found else None}


class MessageSyncView(APIView):
    """Store the patient's messages from the phone: one result per item, resend-safe like walks.
    A message naming a red flag answers, in its result, the instruction the red-flag report
    would give and the report to file."""

    permission_classes = [IsAuthenticated, IsPatient]

    @extend_schema(request=MessageSyncRequestSerializer,
                   responses={200: MessageSyncResponseSerializer, 400: BAD_INPUT,
                              403: NOT_ALLOWED})
    def post(self, request):
        envelope = MessageSyncRequestSerializer(data=request.data)
        envelope.is_valid(raise_exception=True)
        results = sync_results(
            items=envelope.validated_data["messages"],
            validator=MessageInputSerializer(),
            store=lambda items: messages_sync(patient=request.user, messages=items),
            annotate=_red_flag_of,
        )
        return Response({"results": results})


@extend_schema_view(
    get=extend_schema(responses={200: MessageSerializer(many=True), 404: NOT_FOUND}),
    post=extend_schema(request=MessageAnswerSerializer,
                       responses={201: MessageSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED,
                                  404: NOT_FOUND}),
)
class PatientMessageListView(generics.ListCreateAPIView):
    """A patient's conversation with their care team, newest first (cursor pages); a clinician
    or coordinator of the care team answers in it."""

    serializer_class = MessageSerializer
    pagination_class = NewestFirstPagination

    def get_permissions(self):
        return [IsCarer()] if self.request.method == "POST" else [IsAuthenticated()]

    def get_patient(self):
        if not hasattr(self, "_patient"):
            self._patient = patient_visible_to(user=self.request.user,
                                               patient_pk=self.kwargs["patient_pk"])
        return self._patient

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Message.objects.none()
        return messages_visible_to(user=self.request.user).filter(patient=self.get_patient())

    def list(self, request, *args, **kwargs):
        patient = self.get_patient()
        page = self.paginate_queryset(self.get_queryset())
        audit_event_record(actor=request.user, patient_ids=[patient.pk], action="message.list")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def create(self, request, *args, **kwargs):
        patient = self.get_patient()
        answer = MessageAnswerSerializer(data=request.data)
        answer.is_valid(raise_exception=True)
        message = message_answer_create(patient=patient, author=request.user,
                                        text=answer.validated_data["text"])
        return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)


class MessageReadView(APIView):
    """Mark messages of the other side as read by the caller's side (the patient, or the care
    team). Ids the caller may not see are ignored, so the answer reveals nothing about them."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=MessageReadSerializer,
                   responses={200: MessageReadResultSerializer, 400: BAD_INPUT})
    def post(self, request):
        body = MessageReadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        messages = messages_visible_to(user=request.user).filter(id__in=body.validated_data["ids"])
        patient_ids = set(messages.values_list("patient_id", flat=True))
        marked = messages_mark_read(reader=request.user, messages=messages)
        audit_event_record(actor=request.user, patient_ids=patient_ids, action="message.mark_read")
        return Response({"marked": marked})


def _visible_message(request, pk) -> Message:
    message = messages_visible_to(user=request.user).filter(pk=pk).first()
    if message is None:
        raise NotFound("No such message among those you may see.")
    return message


# Room for the multipart envelope (boundaries, headers) around a photo of the largest size.
MULTIPART_ALLOWANCE_BYTES = 64 * 1024


def _declared_length(request) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


class MessagePhotoView(APIView):
    """A message's photo: its author attaches it once (multipart ``photo``); whoever may read
    the message gets a short-lived link to it, good for them only."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]

    @extend_schema(responses={200: PhotoLinkSerializer, 404: NOT_FOUND})
    def get(self, request, pk):
        message = _visible_message(request, pk)
        if not message.photo:
            raise NotFound("This message has no photo.")
        token = photo_link_token(message_id=message.pk, user_id=request.user.pk)
        audit_event_record(actor=request.user, patient_ids=[message.patient_id],
                           action="message.photo_link", target=message)
        return Response({
            "url": reverse("message-photo-download", kwargs={"token": token}),
            "expires_at": timezone.now() + timedelta(seconds=LINK_MAX_AGE_S),
        })

    @extend_schema(request={"multipart/form-data": PhotoUploadSerializer},
                   responses={201: MessageSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED,
                              404: NOT_FOUND})
    def post(self, request, pk):
        message = _visible_message(request, pk)
        if message.author_id != request.user.pk:
            raise PermissionDenied("Only the message's author can attach its photo.")
        if _declared_length(request) > MAX_PHOTO_BYTES + MULTIPART_ALLOWANCE_BYTES:
            # Refused before the body is read and spooled to disk.
            raise ValidationError({"photo": ["The photo is larger than 10 MB."]})
        body = PhotoUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            photo = photo_clean(body.validated_data["photo"])
            message = message_photo_attach(message=message, photo=photo)
        except (PhotoRefused, ValueError) as exc:
            raise ValidationError({"photo": [str(exc)]}) from exc
        return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)


class MessagePhotoDownloadView(APIView):
    """The photo behind a signed link: only for the user it was issued to, only while it is
    valid, and only while they may still see the message. Never cached."""

    permission_classes = [IsAuthenticated]

    def perform_content_negotiation(self, request, force=False):
        # The photo itself is a file response whatever the client accepts; anything else (an
        # error) is JSON, also when the client asked only for images.
        return JSONRenderer(), JSONRenderer.media_type

    @extend_schema(responses={(200, "image/jpeg"): OpenApiTypes.BINARY,
                              (200, "image/png"): OpenApiTypes.BINARY, 404: NOT_FOUND})
    def get(self, request, token):
        claim = photo_link_read(token)
        if claim is None or claim.get("user") != str(request.user.pk):
            raise NotFound("This link is not valid, or no longer.")
        message = _visible_message(request, claim.get("message"))
        if not message.photo:
            raise NotFound("This message has no photo.")
        audit_event_record(actor=request.user, patient_ids=[message.patient_id],
                           action="message.photo_read", target=message)
        response = FileResponse(message.photo.open("rb"), content_type=message.photo_content_type)
        response["Cache-Control"] = "private, no-store"
        response["Content-Disposition"] = "inline"
        response["X-Content-Type-Options"] = "nosniff"
        return response
