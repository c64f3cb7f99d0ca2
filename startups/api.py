"""/api/v1/ operations of a veteran on their start-ups and the policies open to them: the
same services, selectors and eligibility rules as the pages."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from portal.accounts.permissions import IsRegulator, IsVeteran
from portal.api import ApiView, ListApiView, validated
from portal.reference.models import Industry, Region
from startups import selectors, services
from startups.eligibility import evaluate
from startups.models import Mentor, MentorPair, MentorRequest, MentorSession, StartUp
from veterans.policies import profile_required


class StartUpSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.local_name", read_only=True)
    industry_name = serializers.CharField(source="industry.local_name", read_only=True)
    badge = serializers.SerializerMethodField(
        help_text="退役军人创业企业 once a bureau has confirmed the start-up; empty before."
    )

    class Meta:
        model = StartUp
        fields = [
            "id", "name", "co_founded", "credit_code", "founded_on", "industry",
            "industry_name", "region", "region_name", "address", "stage", "employees",
            "veteran_employees", "description", "status", "decision_reason", "declared_at",
            "reviewed_at", "badge",
        ]  # fmt: skip

    def get_badge(self, startup) -> str:
        return "退役军人创业企业" if startup.status == StartUp.Status.CONFIRMED else ""


class StartUpListApi(ListApiView):
    """The requesting veteran's declared start-ups, the newest first."""

    permission_classes = [IsVeteran]
    serializer_class = StartUpSerializer
    queryset = StartUp.objects.none()  # the model, for the schema; rows: get_queryset

    def get_queryset(self):
        return selectors.own_startups(self.request.user)


class StartUpDetailApi(ApiView):
    permission_classes = [IsVeteran]

    @extend_schema(responses={200: StartUpSerializer})
    def get(self, request, pk):
        startup = get_object_or_404(selectors.own_startups(request.user), pk=pk)
        return Response(StartUpSerializer(startup).data)


class StartUpDeclareApi(ApiView):
    """Declare a business the veteran founded or co-founded; a bureau of its region
    confirms it. The credit code is checked (GB 32100-2015) and stored compact."""

    permission_classes = [IsVeteran]

    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=128)
        co_founded = serializers.BooleanField(required=False, default=False)
        credit_code = serializers.CharField(max_length=32)
        founded_on = serializers.DateField()
        industry = serializers.PrimaryKeyRelatedField(queryset=Industry.objects.all())
        region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.cities())
        address = serializers.CharField(max_length=255)
        stage = serializers.ChoiceField(choices=StartUp.Stage.choices)
        employees = serializers.IntegerField(min_value=0)
        veteran_employees = serializers.IntegerField(min_value=0)
        description = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses={201: StartUpSerializer})
    def post(self, request):
        data = validated(self.InputSerializer, request)
        startup = services.startup_declare(user=request.user, **data)
        startup = selectors.own_startups(request.user).get(pk=startup.pk)
        return Response(StartUpSerializer(startup).data, status=status.HTTP_201_CREATED)


class VerdictSerializer(serializers.Serializer):
    rule = serializers.CharField(source="rule.kind")
    number = serializers.IntegerField(source="rule.number", allow_null=True)
    passed = serializers.BooleanField()
    reason = serializers.CharField(help_text="In plain words, in the caller's language.")


class EvaluationSerializer(serializers.Serializer):
    policy = serializers.IntegerField(source="policy.pk")
    title = serializers.CharField(source="policy.title")
    kind = serializers.CharField(source="policy.kind")
    region_name = serializers.CharField(source="policy.region.local_name")
    conditions = serializers.CharField(source="policy.conditions")
    how_to_apply = serializers.CharField(source="policy.how_to_apply")
    eligible = serializers.BooleanField()
    verdicts = VerdictSerializer(many=True)


class EligibilityApi(ApiView):
    """The support policies of the veteran's regions, each evaluated against their profile
    and their confirmed start-up: every rule passed or failed, with its reason."""

    permission_classes = [IsVeteran]

    @extend_schema(responses={200: EvaluationSerializer(many=True)})
    def get(self, request):
        profile = profile_required(request.user)
        startup = selectors.confirmed_startup_of(profile)
        today = timezone.localdate()
        evaluations = [
            evaluate(policy, profile=profile, startup=startup, today=today)
            for policy in selectors.policies_for(profile, startup)
        ]
        return Response(EvaluationSerializer(evaluations, many=True).data)


# Mentoring ----------------------------------------------------------------------------------


class MentorSessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = MentorSession
        fields = ["id", "held_on", "note"]


class MentorPairSerializer(serializers.ModelSerializer):
    mentor_name = serializers.CharField(source="mentor.profile.full_name", read_only=True)
    mentee_name = serializers.CharField(source="request.veteran.full_name", read_only=True)
    need = serializers.CharField(source="request.need", read_only=True)
    sessions = MentorSessionSerializer(many=True, read_only=True)

    class Meta:
        model = MentorPair
        fields = ["id", "mentor_name", "mentee_name", "need", "created_at", "sessions"]


class MentorRequestSerializer(serializers.ModelSerializer):
    industry_name = serializers.CharField(source="industry.local_name", read_only=True)
    region_name = serializers.CharField(source="region.local_name", read_only=True)

    class Meta:
        model = MentorRequest
        fields = [
            "id", "industry", "industry_name", "region", "region_name", "need", "status",
            "created_at",
        ]  # fmt: skip


class MentorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Mentor
        fields = ["industry", "region", "capacity", "experience", "active"]


class MentoringSerializer(serializers.Serializer):
    mentor = MentorSerializer(allow_null=True, help_text="What the veteran offers as a mentor.")
    requests = MentorRequestSerializer(many=True)
    pairs = MentorPairSerializer(many=True, help_text="As mentor or as mentee.")


class MentoringApi(ApiView):
    """The veteran's mentoring, as the page shows it: what they offer as a mentor, their
    requests for one, and the pairs they are in with the sessions recorded."""

    permission_classes = [IsVeteran]

    @extend_schema(responses={200: MentoringSerializer})
    def get(self, request):
        profile = profile_required(request.user)
        mentoring = {
            "mentor": Mentor.objects.filter(profile=profile).first(),
            "requests": selectors.mentor_requests_visible_to(request.user).order_by("-created_at"),
            "pairs": selectors.pairs_of(profile),
        }
        return Response(MentoringSerializer(mentoring).data)


class MentorRequestCreateApi(ApiView):
    """Ask for a mentor; the bureau of the city pairs the veteran with one."""

    permission_classes = [IsVeteran]

    class InputSerializer(serializers.Serializer):
        industry = serializers.PrimaryKeyRelatedField(queryset=Industry.objects.all())
        region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.cities())
        need = serializers.CharField(max_length=1000)

    @extend_schema(request=InputSerializer, responses={201: MentorRequestSerializer})
    def post(self, request):
        data = validated(self.InputSerializer, request)
        asked = services.mentor_request_create(user=request.user, **data)
        return Response(MentorRequestSerializer(asked).data, status=status.HTTP_201_CREATED)


class MentorSessionCreateApi(ApiView):
    """Record a session of a pair the veteran is in (as mentor or mentee)."""

    permission_classes = [IsVeteran]

    class InputSerializer(serializers.Serializer):
        held_on = serializers.DateField()
        note = serializers.CharField(max_length=1000)

    @extend_schema(request=InputSerializer, responses={201: MentorSessionSerializer})
    def post(self, request, pk):
        pair = get_object_or_404(selectors.pairs_of(profile_required(request.user)), pk=pk)
        data = validated(self.InputSerializer, request)
        session = services.mentor_session_record(pair=pair, user=request.user, **data)
        return Response(MentorSessionSerializer(session).data, status=status.HTTP_201_CREATED)


class SuggestedMentorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="profile.full_name")
    mentees = serializers.IntegerField(help_text="Mentees paired with so far.")

    class Meta:
        model = Mentor
        fields = ["id", "name", "industry", "region", "capacity", "mentees"]


class WaitingRequestSerializer(MentorRequestSerializer):
    veteran_name = serializers.CharField(source="veteran.full_name", read_only=True)
    suggestions = SuggestedMentorSerializer(many=True, read_only=True)

    class Meta(MentorRequestSerializer.Meta):
        fields = [*MentorRequestSerializer.Meta.fields, "veteran_name", "suggestions"]


class MentorRequestQueueApi(ListApiView):
    """The region's requests waiting for a mentor, the oldest first, each with the mentors
    the portal suggests (the same industry first, then the same city, with room)."""

    permission_classes = [IsRegulator]
    serializer_class = WaitingRequestSerializer
    queryset = MentorRequest.objects.none()  # the model, for the schema; rows: get_queryset

    def get_queryset(self):
        waiting = selectors.mentor_requests_visible_to(self.request.user)
        return waiting.filter(status=MentorRequest.Status.OPEN).order_by("created_at", "pk")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        suggestions = selectors.mentor_suggestions(page)
        for item in page:
            item.suggestions = suggestions[item.pk]
        return page


class MentorPairApi(ApiView):
    """Pair a waiting request of the bureau's region with a mentor who has room; both are
    told. The page's rule (startups.may_pair_mentor) refuses alike."""

    permission_classes = [IsRegulator]

    class InputSerializer(serializers.Serializer):
        mentor = serializers.IntegerField(min_value=1)

    @extend_schema(request=InputSerializer, responses={201: MentorPairSerializer})
    def post(self, request, pk):
        asked = get_object_or_404(selectors.mentor_requests_visible_to(request.user), pk=pk)
        data = validated(self.InputSerializer, request)
        mentor = get_object_or_404(Mentor.objects.all(), pk=data["mentor"])
        pair = services.mentor_pair(request=asked, mentor=mentor, officer=request.user)
        pair = selectors.pairs_of(asked.veteran).get(pk=pair.pk)
        return Response(MentorPairSerializer(pair).data, status=status.HTTP_201_CREATED)
