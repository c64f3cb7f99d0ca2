"""/api/v1/ operations of a veteran on their own data: profile, consents and resumes.

The veteran's applications, saved posts and recommendations live in jobs.api (jobs sits
above veterans). ``ProfileSerializer`` is shared with the enterprise pipeline there: the
resident ID is shown in full to its owner only.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from portal.accounts.permissions import IsBureau, IsVeteran
from portal.api import ApiView, ListApiView, PublicApiMixin, validated
from portal.reference.models import Industry, MilitarySpecialty, Region, Skill
from veterans import selectors, services
from veterans.models import (
    RESIDENT_ID_TYPED_MAX_LENGTH,
    Consent,
    Education,
    Resume,
    ServiceStation,
    StatusConfirmation,
    VeteranProfile,
    VeteranSkill,
)
from veterans.policies import contact_details_for, profile_required


class ProfileSerializer(serializers.ModelSerializer):
    class SkillSerializer(serializers.ModelSerializer):
        name = serializers.CharField(source="skill.name")

        class Meta:
            model = VeteranSkill
            fields = ["skill", "name", "source", "verified"]

    resident_id = serializers.SerializerMethodField(
        help_text="In full for the profile's owner, masked (110***********1234) for others."
    )
    phone = serializers.SerializerMethodField(
        help_text="In full for the profile's owner, masked (138****1234) for others."
    )
    home_region_name = serializers.CharField(source="home_region.local_name", read_only=True)
    skills = SkillSerializer(source="skill_links", many=True, read_only=True)
    status_confirmed = serializers.BooleanField(
        read_only=True, help_text="Whether the bureau of the home region confirmed the status."
    )

    class Meta:
        model = VeteranProfile
        fields = [
            "id", "full_name", "resident_id", "phone", "home_region", "home_region_name",
            "service_branch", "rank_category", "years_of_service", "discharge_date",
            "military_specialty", "education", "desired_salary", "willing_to_relocate",
            "seeking_status", "preferred_regions", "preferred_industries", "skills",
            "status_confirmed", "updated_at",
        ]  # fmt: skip

    def _contact(self, profile) -> dict[str, str]:
        request = self.context.get("request")
        viewer = request.user if request is not None else AnonymousUser()
        return contact_details_for(viewer, profile)

    def get_resident_id(self, profile) -> str:
        return self._contact(profile)["resident_id"]

    def get_phone(self, profile) -> str:
        return self._contact(profile)["phone"]


def _profile_answer(request, profile: VeteranProfile, code=status.HTTP_200_OK) -> Response:
    """The veteran's own profile, resident ID in full: that display is audited (#17)."""
    profile = (
        selectors.profiles_visible_to(request.user)
        .prefetch_related("skill_links__skill", "preferred_regions", "preferred_industries")
        .get(pk=profile.pk)
    )
    services.veteran_resident_id_shown(profile=profile, actor=request.user, via="api-profile")
    return Response(ProfileSerializer(profile, context={"request": request}).data, status=code)


def own_profile(request) -> VeteranProfile:
    """The requesting veteran's profile; refused as the pages refuse until it exists."""
    return profile_required(request.user)


class ProfileDetailApi(ApiView):
    permission_classes = [IsVeteran]

    @extend_schema(responses={200: ProfileSerializer})
    def get(self, request):
        return _profile_answer(request, own_profile(request))


class ProfileUpdateApi(ApiView):
    """Create the profile (201: full_name, resident_id and home_region required) or change
    the fields given (200). ``skills`` replaces the skills the veteran declared; skills from
    training or the military specialty stay."""

    permission_classes = [IsVeteran]

    class InputSerializer(serializers.Serializer):
        full_name = serializers.CharField(max_length=64)
        resident_id = serializers.CharField(
            max_length=RESIDENT_ID_TYPED_MAX_LENGTH,
            help_text="18 characters; spaces, dashes, full-width digits and a lower-case x "
            "are accepted and stored in the standard form.",
        )
        phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
        home_region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all())
        service_branch = serializers.ChoiceField(
            choices=VeteranProfile.ServiceBranch.choices, required=False, allow_blank=True
        )
        rank_category = serializers.ChoiceField(
            choices=VeteranProfile.RankCategory.choices, required=False, allow_blank=True
        )
        years_of_service = serializers.IntegerField(
            min_value=0, max_value=45, required=False, allow_null=True
        )
        discharge_date = serializers.DateField(required=False, allow_null=True)
        military_specialty = serializers.PrimaryKeyRelatedField(
            queryset=MilitarySpecialty.objects.all(), required=False, allow_null=True
        )
        education = serializers.ChoiceField(choices=Education.choices, required=False)
        desired_salary = serializers.IntegerField(min_value=0, required=False, allow_null=True)
        willing_to_relocate = serializers.BooleanField(required=False)
        seeking_status = serializers.ChoiceField(
            choices=VeteranProfile.SeekingStatus.choices, required=False
        )
        preferred_regions = serializers.PrimaryKeyRelatedField(
            queryset=Region.objects.all(), many=True, required=False
        )
        preferred_industries = serializers.PrimaryKeyRelatedField(
            queryset=Industry.objects.all(), many=True, required=False
        )
        skills = serializers.PrimaryKeyRelatedField(
            queryset=Skill.objects.all(), many=True, required=False
        )

    @extend_schema(
        request=InputSerializer, responses={200: ProfileSerializer, 201: ProfileSerializer}
    )
    def put(self, request):
        profile = selectors.profile_of(request.user)
        data = validated(self.InputSerializer, request, partial=profile is not None)
        skills = data.pop("skills", None)
        if profile is None:
            profile = services.veteran_profile_create(user=request.user, **data)
            code = status.HTTP_201_CREATED
        else:
            profile = services.veteran_profile_update(profile=profile, **data)
            code = status.HTTP_200_OK
        if skills is not None:
            services.veteran_skills_set(profile=profile, skills=skills)
        return _profile_answer(request, profile, code)


# --- consents ------------------------------------------------------------------------------


class ConsentSerializer(serializers.ModelSerializer):
    is_live = serializers.SerializerMethodField()

    class Meta:
        model = Consent
        fields = ["id", "purpose", "version", "given_at", "withdrawn_at", "is_live"]

    def get_is_live(self, consent) -> bool:
        return consent.withdrawn_at is None


class ConsentListApi(ListApiView):
    """The user's consents, given and withdrawn, newest first."""

    permission_classes = [IsVeteran]
    serializer_class = ConsentSerializer
    queryset = Consent.objects.none()  # the model, for the schema; rows: get_queryset

    def get_queryset(self):
        return Consent.objects.filter(user=self.request.user)


class ConsentGiveApi(ApiView):
    """Give a consent for the version of its text the user was shown; giving it again while
    it is live changes nothing."""

    permission_classes = [IsVeteran]

    class InputSerializer(serializers.Serializer):
        purpose = serializers.ChoiceField(choices=Consent.Purpose.choices)
        version = serializers.CharField(max_length=16)

    @extend_schema(request=InputSerializer, responses={201: ConsentSerializer})
    def post(self, request):
        data = validated(self.InputSerializer, request)
        consent = services.consent_give(user=request.user, **data)
        return Response(ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)


class ConsentWithdrawApi(ApiView):
    permission_classes = [IsVeteran]
    answers_not_found = True  # a consent never given

    class InputSerializer(serializers.Serializer):
        purpose = serializers.ChoiceField(choices=Consent.Purpose.choices)

    @extend_schema(request=InputSerializer, responses={200: ConsentSerializer})
    def post(self, request):
        data = validated(self.InputSerializer, request)
        consent = services.consent_withdraw(user=request.user, **data)
        if consent is None:
            raise NotFound(_("You have not given this consent."))
        return Response(ConsentSerializer(consent).data)


# --- resumes -------------------------------------------------------------------------------


class ResumeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Resume
        fields = ["id", "original_name", "size", "uploaded_at"]


def _own_resumes(user):
    return selectors.resumes_visible_to(user).filter(veteran__user=user)


class ResumeListApi(ListApiView):
    permission_classes = [IsVeteran]
    serializer_class = ResumeSerializer
    queryset = Resume.objects.none()  # the model, for the schema; rows: get_queryset

    def get_queryset(self):
        return _own_resumes(self.request.user)


class ResumeUploadApi(ApiView):
    """Upload a PDF resume (multipart/form-data, field ``file``, at most 5 MB)."""

    permission_classes = [IsVeteran]
    parser_classes = [MultiPartParser]

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField()

    @extend_schema(request=InputSerializer, responses={201: ResumeSerializer})
    def post(self, request):
        data = validated(self.InputSerializer, request)
        resume = services.resume_upload(profile=own_profile(request), uploaded_file=data["file"])
        return Response(ResumeSerializer(resume).data, status=status.HTTP_201_CREATED)


class ResumeDeleteApi(ApiView):
    permission_classes = [IsVeteran]

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk):
        resume = get_object_or_404(_own_resumes(request.user), pk=pk)
        services.resume_delete(resume=resume, veteran=own_profile(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- veteran status confirmation (bureau officers) --------------------------------------------


class UnconfirmedVeteranSerializer(serializers.ModelSerializer):
    resident_id = serializers.CharField(
        source="masked_resident_id", help_text="Masked: 110***********1234."
    )
    home_region_name = serializers.CharField(source="home_region.local_name", read_only=True)

    class Meta:
        model = VeteranProfile
        fields = [
            "id", "full_name", "resident_id", "home_region", "home_region_name",
            "discharge_date", "created_at",
        ]  # fmt: skip


class StatusConfirmationSerializer(serializers.ModelSerializer):
    class Meta:
        model = StatusConfirmation
        fields = [
            "profile", "method", "certificate_number", "certificate_date", "region",
            "confirmed_by", "confirmed_at",
        ]  # fmt: skip


class StatusQueueApi(ListApiView):
    """The veterans of the bureau's region whose status is not yet confirmed, the longest
    waiting first."""

    permission_classes = [IsBureau]
    serializer_class = UnconfirmedVeteranSerializer

    def get_queryset(self):
        return selectors.profiles_awaiting_confirmation(self.request.user)


class StatusConfirmApi(ApiView):
    """Confirm a veteran's status after checking the discharge certificate (its number and
    date are recorded). 404 outside the bureau's region; 409 once confirmed."""

    permission_classes = [IsBureau]
    answers_not_found = True

    class InputSerializer(serializers.Serializer):
        certificate_number = serializers.CharField(max_length=32)
        certificate_date = serializers.DateField()

        def validate_certificate_date(self, value):
            if value > timezone.localdate():
                raise serializers.ValidationError(_("The certificate date is in the future."))
            return value

    @extend_schema(request=InputSerializer, responses={201: StatusConfirmationSerializer})
    def post(self, request, pk):
        profile = get_object_or_404(selectors.profiles_confirmable_by(request.user), pk=pk)
        data = validated(self.InputSerializer, request)
        confirmation = services.veteran_status_confirm(
            profile=profile, officer=request.user, **data
        )
        return Response(
            StatusConfirmationSerializer(confirmation).data, status=status.HTTP_201_CREATED
        )


class RegisterRowSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="The row's number in the sheet.")
    resident_id = serializers.CharField(source="masked_resident_id")
    outcome = serializers.ChoiceField(choices=["confirmed", "already", "not_found"])


class RegisterResultSerializer(serializers.Serializer):
    rows = RegisterRowSerializer(many=True)


class StatusRegisterApi(ApiView):
    """Import the bureau's register (multipart/form-data, field ``register``: an XLSX file
    with the columns 公民身份号码, 退役证件编号 and 发证日期). 200 with each row's outcome; when
    any row is wrong, 400 with an error per wrong row (field ``rows.<row number>``), and
    nothing is written."""

    permission_classes = [IsBureau]
    parser_classes = [MultiPartParser]

    class InputSerializer(serializers.Serializer):
        register = serializers.FileField()

    @extend_schema(request=InputSerializer, responses={200: RegisterResultSerializer})
    def post(self, request):
        data = validated(self.InputSerializer, request)
        try:
            rows = services.status_register_import(officer=request.user, upload=data["register"])
        except DjangoValidationError as error:
            raise serializers.ValidationError({"register": error.messages}) from error
        wrong = {str(row.number): row.errors for row in rows if row.errors}
        if wrong:
            raise serializers.ValidationError({"rows": wrong})
        return Response(RegisterResultSerializer({"rows": rows}).data)


# --- the service directory ---------------------------------------------------------------


class ServiceStationSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.local_name", read_only=True)
    services = serializers.ListField(
        source="service_list", child=serializers.CharField(), read_only=True
    )

    class Meta:
        model = ServiceStation
        fields = [
            "id", "region", "region_name", "kind", "name", "address", "phone", "hours",
            "services", "retired_at",
        ]  # fmt: skip


class ServiceStationListApi(PublicApiMixin, ListApiView):
    """The public directory: the open service centres and stations; ``region`` (a
    province, city or district code) keeps those of the region and the regions below."""

    serializer_class = ServiceStationSerializer
    queryset = ServiceStation.objects.none()  # the model, for the schema

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "region", str, description="A GB/T 2260 code: that region and below it."
            )
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        code = self.request.query_params.get("region", "")
        region = Region.objects.filter(code=code).first() if code else None
        if code and region is None:
            raise serializers.ValidationError({"region": [_("No region has this code.")]})
        return selectors.service_stations_listed(region)


class ServiceStationInputSerializer(serializers.Serializer):
    region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all())
    kind = serializers.ChoiceField(
        choices=ServiceStation.Kind.choices, default=ServiceStation.Kind.CENTRE
    )
    name = serializers.CharField(max_length=128)
    address = serializers.CharField(max_length=255)
    phone = serializers.CharField(max_length=32)
    hours = serializers.CharField(max_length=128)
    services = serializers.CharField(max_length=2000, help_text="One service a line.")


class ServiceStationCreateApi(ApiView):
    """List a service centre or station in a region of the bureau's subtree."""

    permission_classes = [IsBureau]

    @extend_schema(request=ServiceStationInputSerializer, responses={201: ServiceStationSerializer})
    def post(self, request):
        data = validated(ServiceStationInputSerializer, request)
        station = services.service_station_create(actor=request.user, **data)
        return Response(ServiceStationSerializer(station).data, status=status.HTTP_201_CREATED)


class ServiceStationUpdateApi(ApiView):
    """Change the fields given of a station the bureau keeps."""

    permission_classes = [IsBureau]

    @extend_schema(request=ServiceStationInputSerializer, responses={200: ServiceStationSerializer})
    def patch(self, request, pk):
        station = get_object_or_404(selectors.service_stations_kept_by(request.user), pk=pk)
        data = validated(ServiceStationInputSerializer, request, partial=True)
        station = services.service_station_update(station=station, actor=request.user, **data)
        return Response(ServiceStationSerializer(station).data)


class ServiceStationRetireApi(ApiView):
    """Take a closed station out of the directory (its entry stays, marked retired)."""

    permission_classes = [IsBureau]

    @extend_schema(request=None, responses={200: ServiceStationSerializer})
    def post(self, request, pk):
        station = get_object_or_404(selectors.service_stations_kept_by(request.user), pk=pk)
        station = services.service_station_retire(station=station, actor=request.user)
        return Response(ServiceStationSerializer(station).data)
