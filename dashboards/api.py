"""/api/v1/ operations of the quarterly communication: an organisation's notices, the
bureau's pledge follow-ups, the quarterly meetings and their action items. Each reads
through the selector of the caller's own rows (another's answer 404) and each change calls
the service the pages call."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from dashboards import selectors, services
from dashboards.forms import users_by_address
from dashboards.models import ActionItem, PledgeFollowUp, QuarterlyMeeting, QuarterlyNotice
from portal.accounts.models import User
from portal.accounts.permissions import IsBureau, IsRegulator, RoleRequired
from portal.api import ApiView, ListApiView, validated
from portal.text import limit_of


class IsOrganisationStaff(RoleRequired):
    """Staff of an enterprise, a bureau or the ministry: whom the quarterly communication
    addresses."""

    roles = (User.Role.ENTERPRISE, User.Role.BUREAU, User.Role.MINISTRY)
    message = _("Only the staff of an enterprise, a bureau or the ministry may do this.")


# --- notices -------------------------------------------------------------------------------


class NoticeSerializer(serializers.ModelSerializer):
    recipient = serializers.SerializerMethodField()

    class Meta:
        model = QuarterlyNotice
        fields = [
            "id", "year", "quarter", "audience", "enterprise", "region", "recipient", "behind",
            "figures", "created_at",
        ]  # fmt: skip

    def get_recipient(self, notice) -> str:
        if notice.enterprise_id:
            return notice.enterprise.name
        return notice.region.local_name if notice.region_id else ""


class NoticeListApi(ListApiView):
    """The notices addressed to the caller's enterprise, bureau or ministry, newest first.
    ``figures`` holds ``current`` and ``previous`` (the figures of the quarter and the one
    before), ``rank`` among ``peers``, and ``reasons`` when behind the pledge."""

    permission_classes = [IsOrganisationStaff]
    serializer_class = NoticeSerializer

    def get_queryset(self):
        return selectors.notices_of(self.request.user).select_related("enterprise", "region")


class NoticeDetailApi(ApiView):
    permission_classes = [IsOrganisationStaff]

    @extend_schema(responses={200: NoticeSerializer})
    def get(self, request, pk):
        rows = selectors.notices_of(request.user).select_related("enterprise", "region")
        return Response(NoticeSerializer(get_object_or_404(rows, pk=pk)).data)


# --- the bureau's pledge follow-ups --------------------------------------------------------


class PledgeFollowUpSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name")
    quarter = serializers.CharField(source="notice.label")

    class Meta:
        model = PledgeFollowUp
        fields = [
            "id", "enterprise", "enterprise_name", "region", "quarter", "due_on", "status", "note",
            "closed_at",
        ]  # fmt: skip


class PledgeFollowUpListApi(ListApiView):
    """Follow-ups of enterprises behind their pledges, headquartered in the bureau's region."""

    permission_classes = [IsBureau]
    serializer_class = PledgeFollowUpSerializer
    filterset_fields = ["status"]

    def get_queryset(self):
        return selectors.pledge_follow_ups_for(self.request.user)


class PledgeFollowUpCloseApi(ApiView):
    permission_classes = [IsBureau]

    class InputSerializer(serializers.Serializer):
        note = serializers.CharField(max_length=limit_of(PledgeFollowUp, "note"))

    @extend_schema(request=InputSerializer, responses={200: PledgeFollowUpSerializer})
    def post(self, request, pk):
        follow_up = get_object_or_404(selectors.pledge_follow_ups_for(request.user), pk=pk)
        data = validated(self.InputSerializer, request)
        follow_up = services.pledge_follow_up_close(
            follow_up=follow_up, actor=request.user, note=data["note"]
        )
        return Response(PledgeFollowUpSerializer(follow_up).data)


# --- meetings and action items -------------------------------------------------------------


class ActionItemSerializer(serializers.ModelSerializer):
    owner_email = serializers.EmailField(source="owner.email")

    class Meta:
        model = ActionItem
        fields = ["id", "meeting", "text", "owner", "owner_email", "due_on", "status", "done_note"]


class MeetingSerializer(serializers.ModelSerializer):
    action_items = ActionItemSerializer(many=True, read_only=True)
    participants = serializers.SlugRelatedField(slug_field="email", many=True, read_only=True)

    class Meta:
        model = QuarterlyMeeting
        fields = ["id", "held_on", "title", "minutes", "participants", "action_items"]


class MeetingListApi(ListApiView):
    """The meetings the caller took part in, with their action items."""

    permission_classes = [IsOrganisationStaff]
    serializer_class = MeetingSerializer

    def get_queryset(self):
        rows = selectors.meetings_of(self.request.user)
        return rows.prefetch_related("participants", "action_items__owner")


class MeetingDetailApi(ApiView):
    permission_classes = [IsOrganisationStaff]

    @extend_schema(responses={200: MeetingSerializer})
    def get(self, request, pk):
        rows = selectors.meetings_of(request.user).prefetch_related("participants")
        return Response(MeetingSerializer(get_object_or_404(rows, pk=pk)).data)


class MeetingRecordApi(ApiView):
    """Record a meeting held by the ministry or a bureau; participants and owners are
    named by the e-mail addresses of their accounts."""

    permission_classes = [IsRegulator]

    class InputSerializer(serializers.Serializer):
        class ItemSerializer(serializers.Serializer):
            text = serializers.CharField(max_length=limit_of(ActionItem, "text"))
            owner = serializers.EmailField(max_length=254)
            due_on = serializers.DateField()

        held_on = serializers.DateField()
        title = serializers.CharField(max_length=200)
        minutes = serializers.CharField(max_length=limit_of(QuarterlyMeeting, "minutes"))
        participants = serializers.ListField(
            child=serializers.EmailField(max_length=254), min_length=1, max_length=200
        )
        action_items = ItemSerializer(many=True, required=False, default=list)

        def validate_participants(self, value):
            return _users(value)

        def validate_action_items(self, value):
            return [item | {"owner": _users([item["owner"]])[0]} for item in value]

    @extend_schema(request=InputSerializer, responses={201: MeetingSerializer})
    def post(self, request):
        data = validated(self.InputSerializer, request)
        meeting = services.quarterly_meeting_record(
            actor=request.user,
            held_on=data["held_on"],
            title=data["title"],
            minutes=data["minutes"],
            participants=data["participants"],
            items=data["action_items"],
        )
        return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)


def _users(addresses: list[str]) -> list[User]:
    try:
        return users_by_address("\n".join(addresses))
    except ValidationError as error:
        raise serializers.ValidationError(error.messages) from error


class ActionItemDoneApi(ApiView):
    permission_classes = [IsOrganisationStaff]

    class InputSerializer(serializers.Serializer):
        note = serializers.CharField(
            max_length=limit_of(ActionItem, "done_note"),
            required=False,
            allow_blank=True,
            default="",
        )

    @extend_schema(request=InputSerializer, responses={200: ActionItemSerializer})
    def post(self, request, pk):
        item = get_object_or_404(selectors.action_items_of(request.user), pk=pk)
        data = validated(self.InputSerializer, request)
        item = services.action_item_complete(item=item, actor=request.user, note=data["note"])
        return Response(ActionItemSerializer(item).data)
