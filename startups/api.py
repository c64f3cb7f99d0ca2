"""/api/v1/ operations of a veteran on their start-ups and the policies open to them: the
same services, selectors and eligibility rules as the pages."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from portal.accounts.permissions import IsVeteran
from portal.api import ApiView, ListApiView, validated
from portal.reference.models import Industry, Region
from startups import selectors, services
from startups.eligibility import evaluate
from startups.models import StartUp
from veterans.policies import profile_required


class StartUpSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)
    industry_name = serializers.CharField(source="industry.name", read_only=True)
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
    region_name = serializers.CharField(source="policy.region.name")
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
