"""API views of the walk log: list, create, sync, correct, delete and revision history."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import SAFE_METHODS, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsPatient
from accounts.services import access_log_record

from .filters import WalkFilter
from .models import RecordRevision
from .pagination import WalkCursorPagination
from .selectors import walk_revisions, walks_visible_to
from .serializers import (
    RecordRevisionSerializer,
    WalkInputSerializer,
    WalkSerializer,
    WalkSyncResponseSerializer,
)
from .services import (
    WalkConflict,
    walk_content,
    walk_create,
    walk_delete,
    walk_update,
    walks_sync,
)
from .sync_api import CONFLICT_ERRORS, batch_field, sync_results


class WalkSyncRequestSerializer(serializers.Serializer):
    walks = batch_field(WalkInputSerializer, "Up to 1,000 walks, each validated on its own.")


class WalkListCreateView(generics.ListCreateAPIView):
    """Walks you may see, newest first; a patient posts one walk here."""

    serializer_class = WalkSerializer
    filterset_class = WalkFilter
    pagination_class = WalkCursorPagination

    def get_queryset(self):
        return walks_visible_to(user=self.request.user)

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsAuthenticated(), IsPatient()]
        return super().get_permissions()

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        access_log_record(
            actor=request.user, patient_ids=[walk.patient_id for walk in page], action="walk.list"
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=WalkInputSerializer,
        responses={
            201: WalkSerializer,
            200: OpenApiResponse(WalkSerializer, description="The same walk was already stored."),
            409: OpenApiResponse(description="The id is taken by a walk with other content."),
        },
    )
    def post(self, request, *args, **kwargs):
        serializer = WalkInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            walk, created = walk_create(patient=request.user, data=serializer.validated_data)
        except WalkConflict:
            return Response(CONFLICT_ERRORS, status=status.HTTP_409_CONFLICT)
        return Response(
            WalkSerializer(walk).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class WalkSyncView(APIView):
    """Store up to 1,000 walks from a phone's offline queue; each item gets its own status."""

    permission_classes = [IsAuthenticated, IsPatient]

    @extend_schema(request=WalkSyncRequestSerializer, responses={200: WalkSyncResponseSerializer})
    def post(self, request):
        envelope = WalkSyncRequestSerializer(data=request.data)
        envelope.is_valid(raise_exception=True)
        results = sync_results(
            items=envelope.validated_data["walks"],
            validator=WalkInputSerializer(),
            store=lambda walks: walks_sync(patient=request.user, walks=walks),
        )
        return Response({"results": results})


class WalkDetailView(generics.RetrieveUpdateDestroyAPIView):
    """One walk. Its patient may correct (PUT/PATCH) or delete it; earlier versions are kept."""

    serializer_class = WalkSerializer

    def get_queryset(self):
        return walks_visible_to(user=self.request.user)

    def get_object(self):
        walk = super().get_object()
        if self.request.method not in SAFE_METHODS and walk.patient_id != self.request.user.pk:
            raise PermissionDenied("Only the patient can correct or delete their walks.")
        return walk

    def retrieve(self, request, *args, **kwargs):
        walk = self.get_object()
        access_log_record(actor=request.user, patient_ids=[walk.patient_id], action="walk.read")
        return Response(WalkSerializer(walk).data)

    @extend_schema(request=WalkInputSerializer, responses={200: WalkSerializer})
    def update(self, request, *args, **kwargs):
        walk = self.get_object()
        if not isinstance(request.data, dict):
            raise ValidationError({"non_field_errors": ["Send a JSON object."]})
        body = dict(request.data)
        if "id" in body and str(body["id"]) != str(walk.pk):
            raise ValidationError({"id": ["Must match the walk in the URL; an id cannot change."]})
        # PATCH fills the missing fields from the stored walk, then the whole walk is re-checked.
        merged = {**walk_content(walk), **body} if kwargs.get("partial") else body
        merged["id"] = str(walk.pk)
        serializer = WalkInputSerializer(data=merged)
        serializer.is_valid(raise_exception=True)
        walk = walk_update(walk=walk, changed_by=request.user, data=serializer.validated_data)
        return Response(WalkSerializer(walk).data)

    def destroy(self, request, *args, **kwargs):
        walk_delete(walk=self.get_object(), changed_by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WalkRevisionListView(generics.ListAPIView):
    """Earlier versions of a walk, oldest first, with who changed it and when."""

    serializer_class = RecordRevisionSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no walk
            return RecordRevision.objects.none()
        walk = generics.get_object_or_404(walks_visible_to(user=self.request.user), pk=self.kwargs["pk"])
        access_log_record(actor=self.request.user, patient_ids=[walk.patient_id], action="walk.revisions")
        return walk_revisions(walk=walk)
