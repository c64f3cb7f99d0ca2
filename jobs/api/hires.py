"""/api/v1/ operations for hires made at an event or directly, and event attendance: the
same services as the pages (jobs/services/hires.py), refused alike."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from jobs import selectors, services
from jobs.api.serializers import PlacementSerializer
from jobs.models import EventRegistration, JobPost, OfflineHire, RecruitmentEvent
from portal.accounts.permissions import IsBureau, IsHireRecorder, IsVeteran
from portal.api import ApiView, ListApiView, ScopedPrimaryKeyRelatedField, validated


class OfflineHireSerializer(serializers.ModelSerializer):
    post_title = serializers.CharField(source="post.title", read_only=True)
    enterprise_name = serializers.CharField(source="post.branch.enterprise.name", read_only=True)

    class Meta:
        model = OfflineHire
        fields = [
            "id", "post", "post_title", "enterprise_name", "channel", "event", "veteran",
            "invited_email", "started_on", "note", "status", "created_at", "decided_at",
            "placement",
        ]  # fmt: skip


class OfflineHireListApi(ListApiView):
    """Hires made at events or directly: the enterprise's on its posts, a bureau's in its
    region; a veteran's those waiting for their answer or answered."""

    permission_classes = [IsHireRecorder | IsVeteran]
    serializer_class = OfflineHireSerializer
    filterset_fields = ["status", "channel"]

    def get_queryset(self):
        return selectors.offline_hires_visible_to(self.request.user).order_by("-created_at", "-pk")


class OfflineHireRecordApi(ApiView):
    """Record a hire made at a recruitment event or directly. The veteran is found by
    ``resident_id`` (their profile) or invited at ``email``; it counts once they confirm."""

    permission_classes = [IsHireRecorder]

    class InputSerializer(serializers.Serializer):
        post = ScopedPrimaryKeyRelatedField(
            selector=selectors.posts_visible_to,
            queryset=JobPost.objects.all(),
            help_text="A published post of your enterprise (or, for a bureau, of its region).",
        )
        channel = serializers.ChoiceField(choices=OfflineHire.CHANNELS)
        event = ScopedPrimaryKeyRelatedField(
            selector=selectors.events_visible_to,
            queryset=RecruitmentEvent.objects.all(),
            required=False,
            allow_null=True,
            default=None,
        )
        resident_id = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=32
        )
        email = serializers.EmailField(required=False, allow_blank=True)
        started_on = serializers.DateField()
        note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)

    @extend_schema(request=InputSerializer, responses={201: OfflineHireSerializer})
    def post(self, request):
        data = validated(self.InputSerializer, request)
        hire = services.offline_hire_record(recorder=request.user, **data)
        return Response(OfflineHireSerializer(hire).data, status=status.HTTP_201_CREATED)


def _hire(request, pk) -> OfflineHire:
    return get_object_or_404(selectors.offline_hires_visible_to(request.user), pk=pk)


class OfflineHireConfirmApi(ApiView):
    """The veteran confirms the hire: it counts on the post, and the placement and its
    follow-ups are made."""

    permission_classes = [IsVeteran]

    @extend_schema(request=None, responses={201: PlacementSerializer})
    def post(self, request, pk):
        placement = services.offline_hire_confirm(hire=_hire(request, pk), user=request.user)
        return Response(PlacementSerializer(placement).data, status=status.HTTP_201_CREATED)


class OfflineHireDeclineApi(ApiView):
    permission_classes = [IsVeteran]

    @extend_schema(request=None, responses={200: OfflineHireSerializer})
    def post(self, request, pk):
        hire = services.offline_hire_decline(hire=_hire(request, pk), user=request.user)
        return Response(OfflineHireSerializer(hire).data)


class EventAttendanceApi(ApiView):
    """The bureau over the event's region records whether a registered veteran came."""

    permission_classes = [IsBureau]

    class InputSerializer(serializers.Serializer):
        attended = serializers.BooleanField(default=True)

    class OutputSerializer(serializers.ModelSerializer):
        class Meta:
            model = EventRegistration
            fields = ["id", "event", "veteran", "registered_at", "attended"]

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer})
    def post(self, request, pk):
        registrations = EventRegistration.objects.filter(
            event__in=selectors.events_visible_to(request.user)
        )
        registration = get_object_or_404(registrations, pk=pk)
        data = validated(self.InputSerializer, request)
        registration = services.event_attendance_record(
            registration=registration, recorder=request.user, **data
        )
        return Response(self.OutputSerializer(registration).data)
