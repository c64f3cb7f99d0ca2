"""/api/v1/ operations on enterprises, their staff and branches, batches and agreements.

Every object is fetched through a scoped selector (outside the scope: 404) and every write
calls the service the web pages call; domain errors become 403/409 in portal.api.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from enterprises import selectors, services
from enterprises.forms.ministry import EnterpriseFilter
from enterprises.models import Agreement, Branch, CooperationBatch, Enterprise, EnterpriseMember
from enterprises.reviews import AGREEMENT_REVIEW, BRANCH_REVIEW, ENTERPRISE_REVIEW
from portal.accounts.permissions import IsBureau, IsEnterpriseStaff, IsMinistry, IsRegulator
from portal.api import (
    ApiView,
    ListApiView,
    PublicApiMixin,
    ScopedPrimaryKeyRelatedField,
    validated,
)
from portal.reference.models import Industry, Region
from portal.review import bulk_decision_api, decision_api
from portal.text import limit_of

# --- what the operations answer ------------------------------------------------------------


class EnterpriseSerializer(serializers.ModelSerializer):
    industry_name = serializers.CharField(source="industry.local_name", read_only=True)
    hq_region_name = serializers.CharField(source="hq_region.local_name", read_only=True)

    class Meta:
        model = Enterprise
        fields = [
            "id", "name", "credit_code", "ownership", "industry", "industry_name", "hq_region",
            "hq_region_name", "description", "website", "status", "decision_reason",
            "reviewed_at", "created_at",
        ]  # fmt: skip


class BranchSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    region_name = serializers.CharField(source="region.local_name", read_only=True)

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
        fields = ["id", "number", "name", "published_on", "released_on", "description"]


class AgreementSerializer(serializers.ModelSerializer):
    batch_name = serializers.CharField(source="batch.name", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    posted = serializers.IntegerField(read_only=True, help_text="Openings of counted posts.")
    filled = serializers.IntegerField(read_only=True, help_text="Hires on those posts.")

    class Meta:
        model = Agreement
        fields = [
            "id", "batch", "batch_name", "enterprise", "enterprise_name", "signatory_level",
            "region", "cooperation_mode", "target_provinces", "pledged_posts", "posted", "filled", "starts_on",
            "ends_on", "signed_on", "status", "termination_reason", "created_at",
        ]  # fmt: skip


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


class EnterpriseResubmitApi(ApiView):
    """The user's rejected enterprise, its details corrected, back to its reviewer (the
    fields sent replace the registered ones; the earlier decisions stay in its trail)."""

    permission_classes = [IsEnterpriseStaff]

    class InputSerializer(EnterpriseRegisterApi.InputSerializer):
        pass

    @extend_schema(request=InputSerializer, responses={200: EnterpriseSerializer})
    def post(self, request):
        enterprise = _my_enterprise(request.user)
        data = validated(self.InputSerializer, request)
        enterprise = services.enterprise_resubmit(enterprise=enterprise, actor=request.user, **data)
        return Response(EnterpriseSerializer(enterprise).data)


class MyEnterpriseApi(ApiView):
    permission_classes = [IsEnterpriseStaff]
    answers_not_found = True  # a user in no enterprise

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
    answers_not_found = True  # a user in no enterprise

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


class EnterpriseMemberDeactivateApi(ApiView):
    """Deactivate a colleague's account (the enterprise's administrators): it signs in no
    more and its tokens end."""

    permission_classes = [IsEnterpriseStaff]

    @extend_schema(request=None, responses={200: EnterpriseMemberInviteApi.OutputSerializer})
    def post(self, request, pk):
        enterprise = _my_enterprise(request.user)
        member = get_object_or_404(enterprise.members.select_related("user", "enterprise"), pk=pk)
        services.enterprise_member_deactivate(member=member, manager=request.user)
        member.user.refresh_from_db()
        return Response(EnterpriseMemberInviteApi.OutputSerializer(member).data)


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
    answers_not_found = True  # a user in no enterprise

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


class BranchResubmitApi(ApiView):
    """A rejected branch of the user's enterprise, corrected, back to its city's bureau."""

    permission_classes = [IsEnterpriseStaff]

    class InputSerializer(BranchCreateApi.InputSerializer):
        pass

    @extend_schema(request=InputSerializer, responses={200: BranchSerializer})
    def post(self, request, pk):
        branch = get_object_or_404(selectors.branches_visible_to(request.user), pk=pk)
        data = validated(self.InputSerializer, request)
        branch = services.branch_resubmit(branch=branch, actor=request.user, **data)
        return Response(BranchSerializer(branch).data)


# --- review by the bureaus and the ministry ------------------------------------------------------


class EnterpriseDirectoryApi(ListApiView):
    """Every enterprise the regulator oversees, by name; ``q`` (name, credit code or a
    branch's name), ``status``, ``ownership``, ``region`` (a province or city code, within
    the caller's), ``batch`` (id) and ``behind`` (true: an agreement in force offers fewer
    openings than it pledged) filter it."""

    permission_classes = [IsRegulator]
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilter

    def get_queryset(self):
        enterprises = selectors.enterprises_visible_to(self.request.user)
        return enterprises.select_related("hq_region", "industry").order_by("name", "pk")


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


def _enterprise_answer(request, enterprise: Enterprise) -> Response:
    return Response(EnterpriseSerializer(enterprise).data)


def _enterprise_decision(name: str, class_name: str):
    return decision_api(
        ENTERPRISE_REVIEW,
        name,
        class_name=class_name,
        selector=selectors.enterprises_visible_to,
        answer=_enterprise_answer,
        output=EnterpriseSerializer,
        permissions=[IsRegulator],
    )


EnterpriseApproveApi = _enterprise_decision("approve", "EnterpriseApproveApi")
EnterpriseRejectApi = _enterprise_decision("reject", "EnterpriseRejectApi")
EnterpriseSuspendApi = _enterprise_decision("suspend", "EnterpriseSuspendApi")
EnterpriseReinstateApi = _enterprise_decision("reinstate", "EnterpriseReinstateApi")
EnterpriseBulkApproveApi = bulk_decision_api(
    ENTERPRISE_REVIEW,
    "approve",
    class_name="EnterpriseBulkApproveApi",
    selector=selectors.enterprises_visible_to,
    permissions=[IsRegulator],
)
EnterpriseBulkRejectApi = bulk_decision_api(
    ENTERPRISE_REVIEW,
    "reject",
    class_name="EnterpriseBulkRejectApi",
    selector=selectors.enterprises_visible_to,
    permissions=[IsRegulator],
)


class BranchReviewQueueApi(ListApiView):
    permission_classes = [IsRegulator]

    class OutputSerializer(BranchSerializer):
        waiting = serializers.DurationField(read_only=True)

        class Meta(BranchSerializer.Meta):
            fields = [*BranchSerializer.Meta.fields, "waiting"]

    serializer_class = OutputSerializer

    def get_queryset(self):
        return selectors.branch_review_queue(self.request.user)


def _branch_decision(name: str, class_name: str):
    return decision_api(
        BRANCH_REVIEW,
        name,
        class_name=class_name,
        selector=selectors.branches_visible_to,
        answer=lambda request, branch: Response(BranchSerializer(branch).data),
        output=BranchSerializer,
        permissions=[IsRegulator],
    )


BranchApproveApi = _branch_decision("approve", "BranchApproveApi")
BranchRejectApi = _branch_decision("reject", "BranchRejectApi")
BranchBulkApproveApi = bulk_decision_api(
    BRANCH_REVIEW,
    "approve",
    class_name="BranchBulkApproveApi",
    selector=selectors.branches_visible_to,
    permissions=[IsBureau],
)
BranchBulkRejectApi = bulk_decision_api(
    BRANCH_REVIEW,
    "reject",
    class_name="BranchBulkRejectApi",
    selector=selectors.branches_visible_to,
    permissions=[IsBureau],
)


# --- batches and agreements ---------------------------------------------------------------


class BatchListApi(PublicApiMixin, ListApiView):
    """The cooperation batches released to the public (open to anyone); the ministry and
    the bureaus also see those not released yet."""

    serializer_class = BatchSerializer

    def get_queryset(self):
        return selectors.batches_visible_to(self.request.user).order_by("number")


class BatchCreateApi(ApiView):
    permission_classes = [IsMinistry]

    class InputSerializer(serializers.Serializer):
        number = serializers.IntegerField(min_value=1)
        name = serializers.CharField(max_length=128)
        published_on = serializers.DateField()
        released_on = serializers.DateField(required=False, allow_null=True, default=None)
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
        target_provinces = serializers.ListField(
            child=serializers.CharField(max_length=6), required=False, default=list
        )
        pledged_posts = serializers.IntegerField(min_value=1)
        starts_on = serializers.DateField()
        ends_on = serializers.DateField()

    @extend_schema(request=InputSerializer, responses={201: AgreementSerializer})
    def post(self, request):
        data = validated(self.InputSerializer, request)
        agreement = services.agreement_create(creator=request.user, **data)
        return _agreement_answer(request, agreement, status.HTTP_201_CREATED)


def _agreement_decision(name: str, class_name: str):
    return decision_api(
        AGREEMENT_REVIEW,
        name,
        class_name=class_name,
        selector=selectors.agreements_visible_to,
        answer=_agreement_answer,
        output=AgreementSerializer,
        permissions=[IsRegulator],
    )


AgreementSignApi = _agreement_decision("sign", "AgreementSignApi")
AgreementActivateApi = _agreement_decision("activate", "AgreementActivateApi")
AgreementExpireApi = _agreement_decision("expire", "AgreementExpireApi")
AgreementTerminateApi = _agreement_decision("terminate", "AgreementTerminateApi")


class AgreementTargetProvincesApi(ApiView):
    """The provinces a regional agreement's posts are aimed at (province codes, e.g.
    410000); an empty list aims them at every veteran."""

    permission_classes = [IsRegulator]
    answers_not_found = True

    class InputSerializer(serializers.Serializer):
        target_provinces = serializers.ListField(
            child=serializers.CharField(max_length=6), allow_empty=True
        )

    @extend_schema(request=InputSerializer, responses={200: AgreementSerializer})
    def post(self, request, pk):
        agreement = get_object_or_404(selectors.agreements_visible_to(request.user), pk=pk)
        data = validated(self.InputSerializer, request)
        agreement = services.agreement_set_target_provinces(
            agreement=agreement, actor=request.user, **data
        )
        return _agreement_answer(request, agreement, status.HTTP_200_OK)


class AgreementRenewApi(ApiView):
    """An expired agreement continued into a new term: a new draft linked to it."""

    permission_classes = [IsRegulator]

    class InputSerializer(serializers.Serializer):
        pledged_posts = serializers.IntegerField(min_value=1, max_value=1_000_000)
        starts_on = serializers.DateField()
        ends_on = serializers.DateField()

    @extend_schema(request=InputSerializer, responses={201: AgreementSerializer})
    def post(self, request, pk):
        agreement = get_object_or_404(selectors.agreements_visible_to(request.user), pk=pk)
        data = validated(self.InputSerializer, request)
        renewal = services.agreement_renew(agreement=agreement, actor=request.user, **data)
        return _agreement_answer(request, renewal, status.HTTP_201_CREATED)
