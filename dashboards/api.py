"""/api/v1/ operations of the dashboards: the public directory of cooperative enterprises,
an enterprise's public page and a released batch (open to anyone); the quarterly report of
a scope the caller may see; the commendation and warning lists and the ministry's
decisions on them; the quarterly notices, pledge follow-ups, meetings and action items of
the caller. The same selectors and services as the pages."""

import django_filters
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from dashboards import commendations, selectors, services
from dashboards.forms import PERIOD_INVALID, parse_period, users_by_address
from dashboards.models import ActionItem, PledgeFollowUp, QuarterlyMeeting, QuarterlyNotice
from dashboards.quarters import Quarter
from enterprises import selectors as enterprise_selectors
from enterprises.forms.public import CooperativeEnterpriseFilter
from enterprises.models import Agreement, Commendation, CooperationBatch, Enterprise
from portal.accounts.models import User
from portal.accounts.permissions import (
    IsBureau,
    IsMinistry,
    IsOrganisationStaff,
    IsRegulator,
)
from portal.api import ApiView, ListApiView, PublicApiMixin, validated
from portal.text import NOTE_MAX, limit_of

# --- public -----------------------------------------------------------------------------------


class PublicCommendationSerializer(serializers.ModelSerializer):
    period = serializers.CharField(source="period_label", help_text="2026Q3, or 2026 for a year.")

    class Meta:
        model = Commendation
        fields = ["period", "year", "quarter", "note"]


class CooperativeEnterpriseSerializer(serializers.ModelSerializer):
    hq_region_name = serializers.CharField(source="hq_region.local_name", read_only=True)
    industry_name = serializers.CharField(source="industry.local_name", read_only=True)
    batches = serializers.SerializerMethodField(help_text="Numbers of its released batches.")
    cooperation_modes = serializers.SerializerMethodField()
    commendations = PublicCommendationSerializer(
        source="public_commendations", many=True, read_only=True
    )

    class Meta:
        model = Enterprise
        fields = [
            "id", "name", "ownership", "industry", "industry_name", "hq_region",
            "hq_region_name", "description", "website", "batches", "cooperation_modes",
            "commendations",
        ]  # fmt: skip

    def get_batches(self, enterprise) -> list[int]:
        return sorted({agreement.batch.number for agreement in enterprise.announced})

    def get_cooperation_modes(self, enterprise) -> list[str]:
        """Values of Agreement.CooperationMode."""
        return sorted({agreement.cooperation_mode for agreement in enterprise.announced})


class CooperativeEnterpriseListApi(PublicApiMixin, ListApiView):
    """The public directory: approved enterprises with an agreement in a released batch, by
    name; ``batch`` (id), ``industry`` (section letter), ``province`` (code),
    ``ownership`` and ``mode`` (cooperation mode) filter it."""

    serializer_class = CooperativeEnterpriseSerializer
    filterset_class = CooperativeEnterpriseFilter
    queryset = Enterprise.objects.none()  # the model, for the schema; rows: get_queryset

    def get_queryset(self):
        return selectors.directory_rows(enterprise_selectors.cooperative_enterprises())


class CooperativeEnterpriseDetailApi(PublicApiMixin, ApiView):
    """One cooperative enterprise's public page: its branches, open posts and verified share."""

    class OutputSerializer(CooperativeEnterpriseSerializer):
        class BranchSerializer(serializers.Serializer):
            name = serializers.CharField()
            region = serializers.CharField(source="region_id")
            region_name = serializers.CharField(source="region.local_name")

        class PostSerializer(serializers.Serializer):
            id = serializers.IntegerField()
            title = serializers.CharField()
            region_name = serializers.CharField(source="region.local_name")
            salary_min = serializers.IntegerField()
            salary_max = serializers.IntegerField()

        branches = BranchSerializer(many=True, source="branches_shown")
        open_posts = PostSerializer(many=True)
        open_posts_total = serializers.IntegerField()
        posts_published = serializers.IntegerField()
        posts_verified_genuine = serializers.IntegerField()

        class Meta(CooperativeEnterpriseSerializer.Meta):
            fields = [
                *CooperativeEnterpriseSerializer.Meta.fields,
                "branches", "open_posts", "open_posts_total", "posts_published",
                "posts_verified_genuine",
            ]  # fmt: skip

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request, pk):
        enterprise = get_object_or_404(
            selectors.directory_rows(enterprise_selectors.cooperative_enterprises()), pk=pk
        )
        posts = selectors.open_posts_of(enterprise)
        verification = selectors.verified_share(enterprise)
        enterprise.branches_shown = selectors.public_branches_of(enterprise)
        enterprise.open_posts = posts[:20]
        enterprise.open_posts_total = posts.count()
        enterprise.posts_published = verification["published"]
        enterprise.posts_verified_genuine = verification["verified"]
        return Response(self.OutputSerializer(enterprise).data)


class ReleasedBatchApi(PublicApiMixin, ApiView):
    """A batch released to the public: its enterprises with their pledges, and the pledged
    posts by province and by industry. Not found before its release date."""

    class OutputSerializer(serializers.Serializer):
        class PledgeSerializer(serializers.Serializer):
            enterprise = serializers.IntegerField(source="enterprise_id")
            enterprise_name = serializers.CharField(source="enterprise.name")
            cooperation_mode = serializers.ChoiceField(choices=Agreement.CooperationMode.choices)
            pledged_posts = serializers.IntegerField()

        class AreaSerializer(serializers.Serializer):
            code = serializers.CharField()
            pledged_posts = serializers.IntegerField()

        number = serializers.IntegerField()
        name = serializers.CharField()
        released_on = serializers.DateField()
        description = serializers.CharField()
        pledges = PledgeSerializer(many=True)
        by_province = AreaSerializer(many=True)
        by_industry = AreaSerializer(many=True)

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request, number):
        batch = get_object_or_404(CooperationBatch.objects.released(), number=number)
        pledges = enterprise_selectors.batch_pledges(batch)
        batch.pledges = pledges["agreements"]
        batch.by_province = [
            {"code": code, "pledged_posts": pledged}
            for code, pledged in sorted(pledges["by_province"].items())
        ]
        batch.by_industry = [
            {"code": row["enterprise__industry"], "pledged_posts": row["pledged"]}
            for row in pledges["by_industry"]
        ]
        return Response(self.OutputSerializer(batch).data)


# --- the quarterly report ------------------------------------------------------------------


class QuarterlyReportApi(ApiView):
    """The stored quarterly report of a scope the caller may see: ``scope`` is "nation" (the
    ministry) or a province's, city's or district's code (the ministry, or the bureau of that
    region or above); ``quarter`` as 2026Q3. ``figures`` holds the totals, the figures per
    batch and per enterprise, and the veterans' feedback (counts and mean scores, no
    comments; README "Quarterly reports"). Not found when not computed yet, and for a
    district that had no figure in the quarter."""

    permission_classes = [IsRegulator]

    class OutputSerializer(serializers.Serializer):
        quarter = serializers.CharField()
        scope = serializers.CharField()
        scope_name = serializers.CharField()
        computed_at = serializers.DateTimeField()
        figures = serializers.JSONField(
            help_text="totals, batches and enterprises (by id) and feedback, as the XLSX export"
            " has them."
        )

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request, quarter, scope):
        chosen_scope = selectors.scope_visible_to(request.user, scope)
        try:
            chosen = Quarter.parse(quarter)
        except ValueError as exc:
            raise Http404 from exc
        report = selectors.report_for(chosen_scope, chosen)
        if report is None:
            raise Http404
        return Response(
            self.OutputSerializer(
                {
                    "quarter": str(chosen),
                    "scope": chosen_scope.code,
                    "scope_name": str(chosen_scope),
                    "computed_at": report.computed_at,
                    "figures": report.figures,
                }
            ).data
        )


# --- commendations and warnings ------------------------------------------------------------


class CommendationSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    period = serializers.CharField(source="period_label", read_only=True)

    class Meta:
        model = Commendation
        fields = [
            "id", "kind", "enterprise", "enterprise_name", "period", "year", "quarter",
            "status", "proposed_by_portal", "figures", "note", "decided_at",
        ]  # fmt: skip


class CommendationFilter(django_filters.FilterSet):
    period = django_filters.CharFilter(
        label="period", method="in_period", help_text="2026Q3, or 2026 for the year's list."
    )

    class Meta:
        model = Commendation
        fields = ["kind", "status", "period"]

    def in_period(self, queryset, name, value):
        period = parse_period(value)
        if period is None:
            return queryset.none()
        return queryset.filter(year=period[0], quarter=period[1])


class CommendationListApi(ListApiView):
    """The lists the caller may see: the ministry every entry, proposed or decided; a bureau
    the confirmed commendations and warnings of the enterprises it oversees."""

    permission_classes = [IsRegulator]
    serializer_class = CommendationSerializer
    filterset_class = CommendationFilter
    queryset = Commendation.objects.none()

    def get_queryset(self):
        entries = enterprise_selectors.commendations_visible_to(self.request.user)
        return entries.order_by("-year", "-quarter", "kind", "enterprise__name", "pk")


class DecisionInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=NOTE_MAX)


def _decision_api(service, class_name: str, doc: str):
    class DecisionApi(ApiView):
        # A bureau reaches the service's rule (may_decide_commendation), as on the page.
        permission_classes = [IsRegulator]
        InputSerializer = DecisionInputSerializer

        @extend_schema(request=DecisionInputSerializer, responses={200: CommendationSerializer})
        def post(self, request, pk):
            entry = get_object_or_404(
                enterprise_selectors.commendations_visible_to(request.user), pk=pk
            )
            data = validated(DecisionInputSerializer, request)
            entry = service(entry=entry, decider=request.user, note=data["note"])
            return Response(CommendationSerializer(entry).data)

    DecisionApi.__name__ = DecisionApi.__qualname__ = class_name
    DecisionApi.__doc__ = doc
    return DecisionApi


CommendationConfirmApi = _decision_api(
    commendations.commendation_confirm,
    "CommendationConfirmApi",
    "Confirm an entry (a proposed or a dismissed one), with a note.",
)
CommendationDismissApi = _decision_api(
    commendations.commendation_dismiss,
    "CommendationDismissApi",
    "Take an entry off its list (a proposed or a confirmed one), with a note.",
)


class CommendationAddApi(ApiView):
    """Amend a list of a period that is over with an enterprise the criteria did not
    propose; the entry is confirmed at once."""

    permission_classes = [IsMinistry]

    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=Commendation.Kind.choices)
        period = serializers.CharField(max_length=6, help_text="2026Q3, or 2026 for a year.")
        credit_code = serializers.CharField(max_length=18)
        note = serializers.CharField(max_length=NOTE_MAX)

        def validate_period(self, value):
            period = parse_period(value)
            if period is None:
                raise serializers.ValidationError(PERIOD_INVALID)
            return period

    @extend_schema(request=InputSerializer, responses={201: CommendationSerializer})
    def post(self, request):
        data = validated(self.InputSerializer, request)
        year, quarter = data["period"]
        entry = commendations.commendation_add(
            kind=data["kind"],
            credit_code=data["credit_code"],
            year=year,
            quarter=quarter,
            decider=request.user,
            note=data["note"],
        )
        return Response(CommendationSerializer(entry).data, status=201)


# --- notices -------------------------------------------------------------------------------


class QuarterlyNoticeSerializer(serializers.ModelSerializer):
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


class QuarterlyNoticeListApi(ListApiView):
    """The notices addressed to the caller's enterprise, bureau or ministry, newest first.
    ``figures`` holds ``current`` and ``previous`` (the figures of the quarter and the one
    before), ``rank`` among ``peers``, and ``reasons`` when behind the pledge."""

    permission_classes = [IsOrganisationStaff]
    serializer_class = QuarterlyNoticeSerializer

    def get_queryset(self):
        return selectors.notices_of(self.request.user).select_related("enterprise", "region")


class QuarterlyNoticeDetailApi(ApiView):
    permission_classes = [IsOrganisationStaff]

    @extend_schema(responses={200: QuarterlyNoticeSerializer})
    def get(self, request, pk):
        rows = selectors.notices_of(request.user).select_related("enterprise", "region")
        return Response(QuarterlyNoticeSerializer(get_object_or_404(rows, pk=pk)).data)


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
        return selectors.meeting_pages_of(self.request.user)


class MeetingDetailApi(ApiView):
    permission_classes = [IsOrganisationStaff]

    @extend_schema(responses={200: MeetingSerializer})
    def get(self, request, pk):
        rows = selectors.meeting_pages_of(request.user)
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
