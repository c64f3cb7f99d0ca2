"""/api/v1/ operations of the bureaus (and the ministry's reads): post review, verification,
post reports, follow-ups and the audit trail of the jobs objects."""

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from jobs import selectors, services
from jobs.api.serializers import (
    ContactDetailsSerializer,
    FollowUpSerializer,
    PostDetailSerializer,
    PostReportSerializer,
    PostSerializer,
    VerificationSerializer,
)
from jobs.models import FollowUp, JobPost, Verification
from jobs.reviews import POST_REVIEW, REPORT_REVIEW
from portal.accounts.permissions import IsBureau, IsRegulator
from portal.api import ApiView, ListApiView, ScopedPrimaryKeyRelatedField, validated
from portal.review import bulk_decision_api, decision_api
from portal.text import limit_of

# --- post review ---------------------------------------------------------------------------


class PostReviewQueueApi(ListApiView):
    """Pending posts of the bureau's region, longest waiting first."""

    permission_classes = [IsBureau]

    class OutputSerializer(PostSerializer):
        waiting = serializers.DurationField(read_only=True)

        class Meta(PostSerializer.Meta):
            fields = [*PostSerializer.Meta.fields, "submitted_at", "waiting"]

    serializer_class = OutputSerializer

    def get_queryset(self):
        return selectors.post_review_queue(self.request.user)


def _post_answer(request, post: JobPost) -> Response:
    posts = selectors.posts_overseen_by(request.user).prefetch_related("required_skills")
    return Response(PostDetailSerializer(posts.get(pk=post.pk)).data)


def _post_decision(name: str, class_name: str):
    return decision_api(
        POST_REVIEW,
        name,
        class_name=class_name,
        selector=selectors.posts_overseen_by,
        answer=_post_answer,
        output=PostDetailSerializer,
        permissions=[IsRegulator],
    )


PostApproveApi = _post_decision("approve", "PostApproveApi")
PostRejectApi = _post_decision("reject", "PostRejectApi")


def _post_bulk_decision(name: str, class_name: str):
    return bulk_decision_api(
        POST_REVIEW,
        name,
        class_name=class_name,
        selector=selectors.posts_overseen_by,
        permissions=[IsBureau],
    )


PostBulkApproveApi = _post_bulk_decision("approve", "PostBulkApproveApi")
PostBulkRejectApi = _post_bulk_decision("reject", "PostBulkRejectApi")


# --- verifications ---------------------------------------------------------------------------


class VerificationListApi(ListApiView):
    permission_classes = [IsRegulator]
    serializer_class = VerificationSerializer
    filterset_fields = ["post", "method", "result"]

    def get_queryset(self):
        return selectors.verifications_visible_to(self.request.user)


class VerificationCreateApi(ApiView):
    """Record a check that a published post of the bureau's region is real."""

    permission_classes = [IsBureau]

    class InputSerializer(serializers.Serializer):
        post = ScopedPrimaryKeyRelatedField(
            selector=selectors.posts_overseen_by, queryset=JobPost.objects.all()
        )
        method = serializers.ChoiceField(choices=Verification.Method.choices)
        result = serializers.ChoiceField(choices=Verification.Result.choices)
        note = serializers.CharField(
            max_length=limit_of(Verification, "note"), required=False, allow_blank=True, default=""
        )
        verified_on = serializers.DateField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses={201: VerificationSerializer})
    def post(self, request):
        data = validated(self.InputSerializer, request)
        verification = services.verification_record(bureau_user=request.user, **data)
        return Response(VerificationSerializer(verification).data, status=status.HTTP_201_CREATED)


class VerificationEvidenceAttachApi(ApiView):
    """Attach evidence files (multipart/form-data, field ``files``, repeated: photos in JPEG
    or PNG or PDF files, checked by content) to a verification of the bureau's region."""

    permission_classes = [IsBureau]
    parser_classes = [MultiPartParser]

    class InputSerializer(serializers.Serializer):
        files = serializers.ListField(child=serializers.FileField(), allow_empty=False)

    @extend_schema(request=InputSerializer, responses={201: VerificationSerializer})
    def post(self, request, pk):
        verification = get_object_or_404(selectors.verifications_visible_to(request.user), pk=pk)
        data = validated(self.InputSerializer, request)
        services.verification_evidence_attach(
            verification=verification, bureau_user=request.user, files=data["files"]
        )
        verification = selectors.verifications_visible_to(request.user).get(pk=pk)
        return Response(VerificationSerializer(verification).data, status=status.HTTP_201_CREATED)


class VerificationEvidenceFileApi(ApiView):
    """One evidence file's bytes, to the regulators over its post only (404 otherwise)."""

    permission_classes = [IsRegulator]

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The file; its kind is the evidence's `kind`."
            )
        }
    )
    def get(self, request, pk):
        evidence = get_object_or_404(
            selectors.verification_evidence_visible_to(request.user), pk=pk
        )
        handle = services.verification_evidence_open(evidence=evidence, actor=request.user)
        return FileResponse(
            handle,
            as_attachment=True,
            filename=evidence.original_name,
            content_type="application/octet-stream",
        )


# --- post reports ----------------------------------------------------------------------------


class ReportQueueApi(ListApiView):
    """Open reports on posts of the bureau's region, oldest first."""

    permission_classes = [IsBureau]
    serializer_class = PostReportSerializer

    def get_queryset(self):
        return selectors.post_reports_queue(self.request.user)


def _report_decision(name: str, class_name: str):
    """Confirming takes the post down and tells its open applicants; dismissing tells the
    veteran who reported it."""
    return decision_api(
        REPORT_REVIEW,
        name,
        class_name=class_name,
        selector=selectors.post_reports_visible_to,
        answer=lambda request, report: Response(PostReportSerializer(report).data),
        output=PostReportSerializer,
        permissions=[IsRegulator],
    )


ReportConfirmApi = _report_decision("confirm", "ReportConfirmApi")
ReportDismissApi = _report_decision("dismiss", "ReportDismissApi")


# --- follow-ups ------------------------------------------------------------------------------


class FollowUpDueListApi(ListApiView):
    """Follow-ups waiting for the bureau to record an outcome, earliest due first."""

    permission_classes = [IsBureau]

    class OutputSerializer(FollowUpSerializer):
        veteran_name = serializers.CharField(source="placement.veteran.full_name")
        veteran_phone = serializers.CharField(
            source="placement.veteran.masked_phone", help_text="Masked: 138****1234."
        )
        post_title = serializers.CharField(source="placement.post.title")
        enterprise_name = serializers.CharField(source="placement.post.branch.enterprise.name")
        started_on = serializers.DateField(source="placement.started_on")

        class Meta(FollowUpSerializer.Meta):
            fields = [
                *FollowUpSerializer.Meta.fields, "veteran_name", "veteran_phone", "post_title",
                "enterprise_name", "started_on",
            ]  # fmt: skip

    serializer_class = OutputSerializer

    def get_queryset(self):
        return selectors.follow_ups_due_for(self.request.user)


class FollowUpContactApi(ApiView):
    """The placed veteran's mobile number (from the profile) and e-mail address, for the
    bureau recording the follow-up; each answer is recorded as an audit event."""

    permission_classes = [IsBureau]

    @extend_schema(request=None, responses={200: ContactDetailsSerializer})
    def get(self, request, pk):
        follow_up = get_object_or_404(selectors.follow_ups_visible_to(request.user), pk=pk)
        contact = services.follow_up_contact_reveal(follow_up=follow_up, actor=request.user)
        return Response(ContactDetailsSerializer(contact).data)


class FollowUpRecordApi(ApiView):
    permission_classes = [IsBureau]

    class InputSerializer(serializers.Serializer):
        outcome = serializers.ChoiceField(choices=FollowUp.Outcome.choices)
        left_reason = serializers.CharField(
            max_length=limit_of(FollowUp, "left_reason"),
            required=False,
            allow_blank=True,
            default="",
            help_text="Required when the veteran left the post.",
        )
        note = serializers.CharField(
            max_length=limit_of(FollowUp, "note"), required=False, allow_blank=True, default=""
        )

    @extend_schema(request=InputSerializer, responses={200: FollowUpSerializer})
    def post(self, request, pk):
        follow_up = get_object_or_404(selectors.follow_ups_visible_to(request.user), pk=pk)
        data = validated(self.InputSerializer, request)
        follow_up = services.follow_up_record(follow_up=follow_up, recorder=request.user, **data)
        return Response(FollowUpSerializer(follow_up).data)
