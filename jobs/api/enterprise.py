"""/api/v1/ operations of enterprise staff: their posts and their applicant pipeline."""

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from enterprises.models import Agreement, Branch
from enterprises.selectors import agreements_visible_to, branches_visible_to
from jobs import selectors, services
from jobs.api.serializers import (
    ApplicationSerializer,
    ContactDetailsSerializer,
    PlacementSerializer,
    PostDetailSerializer,
    PostSerializer,
)
from jobs.bulk import XLSX_TYPE, template_response
from jobs.matching.selectors import post_candidates_for
from jobs.models import Application, JobPost, PostCandidate, PostImport
from jobs.models.posts import OPENINGS_MAX
from jobs.reasons import candidate_reasons
from portal.accounts.permissions import IsEnterpriseStaff
from portal.accounts.privacy import mask_name, mask_phone
from portal.api import ApiView, ListApiView, ScopedPrimaryKeyRelatedField, validated
from portal.reference.models import Occupation, Skill
from portal.text import NOTE_MAX, limit_of
from veterans.api import ProfileSerializer
from veterans.models import Education
from veterans.services import veteran_profiles_viewed


def _own_posts(user):
    return selectors.posts_visible_to(user).filter(
        branch__enterprise_id=selectors.staff_enterprise_id(user)
    )


def _post_answer(request, post: JobPost, code=status.HTTP_200_OK) -> Response:
    post = _own_posts(request.user).prefetch_related("required_skills").get(pk=post.pk)
    return Response(PostDetailSerializer(post).data, status=code)


class MyPostListApi(ListApiView):
    """The enterprise's posts in every status."""

    permission_classes = [IsEnterpriseStaff]
    serializer_class = PostSerializer
    filterset_fields = ["status", "branch", "agreement"]

    def get_queryset(self):
        return _own_posts(self.request.user).order_by("-created_at", "-id")


class PostInputSerializer(serializers.Serializer):
    """A post's fields; on update, only those given change (a material change of a
    published post sends it back to review)."""

    branch = ScopedPrimaryKeyRelatedField(
        selector=branches_visible_to,
        queryset=Branch.objects.all(),
        help_text="An approved branch of your enterprise.",
    )
    agreement = ScopedPrimaryKeyRelatedField(
        selector=agreements_visible_to,
        queryset=Agreement.objects.all(),
        required=False,
        allow_null=True,
        help_text="An active agreement of your enterprise whose pledge this post counts against.",
    )
    title = serializers.CharField(max_length=128)
    description = serializers.CharField(max_length=limit_of(JobPost, "description"))
    occupation = serializers.PrimaryKeyRelatedField(queryset=Occupation.objects.all())
    is_national = serializers.BooleanField(required=False)
    employment_type = serializers.ChoiceField(
        choices=JobPost.EmploymentType.choices, required=False
    )
    min_education = serializers.ChoiceField(choices=Education.choices, required=False)
    salary_min = serializers.IntegerField(min_value=0)
    salary_max = serializers.IntegerField(min_value=0)
    openings = serializers.IntegerField(min_value=1, max_value=OPENINGS_MAX)
    deadline = serializers.DateField()
    required_skills = serializers.PrimaryKeyRelatedField(
        queryset=Skill.objects.all(), many=True, required=False
    )
    # The pay range's order and the openings against the hires are the model's (JobPost.clean):
    # the service answers them field by field, as the page shows them.


class PostCreateApi(ApiView):
    """A draft post under an approved branch of the user's enterprise."""

    permission_classes = [IsEnterpriseStaff]

    @extend_schema(request=PostInputSerializer, responses={201: PostDetailSerializer})
    def post(self, request):
        data = validated(PostInputSerializer, request)
        post = services.job_post_create(author=request.user, **data)
        return _post_answer(request, post, status.HTTP_201_CREATED)


def _own_post(request, pk) -> JobPost:
    return get_object_or_404(_own_posts(request.user), pk=pk)


class PostUpdateApi(ApiView):
    permission_classes = [IsEnterpriseStaff]

    @extend_schema(request=PostInputSerializer, responses={200: PostDetailSerializer})
    def patch(self, request, pk):
        post = _own_post(request, pk)
        data = validated(PostInputSerializer, request, partial=True)
        post = services.job_post_update(post=post, editor=request.user, **data)
        return _post_answer(request, post)


class PostSubmitApi(ApiView):
    """Send a draft or rejected post to the bureau's review."""

    permission_classes = [IsEnterpriseStaff]

    @extend_schema(request=None, responses={200: PostDetailSerializer})
    def post(self, request, pk):
        post = services.job_post_submit(post=_own_post(request, pk), actor=request.user)
        return _post_answer(request, post)


class PostCloseApi(ApiView):
    permission_classes = [IsEnterpriseStaff]

    @extend_schema(request=None, responses={200: PostDetailSerializer})
    def post(self, request, pk):
        post = services.job_post_close(post=_own_post(request, pk), actor=request.user)
        return _post_answer(request, post)


# --- the pipeline --------------------------------------------------------------------------


class PipelineListApi(ListApiView):
    """Applications to the enterprise's posts, with the applicant's profile (resident ID
    masked); filter by post and status."""

    permission_classes = [IsEnterpriseStaff]
    filterset_fields = ["post", "status"]

    class OutputSerializer(ApplicationSerializer):
        applicant = ProfileSerializer(source="veteran", read_only=True)

        class Meta(ApplicationSerializer.Meta):
            fields = [*ApplicationSerializer.Meta.fields, "applicant"]

    serializer_class = OutputSerializer

    def get_queryset(self):
        applications = selectors.applications_visible_to(self.request.user)
        applications = applications.select_related(
            "veteran__home_region", "veteran__status_confirmation"
        )
        return applications.prefetch_related(
            "veteran__skill_links__skill",
            "veteran__preferred_regions",
            "veteran__preferred_industries",
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        veteran_profiles_viewed(
            profiles=[application.veteran for application in page],
            actor=self.request.user,
            via="api-pipeline",
        )
        return page


def _application(request, pk) -> Application:
    return get_object_or_404(selectors.applications_visible_to(request.user), pk=pk)


# The statuses a step of the pipeline moves an application to (the schema's PipelineStepEnum).
PIPELINE_STEP_CHOICES = [
    (value, label)
    for value, label in Application.Status.choices
    if value in services.PIPELINE_STEPS
]


class ApplicationAdvanceApi(ApiView):
    """One step of the pipeline; the veteran is e-mailed the new status and the message."""

    permission_classes = [IsEnterpriseStaff]

    class InputSerializer(serializers.Serializer):
        target = serializers.ChoiceField(choices=PIPELINE_STEP_CHOICES)
        message = serializers.CharField(
            max_length=NOTE_MAX, required=False, allow_blank=True, default=""
        )

    @extend_schema(request=InputSerializer, responses={200: ApplicationSerializer})
    def post(self, request, pk):
        application = _application(request, pk)
        data = validated(self.InputSerializer, request)
        application = services.application_advance(
            application=application, actor=request.user, **data
        )
        return Response(ApplicationSerializer(_application(request, application.pk)).data)


class ApplicationContactApi(ApiView):
    """The applicant's full mobile number and e-mail address, when the veteran agreed on
    applying to share them with the post's enterprise (refused otherwise, as on the page);
    each answer is recorded as an audit event."""

    permission_classes = [IsEnterpriseStaff]

    @extend_schema(request=None, responses={200: ContactDetailsSerializer})
    def get(self, request, pk):
        application = _application(request, pk)
        contact = services.application_contact_reveal(application=application, actor=request.user)
        return Response(ContactDetailsSerializer(contact).data)


class ApplicationHireApi(ApiView):
    """Hire an offered applicant: the placement and its four follow-ups are created."""

    permission_classes = [IsEnterpriseStaff]

    class InputSerializer(serializers.Serializer):
        started_on = serializers.DateField()

    @extend_schema(request=InputSerializer, responses={201: PlacementSerializer})
    def post(self, request, pk):
        application = _application(request, pk)
        data = validated(self.InputSerializer, request)
        placement = services.application_hire(application=application, actor=request.user, **data)
        placement = (
            selectors.placements_visible_to(request.user)
            .prefetch_related("follow_ups")
            .get(pk=placement.pk)
        )
        return Response(PlacementSerializer(placement).data, status=status.HTTP_201_CREATED)


class ApplicationResumeApi(ApiView):
    """The PDF resume attached to an application; every download is recorded. It comes as
    ``application/pdf``, or as ``application/octet-stream`` to a client that asks only for
    that (``Accept``)."""

    permission_classes = [IsEnterpriseStaff]

    @extend_schema(
        responses={
            (200, media_type): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF file")
            for media_type in ("application/pdf", "application/octet-stream")
        }
    )
    def get(self, request, pk):
        application = _application(request, pk)
        resume = services.application_resume_open(application=application, actor=request.user)
        accepts = request.META.get("HTTP_ACCEPT", "")
        as_bytes = "application/octet-stream" in accepts and "application/pdf" not in accepts
        return FileResponse(
            resume.file.open("rb"),
            as_attachment=True,
            filename=resume.original_name,
            content_type="application/octet-stream" if as_bytes else "application/pdf",
        )


class PostCandidateListApi(ListApiView):
    """The post's best candidates from the current nightly run, best first: veterans who
    agreed that enterprises may find them, with the factor values (each in [0, 1]) behind
    each score and the reasons they read as. Name, resident ID and phone are masked."""

    permission_classes = [IsEnterpriseStaff]

    class OutputSerializer(serializers.ModelSerializer):
        class CandidateSerializer(serializers.Serializer):
            name = serializers.SerializerMethodField()
            resident_id = serializers.CharField(source="masked_resident_id")
            phone = serializers.SerializerMethodField()
            home_region = serializers.CharField(source="home_region_id")
            home_region_name = serializers.CharField(source="home_region.local_name")
            education = serializers.IntegerField()
            military_specialty = serializers.IntegerField(
                source="military_specialty_id", allow_null=True
            )
            years_of_service = serializers.IntegerField(allow_null=True)
            skills = serializers.SerializerMethodField()

            def get_name(self, profile) -> str:
                return mask_name(profile.full_name)

            def get_phone(self, profile) -> str:
                return mask_phone(profile.phone)

            def get_skills(self, profile) -> list[str]:
                return [link.skill.name for link in profile.skill_links.all()]

        veteran = CandidateSerializer(read_only=True)
        reasons = serializers.SerializerMethodField()

        class Meta:
            model = PostCandidate
            fields = [
                "score", "skill_fit", "occupation_fit", "location_fit", "industry_fit",
                "salary_fit", "education_fit", "skills_required", "skills_matched",
                "reasons", "veteran",
            ]  # fmt: skip

        def get_reasons(self, candidate) -> list[str]:
            return candidate_reasons(candidate, candidate.veteran)

    serializer_class = OutputSerializer
    queryset = PostCandidate.objects.none()  # the model, for the schema; rows: get_queryset

    def get_queryset(self):
        post = get_object_or_404(_own_posts(self.request.user), pk=self.kwargs["pk"])
        return post_candidates_for(self.request.user, post)


# --- bulk posting, copies and reposts ----------------------------------------------------


class PostImportErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True, help_text="Row of the file (1 is the header)")
    column = serializers.CharField(help_text="The column's header; empty for the whole file")
    message = serializers.CharField(help_text="What is wrong, in the uploader's language")
    hint = serializers.CharField(help_text="How to correct it")


class PostImportSerializer(serializers.ModelSerializer):
    errors = PostImportErrorSerializer(many=True, read_only=True)
    finished = serializers.BooleanField(read_only=True)
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = PostImport
        fields = [
            "id",
            "filename",
            "status",
            "submit",
            "validate_only",
            "rows_total",
            "rows_done",
            "percent",
            "finished",
            "error_count",
            "errors",
            "posts_created",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields


class PostImportTemplateApi(ApiView):
    """The bulk posting template with the enterprise's own lists: XLSX (drop-down lists on
    a hidden sheet) or CSV, headers in Chinese or English."""

    permission_classes = [IsEnterpriseStaff]

    @extend_schema(
        parameters=[
            OpenApiParameter("file_type", str, enum=["xlsx", "csv"], default="xlsx"),
            OpenApiParameter("language", str, enum=["zh-hans", "en"], default="zh-hans"),
        ],
        responses={
            (200, media_type): OpenApiResponse(OpenApiTypes.BINARY, description="The template")
            for media_type in (XLSX_TYPE, "text/csv")
        },
    )
    def get(self, request):
        fmt = request.query_params.get("file_type", "xlsx")
        language = request.query_params.get("language", "zh-hans")
        if fmt not in ("xlsx", "csv") or language not in ("zh-hans", "en"):
            raise serializers.ValidationError(
                {"file_type": _("Ask for file_type xlsx or csv and language zh-hans or en.")}
            )
        return template_response(selectors.staff_enterprise_id(request.user), fmt, language)


class PostImportCreateApi(ApiView):
    """Upload a filled-in template (multipart/form-data, field ``file``). Every row is
    checked; only a file without errors creates its posts, all at once (as drafts, or
    submitted for review with ``submit``); ``validate_only`` checks and creates nothing.
    A small file is answered 201 with its report; a file of more than
    BULK_IMPORT_ASYNC_ROWS rows 202, to be followed at its status operation."""

    permission_classes = [IsEnterpriseStaff]
    parser_classes = [MultiPartParser]

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField()
        submit = serializers.BooleanField(default=False)
        validate_only = serializers.BooleanField(default=False)

    @extend_schema(
        request=InputSerializer,
        responses={201: PostImportSerializer, 202: PostImportSerializer},
    )
    def post(self, request):
        data = validated(self.InputSerializer, request)
        upload = data["file"]
        post_import = services.post_import_start(
            author=request.user,
            filename=upload.name,
            content=upload.read(),
            submit=data["submit"],
            validate_only=data["validate_only"],
        )
        code = status.HTTP_201_CREATED if post_import.finished else status.HTTP_202_ACCEPTED
        return Response(PostImportSerializer(post_import).data, status=code)


class PostImportDetailApi(ApiView):
    """An upload's progress and, once checked, its report."""

    permission_classes = [IsEnterpriseStaff]

    @extend_schema(responses={200: PostImportSerializer})
    def get(self, request, pk):
        post_import = get_object_or_404(selectors.post_imports_visible_to(request.user), pk=pk)
        return Response(PostImportSerializer(post_import).data)


class PostCloneApi(ApiView):
    """A new draft copy of one of the enterprise's posts."""

    permission_classes = [IsEnterpriseStaff]

    @extend_schema(request=None, responses={201: PostDetailSerializer})
    def post(self, request, pk):
        post = services.job_post_clone(post=_own_post(request, pk), author=request.user)
        return _post_answer(request, post, status.HTTP_201_CREATED)


class PostRepostApi(ApiView):
    """A closed, expired or filled post offered again: a new draft linked to it
    (``reposted_from``)."""

    permission_classes = [IsEnterpriseStaff]

    @extend_schema(request=None, responses={201: PostDetailSerializer})
    def post(self, request, pk):
        post = services.job_post_repost(post=_own_post(request, pk), author=request.user)
        return _post_answer(request, post, status.HTTP_201_CREATED)
