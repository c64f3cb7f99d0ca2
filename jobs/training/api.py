"""/api/v1/ operations of training: institutions and programmes (read by every signed-in
user, written by the bureau of the region), enrolment and withdrawal (the veteran),
attendance and completion (the bureau), and skill gaps: a veteran's for a post with the
programmes that close it, and the bureau's of its region."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from enterprises.selectors import agreements_visible_to
from jobs.api.veteran import _visible_post
from jobs.models import TrainingAgreementLink
from jobs.training import cooperation, selectors, services
from jobs.training.gaps import region_skill_gaps, training_for_post
from portal.accounts.permissions import (
    IsBureau,
    IsProgrammeWriter,
    IsRegulator,
    IsTrainingStaff,
    IsVeteran,
)
from portal.api import ApiView, ListApiView, ScopedPrimaryKeyRelatedField, validated
from portal.reference.models import Region, Skill
from veterans.api import own_profile
from veterans.models import Enrolment, InstitutionMember, TrainingInstitution, TrainingProgramme

SEATED = Q(enrolments__status__in=Enrolment.SEATED)


class InstitutionSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.local_name", read_only=True)

    class Meta:
        model = TrainingInstitution
        fields = ["id", "name", "region", "region_name", "address", "contact_name", "contact_phone"]


class ProgrammeSerializer(serializers.ModelSerializer):
    class SkillSerializer(serializers.ModelSerializer):
        class Meta:
            model = Skill
            fields = ["id", "code", "name", "name_en"]

    institution = InstitutionSerializer(read_only=True)
    skills = SkillSerializer(many=True, read_only=True)
    seats_taken = serializers.IntegerField(read_only=True)

    class Meta:
        model = TrainingProgramme
        fields = [
            "id", "title", "kind", "institution", "region", "place", "starts_on", "ends_on",
            "seats", "seats_taken", "cost", "skills", "status", "decision_reason",
        ]  # fmt: skip


class EnrolmentSerializer(serializers.ModelSerializer):
    programme_title = serializers.CharField(source="programme.title", read_only=True)
    veteran_name = serializers.CharField(source="veteran.full_name", read_only=True)

    class Meta:
        model = Enrolment
        fields = [
            "id", "programme", "programme_title", "veteran", "veteran_name", "status",
            "enrolled_at", "completed_on",
        ]  # fmt: skip


def _programmes(user):
    programmes = selectors.programmes_visible_to(user).annotate(
        seats_taken=Count("enrolments", filter=SEATED)
    )
    return programmes.select_related("institution__region").prefetch_related("skills")


def _programme_answer(request, programme, code=status.HTTP_200_OK) -> Response:
    programme = _programmes(request.user).get(pk=programme.pk)
    return Response(ProgrammeSerializer(programme).data, status=code)


# --- institutions --------------------------------------------------------------------------


class InstitutionListApi(ListApiView):
    """The institutions of the bureau's region subtree (all of them for the ministry; its
    own for an institution's staff)."""

    permission_classes = [IsTrainingStaff]
    serializer_class = InstitutionSerializer
    queryset = TrainingInstitution.objects.none()  # the model, for the schema

    def get_queryset(self):
        return selectors.institutions_visible_to(self.request.user).order_by("name", "pk")


class InstitutionInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=128)
    region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all())
    address = serializers.CharField(max_length=255)
    contact_name = serializers.CharField(max_length=64)
    contact_phone = serializers.CharField(max_length=20)


class InstitutionCreateApi(ApiView):
    """Register an institution in a region of the bureau's subtree."""

    permission_classes = [IsBureau]

    @extend_schema(request=InstitutionInputSerializer, responses={201: InstitutionSerializer})
    def post(self, request):
        data = validated(InstitutionInputSerializer, request)
        institution = services.training_institution_create(bureau_user=request.user, **data)
        return Response(InstitutionSerializer(institution).data, status=status.HTTP_201_CREATED)


class InstitutionUpdateApi(ApiView):
    """Change the fields given."""

    permission_classes = [IsBureau]

    @extend_schema(request=InstitutionInputSerializer, responses={200: InstitutionSerializer})
    def patch(self, request, pk):
        institution = get_object_or_404(selectors.institutions_visible_to(request.user), pk=pk)
        data = validated(InstitutionInputSerializer, request, partial=True)
        institution = services.training_institution_update(
            institution=institution, bureau_user=request.user, **data
        )
        return Response(InstitutionSerializer(institution).data)


# --- programmes ----------------------------------------------------------------------------


class ProgrammeListApi(ListApiView):
    """Programmes: a bureau's of its region, everyone else's all; ``open=true`` keeps those
    open for enrolment (not started, a seat left), ``skill`` those teaching a skill."""

    permission_classes = [IsAuthenticated]
    serializer_class = ProgrammeSerializer
    queryset = TrainingProgramme.objects.none()  # the model, for the schema

    @extend_schema(
        parameters=[
            OpenApiParameter("skill", int, description="Only programmes teaching this skill."),
            OpenApiParameter("open", bool, description="Only programmes open for enrolment."),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        programmes = _programmes(self.request.user).order_by("starts_on", "pk")
        skill = self.request.query_params.get("skill", "")
        if skill.isdigit():
            taught = TrainingProgramme.skills.through.objects.filter(skill_id=skill)
            programmes = programmes.filter(pk__in=taught.values("trainingprogramme_id"))
        if self.request.query_params.get("open") in ("true", "1"):
            open_ids = selectors.programmes_open_for_enrolment().values("pk")
            programmes = programmes.filter(pk__in=open_ids)
        return programmes


class ProgrammeDetailApi(ApiView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: ProgrammeSerializer})
    def get(self, request, pk):
        return _programme_answer(request, get_object_or_404(_programmes(request.user), pk=pk))


class ProgrammeInputSerializer(serializers.Serializer):
    institution = ScopedPrimaryKeyRelatedField(
        selector=selectors.institutions_visible_to, queryset=TrainingInstitution.objects.all()
    )
    title = serializers.CharField(max_length=128)
    kind = serializers.ChoiceField(
        choices=TrainingProgramme.Kind.choices, default=TrainingProgramme.Kind.VOCATIONAL
    )
    region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all())
    place = serializers.CharField(max_length=255)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    seats = serializers.IntegerField(min_value=1)
    cost = serializers.DecimalField(max_digits=9, decimal_places=2, min_value=0, default=0)
    skills = serializers.PrimaryKeyRelatedField(
        queryset=Skill.objects.all(), many=True, allow_empty=False
    )


class ProgrammeCreateApi(ApiView):
    """Create a programme of an institution of the bureau's region, in its region; an
    institution's staff propose one of their own (``institution`` left out), which waits
    for the bureau's approval."""

    permission_classes = [IsProgrammeWriter]
    answers_not_found = True  # an institution account of no institution, as the page

    @extend_schema(request=ProgrammeInputSerializer, responses={201: ProgrammeSerializer})
    def post(self, request):
        if request.user.is_institution_staff:
            if selectors.institution_of(request.user) is None:
                raise NotFound  # as the page: an account of no institution
            data = validated(ProposalInputSerializer, request)
            programme = services.training_programme_propose(proposer=request.user, **data)
        else:
            data = validated(ProgrammeInputSerializer, request)
            programme = services.training_programme_create(bureau_user=request.user, **data)
        return _programme_answer(request, programme, status.HTTP_201_CREATED)


class ProposalInputSerializer(ProgrammeInputSerializer):
    institution = None


class ProgrammeUpdateApi(ApiView):
    """Change the fields given; seats never below the seats already taken (409). An
    institution changes its proposals only; a rejected one goes back to the bureau."""

    permission_classes = [IsProgrammeWriter]

    @extend_schema(request=ProgrammeInputSerializer, responses={200: ProgrammeSerializer})
    def patch(self, request, pk):
        programme = get_object_or_404(selectors.programmes_visible_to(request.user), pk=pk)
        own = request.user.is_institution_staff
        serializer = ProposalInputSerializer if own else ProgrammeInputSerializer
        data = validated(serializer, request, partial=True)
        skills = data.pop("skills", None) or list(programme.skills.all())
        if own:
            programme = services.training_programme_revise(
                programme=programme, editor=request.user, skills=skills, **data
            )
        else:
            programme = services.training_programme_update(
                programme=programme, bureau_user=request.user, skills=skills, **data
            )
        return _programme_answer(request, programme)


class ProgrammeApproveApi(ApiView):
    """Approve an institution's proposal: veterans can then find it and enrol."""

    permission_classes = [IsBureau]

    @extend_schema(request=None, responses={200: ProgrammeSerializer})
    def post(self, request, pk):
        programme = get_object_or_404(selectors.programmes_visible_to(request.user), pk=pk)
        programme = services.training_programme_approve(programme=programme, reviewer=request.user)
        return _programme_answer(request, programme)


class ProgrammeRejectApi(ApiView):
    """Reject an institution's proposal, with the reason it reads."""

    permission_classes = [IsBureau]

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=1000)

    @extend_schema(request=InputSerializer, responses={200: ProgrammeSerializer})
    def post(self, request, pk):
        programme = get_object_or_404(selectors.programmes_visible_to(request.user), pk=pk)
        reason = validated(self.InputSerializer, request)["reason"]
        programme = services.training_programme_reject(
            programme=programme, reviewer=request.user, reason=reason
        )
        return _programme_answer(request, programme)


# --- an institution's staff accounts -------------------------------------------------------


class InstitutionStaffSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username")
    email = serializers.EmailField(source="user.email")
    is_active = serializers.BooleanField(source="user.is_active")

    class Meta:
        model = InstitutionMember
        fields = ["id", "institution", "username", "email", "is_active", "joined_at"]


class InstitutionStaffInviteApi(ApiView):
    """Create a staff account of an institution of the bureau's region; the e-mail to
    ``email`` carries the link that sets its password."""

    permission_classes = [IsBureau]

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=150)
        email = serializers.EmailField(max_length=254)
        first_name = serializers.CharField(
            max_length=150, required=False, allow_blank=True, default=""
        )
        last_name = serializers.CharField(
            max_length=150, required=False, allow_blank=True, default=""
        )

    @extend_schema(request=InputSerializer, responses={201: InstitutionStaffSerializer})
    def post(self, request, pk):
        institution = get_object_or_404(selectors.institutions_visible_to(request.user), pk=pk)
        data = validated(self.InputSerializer, request)
        member = services.training_institution_staff_invite(
            institution=institution, inviter=request.user, **data
        )
        return Response(InstitutionStaffSerializer(member).data, status=status.HTTP_201_CREATED)


class InstitutionStaffDeactivateApi(ApiView):
    """Deactivate a staff account of an institution of the bureau's region."""

    permission_classes = [IsBureau]

    @extend_schema(request=None, responses={200: InstitutionStaffSerializer})
    def post(self, request, pk):
        institutions = selectors.institutions_visible_to(request.user)
        members = InstitutionMember.objects.filter(institution__in=institutions)
        member = get_object_or_404(members.select_related("institution__region"), pk=pk)
        services.training_institution_staff_deactivate(member=member, manager=request.user)
        member.user.refresh_from_db()
        return Response(InstitutionStaffSerializer(member).data)


# --- enrolments ----------------------------------------------------------------------------


class ProgrammeEnrolApi(ApiView):
    """Take a seat in a programme that has not started; 409 when full or already enrolled."""

    permission_classes = [IsVeteran]

    @extend_schema(request=None, responses={201: EnrolmentSerializer})
    def post(self, request, pk):
        programme = get_object_or_404(selectors.programmes_visible_to(request.user), pk=pk)
        enrolment = services.enrolment_create(programme=programme, veteran=own_profile(request))
        return Response(EnrolmentSerializer(enrolment).data, status=status.HTTP_201_CREATED)


class MyEnrolmentListApi(ListApiView):
    permission_classes = [IsVeteran]
    serializer_class = EnrolmentSerializer
    queryset = Enrolment.objects.none()  # the model, for the schema

    def get_queryset(self):
        return selectors.enrolments_visible_to(self.request.user).order_by("-enrolled_at", "-pk")


class EnrolmentWithdrawApi(ApiView):
    permission_classes = [IsVeteran]

    @extend_schema(request=None, responses={200: EnrolmentSerializer})
    def post(self, request, pk):
        enrolment = get_object_or_404(selectors.enrolments_visible_to(request.user), pk=pk)
        enrolment = services.enrolment_withdraw(enrolment=enrolment, veteran=enrolment.veteran)
        return Response(EnrolmentSerializer(enrolment).data)


class ProgrammeEnrolmentListApi(ListApiView):
    """The roll of a programme of the bureau's region, or of the institution's own."""

    permission_classes = [IsTrainingStaff]
    serializer_class = EnrolmentSerializer
    queryset = Enrolment.objects.none()  # the model, for the schema

    def get_queryset(self):
        user = self.request.user
        programme = get_object_or_404(selectors.programmes_visible_to(user), pk=self.kwargs["pk"])
        enrolments = selectors.enrolments_visible_to(user).filter(programme=programme)
        return enrolments.order_by("enrolled_at", "pk")


def _recorded(request, pk, call) -> Response:
    enrolment = get_object_or_404(selectors.enrolments_visible_to(request.user), pk=pk)
    return Response(EnrolmentSerializer(call(enrolment)).data)


class EnrolmentStartApi(ApiView):
    """Record that the veteran attends."""

    permission_classes = [IsTrainingStaff]

    @extend_schema(request=None, responses={200: EnrolmentSerializer})
    def post(self, request, pk):
        return _recorded(
            request, pk, lambda e: services.enrolment_start(enrolment=e, recorder=request.user)
        )


class EnrolmentCompleteApi(ApiView):
    """Record completion: the programme's skills join the veteran's profile, verified."""

    permission_classes = [IsTrainingStaff]

    class InputSerializer(serializers.Serializer):
        completed_on = serializers.DateField()

    @extend_schema(request=InputSerializer, responses={200: EnrolmentSerializer})
    def post(self, request, pk):
        on = validated(self.InputSerializer, request)["completed_on"]
        return _recorded(
            request,
            pk,
            lambda e: services.enrolment_complete(enrolment=e, recorder=request.user, on=on),
        )


class EnrolmentDropApi(ApiView):
    """Record that the veteran did not complete."""

    permission_classes = [IsTrainingStaff]

    @extend_schema(request=None, responses={200: EnrolmentSerializer})
    def post(self, request, pk):
        return _recorded(
            request, pk, lambda e: services.enrolment_drop(enrolment=e, recorder=request.user)
        )


# --- skill gaps ----------------------------------------------------------------------------


class SkillSerializer(serializers.ModelSerializer):
    class Meta:
        model = Skill
        fields = ["id", "code", "name", "name_en"]


class OfferSerializer(serializers.Serializer):
    programme = ProgrammeSerializer()
    teaches = SkillSerializer(many=True, help_text="The skills you miss that it teaches.")
    posts_helped = serializers.IntegerField(
        help_text="Your best posts (recommendations and this one) with a missing skill it teaches."
    )
    posts_closed = serializers.IntegerField(
        help_text="Your best posts whose every missing skill it teaches."
    )


class PostSkillGapApi(ApiView):
    """The post's required skills you do not hold (counted as the matching engine counts:
    profile, completed training, military specialty) and the programmes near you, open for
    enrolment, that teach them, the most helpful first."""

    permission_classes = [IsVeteran]

    class OutputSerializer(serializers.Serializer):
        missing = SkillSerializer(many=True)
        programmes = OfferSerializer(many=True)

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request, pk):
        post = _visible_post(request, pk)
        own_profile(request)  # refused until the veteran has a profile
        return Response(self.OutputSerializer(training_for_post(request.user, post)).data)


class SkillGapListApi(ApiView):
    """Skills most often missing among looking veterans of the bureau's region: for each,
    the veterans who lack it while an open post of the region, or one of their current
    recommendations, requires it."""

    permission_classes = [IsBureau]

    class OutputSerializer(serializers.Serializer):
        class GapSerializer(serializers.Serializer):
            skill = SkillSerializer()
            veterans_missing = serializers.IntegerField()
            open_posts = serializers.IntegerField()
            openings = serializers.IntegerField()
            programmes = serializers.IntegerField(
                help_text="Programmes of the region open for enrolment that teach it."
            )

        looking_veterans = serializers.IntegerField()
        gaps = GapSerializer(many=True)

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request):
        seekers, gaps = region_skill_gaps(request.user)
        data = {"looking_veterans": seekers, "gaps": gaps}
        return Response(self.OutputSerializer(data).data)


# --- training cooperation: programmes linked to a training agreement (issue 19) ------------


class AgreementProgrammeLinkSerializer(serializers.ModelSerializer):
    """A programme linked to a training-cooperation agreement, with the interviews its
    completers were guaranteed: given (on an application at the interview stage), owed
    (the enterprise had no open post yet) and lapsed (still owed when the agreement
    ended)."""

    programme_title = serializers.CharField(source="programme.title", read_only=True)
    institution_name = serializers.CharField(source="programme.institution.name", read_only=True)
    given = serializers.IntegerField(read_only=True)
    owed = serializers.IntegerField(read_only=True)
    lapsed = serializers.IntegerField(read_only=True)

    class Meta:
        model = TrainingAgreementLink
        fields = [
            "id", "agreement", "programme", "programme_title", "institution_name", "linked_at",
            "given", "owed", "lapsed",
        ]  # fmt: skip


def _agreement_of(request, pk: int):
    return get_object_or_404(agreements_visible_to(request.user), pk=pk)


def _links_answer(agreement, code=status.HTTP_200_OK) -> Response:
    links = selectors.agreement_training_links(agreement)
    return Response(AgreementProgrammeLinkSerializer(links, many=True).data, status=code)


class AgreementProgrammeListApi(ApiView):
    """The programmes linked to an agreement the caller may see."""

    permission_classes = [IsRegulator]

    @extend_schema(responses={200: AgreementProgrammeLinkSerializer(many=True)})
    def get(self, request, pk):
        return _links_answer(_agreement_of(request, pk))


class AgreementProgrammeInputSerializer(serializers.Serializer):
    programme = ScopedPrimaryKeyRelatedField(
        selector=selectors.programmes_visible_to, queryset=TrainingProgramme.objects.all()
    )


class AgreementProgrammeLinkApi(ApiView):
    """Link a programme to a training-cooperation agreement (the agreement's signatory
    authority): its completers are guaranteed an interview at the enterprise. Answers the
    agreement's linked programmes."""

    permission_classes = [IsRegulator]

    @extend_schema(
        request=AgreementProgrammeInputSerializer,
        responses={201: AgreementProgrammeLinkSerializer(many=True)},
    )
    def post(self, request, pk):
        agreement = _agreement_of(request, pk)
        programme = validated(AgreementProgrammeInputSerializer, request)["programme"]
        cooperation.agreement_programme_link(
            agreement=agreement, programme=programme, actor=request.user
        )
        return _links_answer(agreement, status.HTTP_201_CREATED)


class AgreementProgrammeUnlinkApi(ApiView):
    """Unlink a programme; the guarantees already given or owed stand. Answers the
    agreement's linked programmes."""

    permission_classes = [IsRegulator]

    @extend_schema(
        request=AgreementProgrammeInputSerializer,
        responses={200: AgreementProgrammeLinkSerializer(many=True)},
    )
    def post(self, request, pk):
        agreement = _agreement_of(request, pk)
        programme = validated(AgreementProgrammeInputSerializer, request)["programme"]
        cooperation.agreement_programme_unlink(
            agreement=agreement, programme=programme, actor=request.user
        )
        return _links_answer(agreement)
