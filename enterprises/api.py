"""/api/v1/ operations on enterprises, their staff and branches, batches and agreements.

Every object is fetched through a scoped selector (outside the scope: 404) and every write
calls the service the web pages call; domain errors become 403/409 in portal.api.
"""

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from enterprises import selectors, services
from enterprises.models import Agreement, Branch, CooperationBatch, Enterprise, EnterpriseMember
from portal.accounts.api import (
    ApiView,
    ListApiView,
    ScopedPrimaryKeyRelatedField,
    audit_trail_view,
    validated,
)
from portal.accounts.permissions import IsEnterpriseStaff, IsMinistry, IsRegulator
from portal.reference.models import Industry, Region
from portal.text import NOTE_MAX, limit_of

# --- what the operations answer ------------------------------------------------------------


class EnterpriseSerializer(serializers.ModelSerializer):
    industry_name = serializers.CharField(source="industry.name", read_only=True)
    hq_region_name = serializers.CharField(source="hq_region.name", read_only=True)

    class Meta:
        model = Enterprise
        fields = [
            "id", "name", "credit_code", "ownership", "industry", "industry_name", "hq_region",
            "hq_region_name", "description", "website", "status", "decision_reason",
            "reviewed_at", "created_at",
        ]  # fmt: skip


class BranchSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Branch
        fields = [
            "id", "enterprise", "enterprise_name", "name", "region", "region_name", "address",
            "contact_name", "contact_phone", "status", "decision_reason", "reviewed_at",
            "created_at",
        ]  # fmt: skip


class BatchSerializer(serializers.ModelSerializer):
    class Meta:
        model = CooperationBatch
        fields = ["id", "number", "name", "published_on", "description"]


class AgreementSerializer(serializers.ModelSerializer):
    batch_name = serializers.CharField(source="batch.name", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    posted = serializers.IntegerField(read_only=True, help_text="Openings of counted posts.")
    filled = serializers.IntegerField(read_only=True, help_text="Hires on those posts.")

    class Meta:
        model = Agreement
        fields = [
            "id", "batch", "batch_name", "enterprise", "enterprise_name", "signatory_level",
            "region", "cooperation_mode", "pledged_posts", "posted", "filled", "starts_on",
            "ends_on", "signed_on", "status", "termination_reason", "created_at",
        ]  # fmt: skip


class ReviewNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=NOTE_MAX, required=False, allow_blank=True, default="")


class ReviewReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=NOTE_MAX, help_text="Why; the enterprise is told.")


def _my_enterprise(user) -> Enterprise:
    enterprise = selectors.enterprise_of(user)
    if enterprise is None:
        raise NotFound(_("You do not belong to an enterprise."))
    return enterprise


# --- enterprise staff ------------------------------------------------------------------------


class EnterpriseRegisterApi(ApiView):
    """Register the user's enterprise; the user becomes its administrator (status applied)."""

    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=128)
        credit_code = serializers.CharField(max_length=32)
        ownership = serializers.ChoiceField(choices=Enterprise.Ownership.choices)
        industry = serializers.PrimaryKeyRelatedField(queryset=Industry.objects.all())
        hq_region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all())
        description = serializers.CharField(
            max_length=limit_of(Enterprise, "description"),
            required=False,
            allow_blank=True,
            default="",
        )
        website = serializers.URLField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses={201: EnterpriseSerializer})
    def post(self, request):
        data = validated(self.InputSerializer, request)
        enterprise = services.enterprise_register(user=request.user, **data)
        return Response(EnterpriseSerializer(enterprise).data, status=status.HTTP_201_CREATED)


class MyEnterpriseApi(ApiView):
    permission_classes = [IsEnterpriseStaff]

    class OutputSerializer(EnterpriseSerializer):
        class MemberSerializer(serializers.ModelSerializer):
            username = serializers.CharField(source="user.username")
            email = serializers.EmailField(source="user.email")

            class Meta:
                model = EnterpriseMember
                fields = ["id", "username", "email", "role", "joined_at"]

        members = MemberSerializer(many=True, read_only=True)

        class Meta(EnterpriseSerializer.Meta):
            fields = [*EnterpriseSerializer.Meta.fields, "members"]

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request):
        enterprise = _my_enterprise(request.user)
        enterprise = (
            selectors.enterprises_visible_to(request.user)
            .prefetch_related("members__user")
            .get(pk=enterprise.pk)
        )
        return Response(self.OutputSerializer(enterprise).data)


class EnterpriseMemberInviteApi(ApiView):
    """An administrator invites a colleague; the e-mail carries the set-password link."""

    permission_classes = [IsEnterpriseStaff]

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=150)
        email = serializers.EmailField(max_length=254)
        first_name = serializers.CharField(
            max_length=150, required=False, allow_blank=True, default=""
        )
        last_name = serializers.CharField(
            max_length=150, required=False, allow_blank=True, default=""
        )
        role = serializers.ChoiceField(
            choices=EnterpriseMember.Role.choices, default=EnterpriseMember.Role.RECRUITER
        )

    class OutputSerializer(serializers.ModelSerializer):
        username = serializers.CharField(source="user.username")
        email = serializers.EmailField(source="user.email")

        class Meta:
            model = EnterpriseMember
            fields = ["id", "username", "email", "role", "joined_at"]

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request):
        enterprise = _my_enterprise(request.user)
        data = validated(self.InputSerializer, request)
        member = services.enterprise_member_invite(
            enterprise=enterprise, inviter=request.user, **data
        )
        return Response(self.OutputSerializer(member).data, status=status.HTTP_201_CREATED)


class BranchListApi(ListApiView):
    """Branches the user may see: the own enterprise's for staff, the region's for a bureau,
    approved ones for everyone else."""

    serializer_class = BranchSerializer
    filterset_fields = ["status", "enterprise", "region"]

    def get_queryset(self):
        return selectors.branches_visible_to(self.request.user)


class BranchCreateApi(ApiView):
    """A branch of the user's (approved) enterprise, pending the bureau's review."""

    permission_classes = [IsEnterpriseStaff]

    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=128)
        region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all())
        address = serializers.CharField(max_length=255)
        contact_name = serializers.CharField(max_length=64)
        contact_phone = serializers.CharField(max_length=20)

    @extend_schema(request=InputSerializer, responses={201: BranchSerializer})
    def post(self, request):
        enterprise = _my_enterprise(request.user)
        data = validated(self.InputSerializer, request)
        branch = services.branch_create(enterprise=enterprise, creator=request.user, **data)
        return Response(BranchSerializer(branch).data, status=status.HTTP_201_CREATED)


# --- review by the bureaus and the ministry ------------------------------------------------------


class EnterpriseReviewQueueApi(ListApiView):
    """Applications this user may decide, oldest first, with their waiting time."""

    permission_classes = [IsRegulator]

    class OutputSerializer(EnterpriseSerializer):
        waiting = serializers.DurationField(read_only=True)

        class Meta(EnterpriseSerializer.Meta):
            fields = [*EnterpriseSerializer.Meta.fields, "waiting"]

    serializer_class = OutputSerializer

    def get_queryset(self):
        return selectors.enterprise_review_queue(self.request.user)


def _enterprise(request, pk) -> Enterprise:
    return get_object_or_404(selectors.enterprises_visible_to(request.user), pk=pk)


class EnterpriseApproveApi(ApiView):
    permission_classes = [IsRegulator]

    @extend_schema(request=ReviewNoteSerializer, responses={200: EnterpriseSerializer})
    def post(self, request, pk):
        enterprise = _enterprise(request, pk)
        data = validated(ReviewNoteSerializer, request)
        enterprise = services.enterprise_approve(
            enterprise=enterprise, reviewer=request.user, **data
        )
        return Response(EnterpriseSerializer(enterprise).data)


class EnterpriseRejectApi(ApiView):
    permission_classes = [IsRegulator]

    @extend_schema(request=ReviewReasonSerializer, responses={200: EnterpriseSerializer})
    def post(self, request, pk):
        enterprise = _enterprise(request, pk)
        data = validated(ReviewReasonSerializer, request)
        enterprise = services.enterprise_reject(
            enterprise=enterprise, reviewer=request.user, **data
        )
        return Response(EnterpriseSerializer(enterprise).data)


class BranchReviewQueueApi(ListApiView):
    permission_classes = [IsRegulator]

    class OutputSerializer(BranchSerializer):
        waiting = serializers.DurationField(read_only=True)

        class Meta(BranchSerializer.Meta):
            fields = [*BranchSerializer.Meta.fields, "waiting"]

    serializer_class = OutputSerializer

    def get_queryset(self):
        return selectors.branch_review_queue(self.request.user)


def _branch(request, pk) -> Branch:
    return get_object_or_404(selectors.branches_visible_to(request.user), pk=pk)


class BranchApproveApi(ApiView):
    permission_classes = [IsRegulator]

    @extend_schema(request=ReviewNoteSerializer, responses={200: BranchSerializer})
    def post(self, request, pk):
        branch = _branch(request, pk)
        data = validated(ReviewNoteSerializer, request)
        branch = services.branch_approve(branch=branch, reviewer=request.user, **data)
        return Response(BranchSerializer(branch).data)


class BranchRejectApi(ApiView):
    permission_classes = [IsRegulator]

    @extend_schema(request=ReviewReasonSerializer, responses={200: BranchSerializer})
    def post(self, request, pk):
        branch = _branch(request, pk)
        data = validated(ReviewReasonSerializer, request)
        branch = services.branch_reject(branch=branch, reviewer=request.user, **data)
        return Response(BranchSerializer(branch).data)


# --- batches and agreements ---------------------------------------------------------------


class BatchListApi(ListApiView):
    """The published cooperation batches (public information)."""

    serializer_class = BatchSerializer
    queryset = CooperationBatch.objects.all()
    permission_classes = [IsAuthenticated]


class BatchCreateApi(ApiView):
    permission_classes = [IsMinistry]

    class InputSerializer(serializers.Serializer):
        number = serializers.IntegerField(min_value=1)
        name = serializers.CharField(max_length=128)
        published_on = serializers.DateField()
        description = serializers.CharField(
            max_length=limit_of(CooperationBatch, "description"),
            required=False,
            allow_blank=True,
            default="",
        )

    @extend_schema(request=InputSerializer, responses={201: BatchSerializer})
    def post(self, request):
        data = validated(self.InputSerializer, request)
        batch = services.batch_create(creator=request.user, **data)
        return Response(BatchSerializer(batch).data, status=status.HTTP_201_CREATED)


def _agreements(user):
    return selectors.agreements_with_progress(selectors.agreements_visible_to(user))


def _agreement_answer(request, agreement: Agreement, code=status.HTTP_200_OK) -> Response:
    agreement = _agreements(request.user).get(pk=agreement.pk)
    return Response(AgreementSerializer(agreement).data, status=code)


class AgreementListApi(ListApiView):
    """Agreements the user may see, with the openings posted and filled under each."""

    serializer_class = AgreementSerializer
    filterset_fields = ["status", "batch", "enterprise", "signatory_level"]

    def get_queryset(self):
        return _agreements(self.request.user)


class AgreementCreateApi(ApiView):
    """A draft agreement: the ministry signs at ministry level, a bureau in its region."""

    permission_classes = [IsRegulator]

    class InputSerializer(serializers.Serializer):
        batch = serializers.PrimaryKeyRelatedField(queryset=CooperationBatch.objects.all())
        enterprise = ScopedPrimaryKeyRelatedField(
            selector=selectors.enterprises_visible_to, queryset=Enterprise.objects.all()
        )
        signatory_level = serializers.ChoiceField(
            choices=Agreement.SignatoryLevel.choices, default=Agreement.SignatoryLevel.MINISTRY
        )
        region = serializers.PrimaryKeyRelatedField(
            queryset=Region.objects.all(), required=False, allow_null=True, default=None
        )
        cooperation_mode = serializers.ChoiceField(choices=Agreement.CooperationMode.choices)
        pledged_posts = serializers.IntegerField(min_value=1)
        starts_on = serializers.DateField()
        ends_on = serializers.DateField()

    @extend_schema(request=InputSerializer, responses={201: AgreementSerializer})
    def post(self, request):
        data = validated(self.InputSerializer, request)
        agreement = services.agreement_create(creator=request.user, **data)
        return _agreement_answer(request, agreement, status.HTTP_201_CREATED)


def _agreement(request, pk) -> Agreement:
    return get_object_or_404(selectors.agreements_visible_to(request.user), pk=pk)


class AgreementSignApi(ApiView):
    permission_classes = [IsRegulator]

    class InputSerializer(serializers.Serializer):
        signed_on = serializers.DateField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses={200: AgreementSerializer})
    def post(self, request, pk):
        agreement = _agreement(request, pk)
        data = validated(self.InputSerializer, request)
        agreement = services.agreement_sign(agreement=agreement, actor=request.user, **data)
        return _agreement_answer(request, agreement)


class AgreementActivateApi(ApiView):
    permission_classes = [IsRegulator]

    @extend_schema(request=None, responses={200: AgreementSerializer})
    def post(self, request, pk):
        agreement = _agreement(request, pk)
        agreement = services.agreement_activate(agreement=agreement, actor=request.user)
        return _agreement_answer(request, agreement)


class AgreementExpireApi(ApiView):
    permission_classes = [IsRegulator]

    @extend_schema(request=None, responses={200: AgreementSerializer})
    def post(self, request, pk):
        agreement = _agreement(request, pk)
        agreement = services.agreement_expire(agreement=agreement, actor=request.user)
        return _agreement_answer(request, agreement)


class AgreementTerminateApi(ApiView):
    permission_classes = [IsRegulator]

    @extend_schema(request=ReviewReasonSerializer, responses={200: AgreementSerializer})
    def post(self, request, pk):
        agreement = _agreement(request, pk)
        data = validated(ReviewReasonSerializer, request)
        agreement = services.agreement_terminate(agreement=agreement, actor=request.user, **data)
        return _agreement_answer(request, agreement)


urlpatterns = [
    path("enterprises/register/", EnterpriseRegisterApi.as_view(), name="api-enterprise-register"),
    path("me/enterprise/", MyEnterpriseApi.as_view(), name="api-my-enterprise"),
    path(
        "me/enterprise/members/invite/",
        EnterpriseMemberInviteApi.as_view(),
        name="api-enterprise-member-invite",
    ),
    path("branches/", BranchListApi.as_view(), name="api-branch-list"),
    path("branches/create/", BranchCreateApi.as_view(), name="api-branch-create"),
    path("review/enterprises/", EnterpriseReviewQueueApi.as_view(), name="api-enterprise-queue"),
    path(
        "enterprises/<int:pk>/approve/",
        EnterpriseApproveApi.as_view(),
        name="api-enterprise-approve",
    ),
    path(
        "enterprises/<int:pk>/reject/", EnterpriseRejectApi.as_view(), name="api-enterprise-reject"
    ),
    path("review/branches/", BranchReviewQueueApi.as_view(), name="api-branch-queue"),
    path("branches/<int:pk>/approve/", BranchApproveApi.as_view(), name="api-branch-approve"),
    path("branches/<int:pk>/reject/", BranchRejectApi.as_view(), name="api-branch-reject"),
    path("batches/", BatchListApi.as_view(), name="api-batch-list"),
    path("batches/create/", BatchCreateApi.as_view(), name="api-batch-create"),
    path("agreements/", AgreementListApi.as_view(), name="api-agreement-list"),
    path("agreements/create/", AgreementCreateApi.as_view(), name="api-agreement-create"),
    path("agreements/<int:pk>/sign/", AgreementSignApi.as_view(), name="api-agreement-sign"),
    path(
        "agreements/<int:pk>/activate/",
        AgreementActivateApi.as_view(),
        name="api-agreement-activate",
    ),
    path("agreements/<int:pk>/expire/", AgreementExpireApi.as_view(), name="api-agreement-expire"),
    path(
        "agreements/<int:pk>/terminate/",
        AgreementTerminateApi.as_view(),
        name="api-agreement-terminate",
    ),
    path(
        "enterprises/<int:pk>/audit/",
        audit_trail_view("Enterprise", selectors.enterprises_visible_to).as_view(),
        name="api-enterprise-audit",
    ),
    path(
        "branches/<int:pk>/audit/",
        audit_trail_view("Branch", selectors.branches_visible_to).as_view(),
        name="api-branch-audit",
    ),
    path(
        "agreements/<int:pk>/audit/",
        audit_trail_view("Agreement", selectors.agreements_visible_to).as_view(),
        name="api-agreement-audit",
    ),
]
