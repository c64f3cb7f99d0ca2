"""/api/v1/ operations of referrals: the bureau's list of veterans it may refer (masked) and
its referral, the referrals made or received, and the enterprise's answer."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from jobs.models import JobPost, Referral
from jobs.referrals import selectors, services
from jobs.referrals.forms import CandidateFilter
from portal.accounts.permissions import IsBureau, IsEnterpriseStaff
from portal.accounts.privacy import mask_name
from portal.api import ApiView, ListApiView, ScopedPrimaryKeyRelatedField, validated
from portal.text import limit_of


class CandidateSerializer(serializers.Serializer):
    """A veteran the bureau may refer, masked: no name beyond the family name, no numbers."""

    id = serializers.IntegerField(source="pk")
    name = serializers.SerializerMethodField(help_text="Masked: 张**.")
    home_region = serializers.CharField(source="home_region.local_name")
    military_specialty = serializers.CharField(
        source="military_specialty.name", default="", allow_null=True
    )
    discharge_year = serializers.SerializerMethodField()
    education = serializers.IntegerField()
    months_searching = serializers.SerializerMethodField()
    hard_to_place = serializers.SerializerMethodField()
    skills = serializers.SerializerMethodField()

    def get_name(self, profile) -> str:
        return mask_name(profile.full_name)

    def get_discharge_year(self, profile) -> int | None:
        return profile.discharge_date.year if profile.discharge_date else None

    def get_months_searching(self, profile) -> int:
        return selectors.months_searching(profile)

    def get_hard_to_place(self, profile) -> bool:
        return selectors.is_hard_to_place(profile)

    def get_skills(self, profile) -> list[str]:
        return [link.skill.name for link in profile.skill_links.all()]


# The page's filters (jobs.referrals.forms.CandidateFilter, which also checks them here).
CANDIDATE_FILTERS = [
    OpenApiParameter("military_specialty", int, description="A military specialty's id."),
    OpenApiParameter("skill", int, description="A skill's id."),
    OpenApiParameter("discharge_year", int),
    OpenApiParameter("months_searching_min", int),
    OpenApiParameter(
        "hard_to_place", bool, description="Searching longer than REFERRAL_HARD_TO_PLACE_MONTHS."
    ),
]


@extend_schema_view(get=extend_schema(parameters=CANDIDATE_FILTERS))
class ReferralCandidateListApi(ListApiView):
    """Job-seeking veterans of the bureau's region subtree who consented to referrals,
    longest searching first."""

    permission_classes = [IsBureau]
    serializer_class = CandidateSerializer

    def get_queryset(self):
        form = CandidateFilter(self.request.query_params or None)
        if form.is_bound and not form.is_valid():
            raise serializers.ValidationError(form.errors)
        candidates = selectors.referral_candidates_for(self.request.user)
        return selectors.filter_candidates(candidates, **form.filters())


class ReferralCandidateDetailApi(ApiView):
    permission_classes = [IsBureau]

    @extend_schema(responses={200: CandidateSerializer})
    def get(self, request, pk):
        profile = get_object_or_404(selectors.referral_candidates_for(request.user), pk=pk)
        return Response(CandidateSerializer(profile).data)


class ReferralSerializer(serializers.ModelSerializer):
    veteran_name = serializers.SerializerMethodField(help_text="Masked: 张**.")
    post_title = serializers.CharField(source="post.title")
    enterprise_name = serializers.CharField(source="post.branch.enterprise.name")
    bureau = serializers.CharField(source="bureau_region.name")

    class Meta:
        model = Referral
        fields = [
            "id", "veteran_name", "post", "post_title", "enterprise_name", "bureau", "note",
            "status", "answer_due_on", "decline_reason", "answered_at", "application",
            "created_at",
        ]  # fmt: skip

    def get_veteran_name(self, referral) -> str:
        return mask_name(referral.veteran.full_name)


def _no_veterans(request):
    if request.user.is_authenticated and request.user.is_veteran:
        raise NotFound()


class ReferralListApi(ListApiView):
    """Referrals a bureau made (its region subtree) or an enterprise received; overdue
    first, then open by due date."""

    serializer_class = ReferralSerializer
    filterset_fields = ["status"]
    answers_not_found = True  # to a veteran, as the page does

    def get_queryset(self):
        _no_veterans(self.request)
        referrals = selectors.referrals_visible_to(self.request.user)
        return selectors.referral_waiting_first(referrals)


class ReferralDetailApi(ApiView):
    @extend_schema(responses={200: ReferralSerializer})
    def get(self, request, pk):
        _no_veterans(request)
        referral = get_object_or_404(selectors.referrals_visible_to(request.user), pk=pk)
        return Response(ReferralSerializer(referral).data)


class ReferralCreateApi(ApiView):
    """Refer the veteran to a post open to applications in the bureau's region subtree;
    the enterprise has REFERRAL_ANSWER_WORKING_DAYS working days to answer."""

    permission_classes = [IsBureau]

    class InputSerializer(serializers.Serializer):
        post = ScopedPrimaryKeyRelatedField(
            selector=selectors.referable_posts_for, queryset=JobPost.objects.all()
        )
        note = serializers.CharField(
            max_length=limit_of(Referral, "note"), required=False, allow_blank=True, default=""
        )

    @extend_schema(request=InputSerializer, responses={201: ReferralSerializer})
    def post(self, request, pk):
        profile = get_object_or_404(selectors.referral_candidates_for(request.user), pk=pk)
        data = validated(self.InputSerializer, request)
        referral = services.referral_make(officer=request.user, veteran=profile, **data)
        referral = selectors.referrals_visible_to(request.user).get(pk=referral.pk)
        return Response(ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)


def _answerable(request, pk) -> Referral:
    return get_object_or_404(selectors.referrals_visible_to(request.user), pk=pk)


class ReferralTakeUpApi(ApiView):
    """Take the referred veteran into the pipeline: an application is created, linked to
    the referral, and the veteran is told (they may withdraw it)."""

    permission_classes = [IsEnterpriseStaff]

    @extend_schema(request=None, responses={200: ReferralSerializer})
    def post(self, request, pk):
        referral = services.referral_take_up(referral=_answerable(request, pk), actor=request.user)
        return Response(ReferralSerializer(_answerable(request, referral.pk)).data)


class ReferralDeclineApi(ApiView):
    permission_classes = [IsEnterpriseStaff]

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=limit_of(Referral, "decline_reason"))

    @extend_schema(request=InputSerializer, responses={200: ReferralSerializer})
    def post(self, request, pk):
        referral = _answerable(request, pk)
        data = validated(self.InputSerializer, request)
        referral = services.referral_decline(referral=referral, actor=request.user, **data)
        return Response(ReferralSerializer(_answerable(request, referral.pk)).data)
