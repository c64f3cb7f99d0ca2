"""/api/v1/ operations of inviting and screening enterprises (issue 19): the same services
as the pages (enterprises.invitations, enterprises.screening), the same refusals, every
object through a scoped selector (outside the scope: 404)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from enterprises import invitations, screening, selectors
from enterprises.models import (
    Agreement,
    Consultation,
    CooperationBatch,
    Enterprise,
    EnterpriseInvitation,
    InvitationUpload,
    Prospect,
)
from portal.accounts.permissions import IsEnterpriseStaff, IsRegulator
from portal.api import ApiView, ListApiView, ScopedPrimaryKeyRelatedField, validated
from portal.text import NOTE_MAX

# --- what the operations answer ------------------------------------------------------------


class EnterpriseInvitationSerializer(serializers.ModelSerializer):
    class Meta:
        model = EnterpriseInvitation
        fields = [
            "id", "name", "credit_code", "contact_name", "email", "signatory_level", "region",
            "status", "sends", "sent_at", "expires_at", "reminded_at", "answered_at",
            "decline_reason", "enterprise", "created_at",
        ]  # fmt: skip


class InvitationUploadSerializer(serializers.ModelSerializer):
    class ErrorSerializer(serializers.Serializer):
        row = serializers.IntegerField()
        column = serializers.CharField()
        message = serializers.CharField()
        hint = serializers.CharField()

    errors = ErrorSerializer(many=True, read_only=True)

    class Meta:
        model = InvitationUpload
        fields = [
            "id", "filename", "signatory_level", "region", "status", "rows_total",
            "error_count", "errors", "invitations_sent", "created_at",
        ]  # fmt: skip


class ConsultationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Consultation
        fields = ["id", "held_on", "participants", "summary", "recorded_by", "created_at"]


class ProspectSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    total_score = serializers.SerializerMethodField(
        help_text="Out of 100 by the published criteria; null until every one is scored."
    )

    class Meta:
        model = Prospect
        fields = [
            "id", "enterprise", "enterprise_name", "invitation", "signatory_level", "region",
            "status", "overall_strength", "strength_note", "industry_influence",
            "influence_note", "branch_provinces", "pay_ratio", "full_time_share",
            "verified_share", "figures_at", "proposed_posts", "cooperation_mode", "batch",
            "agreement", "decision_reason", "decided_at", "created_at", "total_score",
        ]  # fmt: skip

    def get_total_score(self, prospect) -> float | None:
        total = screening.total_score(prospect)
        return None if total is None else float(total)


class ProspectDetailSerializer(ProspectSerializer):
    class CriterionSerializer(serializers.Serializer):
        key = serializers.CharField()
        label = serializers.CharField()
        computed = serializers.BooleanField()
        weight = serializers.IntegerField()
        score = serializers.FloatField(allow_null=True, help_text="0 to 5; null: not scored.")

    criteria = serializers.SerializerMethodField()
    consultations = ConsultationSerializer(many=True, read_only=True)

    class Meta(ProspectSerializer.Meta):
        fields = [*ProspectSerializer.Meta.fields, "criteria", "consultations"]

    @extend_schema(responses=CriterionSerializer(many=True))
    def get_criteria(self, prospect) -> list[dict]:
        scores = screening.criterion_scores(prospect)
        return [
            {
                "key": c.key,
                "label": str(c.label),
                "computed": c.computed,
                "weight": c.weight,
                "score": None if scores[c.key] is None else float(scores[c.key]),
            }
            for c in screening.CRITERIA
        ]


# --- invitations -------------------------------------------------------------------------


class EnterpriseInvitationListApi(ListApiView):
    """Invitations of the caller's authority (the ministry sees the bureaus' too), newest
    first; ``status`` filters them."""

    permission_classes = [IsRegulator]
    serializer_class = EnterpriseInvitationSerializer
    filterset_fields = ["status"]

    def get_queryset(self):
        return selectors.invitations_visible_to(self.request.user).order_by("-sent_at", "-pk")


class EnterpriseInvitationCreateApi(ApiView):
    """Invite one enterprise: the e-mail with its registration link goes after commit."""

    permission_classes = [IsRegulator]

    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=128)
        credit_code = serializers.CharField(max_length=32)
        contact_name = serializers.CharField(max_length=64)
        email = serializers.EmailField(max_length=254)

    @extend_schema(request=InputSerializer, responses={201: EnterpriseInvitationSerializer})
    def post(self, request):
        data = validated(self.InputSerializer, request)
        invitation = invitations.enterprise_invitation_create(inviter=request.user, **data)
        return Response(
            EnterpriseInvitationSerializer(invitation).data, status=status.HTTP_201_CREATED
        )


class EnterpriseInvitationUploadApi(ApiView):
    """Upload a list of enterprises (multipart/form-data, field ``file``: XLSX or CSV).
    Every row is checked; only a file without errors sends its invitations. The answer is
    the upload's status with each error's row, column, message and hint."""

    permission_classes = [IsRegulator]
    parser_classes = [MultiPartParser]

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField()

    @extend_schema(
        request={"multipart/form-data": InputSerializer},
        responses={201: InvitationUploadSerializer},
    )
    def post(self, request):
        file = validated(self.InputSerializer, request)["file"]
        upload = invitations.invitation_list_upload(
            inviter=request.user, filename=file.name, content=file.read()
        )
        return Response(InvitationUploadSerializer(upload).data, status=status.HTTP_201_CREATED)


class EnterpriseInvitationUploadStatusApi(ApiView):
    permission_classes = [IsRegulator]

    @extend_schema(responses={200: InvitationUploadSerializer})
    def get(self, request, pk):
        uploads = selectors.invitation_uploads_visible_to(request.user)
        return Response(InvitationUploadSerializer(get_object_or_404(uploads, pk=pk)).data)


class EnterpriseInvitationResendApi(ApiView):
    """A new link, valid for a full term, e-mailed again; the earlier link stops working."""

    permission_classes = [IsRegulator]

    @extend_schema(request=None, responses={200: EnterpriseInvitationSerializer})
    def post(self, request, pk):
        invitation = get_object_or_404(selectors.invitations_visible_to(request.user), pk=pk)
        invitation = invitations.enterprise_invitation_resend(
            invitation=invitation, actor=request.user
        )
        return Response(EnterpriseInvitationSerializer(invitation).data)


class EnterpriseInvitationDeclineApi(ApiView):
    """The invitee declines through the link's token (no account needed)."""

    permission_classes = [AllowAny]
    answers_not_found = True  # an unknown token

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(
            max_length=NOTE_MAX, required=False, allow_blank=True, default=""
        )

    class OutputSerializer(serializers.ModelSerializer):
        class Meta:
            model = EnterpriseInvitation
            fields = ["name", "status", "answered_at"]

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer})
    def post(self, request, token):
        invitation = get_object_or_404(EnterpriseInvitation, token=token)
        data = validated(self.InputSerializer, request)
        invitation = invitations.enterprise_invitation_decline(invitation=invitation, **data)
        return Response(self.OutputSerializer(invitation).data)


# --- prospects ---------------------------------------------------------------------------


class ProspectListApi(ListApiView):
    """Prospects of the caller's authority, newest first; ``status`` filters them."""

    permission_classes = [IsRegulator]
    serializer_class = ProspectSerializer
    filterset_fields = ["status"]

    def get_queryset(self):
        return selectors.prospects_visible_to(self.request.user).order_by("-created_at", "-pk")


class ProspectAddApi(ApiView):
    """A registered enterprise the caller oversees, added to its authority's screening."""

    permission_classes = [IsRegulator]

    class InputSerializer(serializers.Serializer):
        enterprise = ScopedPrimaryKeyRelatedField(
            selector=selectors.enterprises_visible_to, queryset=Enterprise.objects.all()
        )

    @extend_schema(request=InputSerializer, responses={201: ProspectSerializer})
    def post(self, request):
        data = validated(self.InputSerializer, request)
        prospect = screening.prospect_add(actor=request.user, **data)
        return Response(ProspectSerializer(prospect).data, status=status.HTTP_201_CREATED)


class ScreeningRequestApi(ApiView):
    """The caller's enterprise asks to sign: screened by the authority that reviews it."""

    permission_classes = [IsEnterpriseStaff]
    answers_not_found = True  # a user in no enterprise

    @extend_schema(request=None, responses={201: ProspectSerializer})
    def post(self, request):
        enterprise = selectors.enterprise_of(request.user)
        if enterprise is None:
            raise NotFound()
        prospect = screening.prospect_request(enterprise=enterprise, actor=request.user)
        return Response(ProspectSerializer(prospect).data, status=status.HTTP_201_CREATED)


def _prospect(request, pk) -> Prospect:
    return get_object_or_404(selectors.prospects_visible_to(request.user), pk=pk)


def _detail(request, prospect: Prospect) -> Response:
    prospect = selectors.prospects_visible_to(request.user).get(pk=prospect.pk)
    return Response(ProspectDetailSerializer(prospect).data)


class ProspectDetailApi(ApiView):
    """The screening: each criterion's score, the total, the figures and consultations."""

    permission_classes = [IsRegulator]

    @extend_schema(responses={200: ProspectDetailSerializer})
    def get(self, request, pk):
        return _detail(request, _prospect(request, pk))


class ProspectScreeningUpdateApi(ApiView):
    """The reviewer's scores (0 to 5, each with its note), the posts and mode proposed;
    the computed figures are refreshed. Fields left out stay as they are."""

    permission_classes = [IsRegulator]

    class InputSerializer(serializers.Serializer):
        overall_strength = serializers.IntegerField(
            min_value=0, max_value=5, required=False, allow_null=True
        )
        strength_note = serializers.CharField(max_length=NOTE_MAX, required=False, allow_blank=True)
        industry_influence = serializers.IntegerField(
            min_value=0, max_value=5, required=False, allow_null=True
        )
        influence_note = serializers.CharField(
            max_length=NOTE_MAX, required=False, allow_blank=True
        )
        proposed_posts = serializers.IntegerField(min_value=1, required=False, allow_null=True)
        cooperation_mode = serializers.ChoiceField(
            choices=Agreement.CooperationMode.choices, required=False, allow_blank=True
        )

    @extend_schema(request=InputSerializer, responses={200: ProspectDetailSerializer})
    def post(self, request, pk):
        prospect = _prospect(request, pk)
        data = validated(self.InputSerializer, request)
        prospect = screening.prospect_screening_update(
            prospect=prospect, actor=request.user, **data
        )
        return _detail(request, prospect)


class ConsultationCreateApi(ApiView):
    permission_classes = [IsRegulator]

    class InputSerializer(serializers.Serializer):
        held_on = serializers.DateField()
        participants = serializers.CharField(max_length=255)
        summary = serializers.CharField(max_length=2000)

    @extend_schema(request=InputSerializer, responses={201: ConsultationSerializer})
    def post(self, request, pk):
        prospect = _prospect(request, pk)
        data = validated(self.InputSerializer, request)
        consultation = screening.consultation_record(prospect=prospect, actor=request.user, **data)
        return Response(ConsultationSerializer(consultation).data, status=status.HTTP_201_CREATED)


class ProspectSelectApi(ApiView):
    """Decide to sign in a batch: a draft agreement in it, signed at the prospect's level,
    with the posts and mode proposed unless given here."""

    permission_classes = [IsRegulator]

    class InputSerializer(serializers.Serializer):
        batch = serializers.PrimaryKeyRelatedField(queryset=CooperationBatch.objects.all())
        reason = serializers.CharField(max_length=NOTE_MAX)
        pledged_posts = serializers.IntegerField(min_value=1, required=False, allow_null=True)
        cooperation_mode = serializers.ChoiceField(
            choices=Agreement.CooperationMode.choices, required=False, allow_blank=True, default=""
        )
        starts_on = serializers.DateField()
        ends_on = serializers.DateField()

    @extend_schema(request=InputSerializer, responses={200: ProspectDetailSerializer})
    def post(self, request, pk):
        prospect = _prospect(request, pk)
        data = validated(self.InputSerializer, request)
        prospect = screening.prospect_select(prospect=prospect, actor=request.user, **data)
        return _detail(request, prospect)


class ProspectDeferApi(ApiView):
    """Decide not now, with the reason."""

    permission_classes = [IsRegulator]

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=NOTE_MAX)

    @extend_schema(request=InputSerializer, responses={200: ProspectDetailSerializer})
    def post(self, request, pk):
        prospect = _prospect(request, pk)
        data = validated(self.InputSerializer, request)
        prospect = screening.prospect_defer(prospect=prospect, actor=request.user, **data)
        return _detail(request, prospect)
