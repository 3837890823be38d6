"""API views of the walk log: list, create, sync, correct, delete and revision history."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsPatient
from core.pagination import newest_first
from core.sync_api import CONFLICT_ERRORS, batch_field, sync_results
from core.views import AccessLoggedListMixin, OwnRecordDetailView, RevisionListView

from ..filters import WalkFilter
from ..selectors import walks_visible_to
from ..serializers.walks import WalkInputSerializer, WalkSerializer, WalkSyncResponseSerializer
from ..services.walks import WalkConflict, walk_create, walk_delete, walk_update, walks_sync


class WalkSyncRequestSerializer(serializers.Serializer):
    walks = batch_field(WalkInputSerializer, "Up to 1,000 walks, each validated on its own.")


class WalkListCreateView(AccessLoggedListMixin, generics.ListCreateAPIView):
    """Walks you may see, newest first; a patient posts one walk here."""

    list_action = "walk.list"
    serializer_class = WalkSerializer
    filterset_class = WalkFilter
    pagination_class = newest_first("started_at")

    def get_queryset(self):
        return walks_visible_to(user=self.request.user)

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsAuthenticated(), IsPatient()]
        return super().get_permissions()


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
            WalkSerializer(walk).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
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


class WalkDetailView(OwnRecordDetailView):
    """One walk. Its patient may correct (PUT/PATCH) or delete it; earlier versions are kept."""

    serializer_class = WalkSerializer
    input_serializer_class = WalkInputSerializer
    owner_only_message = "Only the patient can correct or delete their walks."
    read_action = "walk.read"

    def get_queryset(self):
        return walks_visible_to(user=self.request.user)

    def record_save(self, *, record, changed_by, data):
        return walk_update(walk=record, changed_by=changed_by, data=data)

    def record_remove(self, *, record, changed_by) -> None:
        walk_delete(walk=record, changed_by=changed_by)

    @extend_schema(request=WalkInputSerializer, responses={200: WalkSerializer})
    def put(self, request, *args, **kwargs):
        return super().put(request, *args, **kwargs)

    @extend_schema(request=WalkInputSerializer, responses={200: WalkSerializer})
    def patch(self, request, *args, **kwargs):
        return super().patch(request, *args, **kwargs)


class WalkRevisionListView(RevisionListView):
    """Earlier versions of a walk, oldest first, with who changed it and when."""

    read_action = "walk.revisions"

    def visible_records(self):
        return walks_visible_to(user=self.request.user)
