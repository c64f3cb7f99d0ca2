"""/api/v1/ operations of a veteran: search and read posts, apply, withdraw, follow their
applications and recommendations, and report a post."""

from collections import defaultdict
from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response

from jobs import selectors, services
from jobs.api.serializers import (
    ApplicationSerializer,
    PostDetailSerializer,
    PostReportSerializer,
    PostSerializer,
)
from jobs.forms.search import SORT_CHOICES
from jobs.matching.selectors import recommendations_for
from jobs.models import Application, JobPost, PostReport, Recommendation
from jobs.reasons import recommendation_reasons
from jobs.search import Cursor, SearchCriteria, search_posts
from portal.accounts.models import AuditEvent
from portal.accounts.permissions import IsVeteran
from portal.api import (
    ApiView,
    ListApiView,
    PublicApiMixin,
    ScopedPrimaryKeyRelatedField,
    validated,
)
from portal.pagination import invalid_cursor
from portal.text import limit_of
from veterans.api import own_profile
from veterans.models import Education, Resume
from veterans.selectors import profiles_visible_to, resumes_visible_to


class SearchFiltersSerializer(serializers.Serializer):
    """The filters of the web search (jobs.forms.search), under self-describing names."""

    q = serializers.CharField(required=False, allow_blank=True, max_length=64)
    province = serializers.RegexField(r"^\d{2}0000$", required=False)
    city = serializers.RegexField(r"^\d{4}00$", required=False)
    industry = serializers.CharField(required=False, max_length=1)
    occupation = serializers.CharField(required=False, max_length=12)
    salary_min = serializers.IntegerField(
        required=False, min_value=0, help_text="Posts paying at least this much a month."
    )
    education = serializers.ChoiceField(
        choices=Education.choices,
        required=False,
        help_text="The veteran's education: posts asking no more.",
    )
    employment_type = serializers.ChoiceField(
        choices=JobPost.EmploymentType.choices, required=False
    )
    batch = serializers.IntegerField(required=False, min_value=1)
    under_agreement = serializers.BooleanField(required=False, default=False)
    sort = serializers.ChoiceField(choices=SORT_CHOICES, required=False, default="relevance")


# API filter names and the web search form's (what a saved search stores).
FORM_NAMES = {"salary_min": "salary", "under_agreement": "agreement"}


def form_params(filters: dict) -> dict:
    """Validated filters as the web search's URL carries them (strings, no empty ones)."""
    params = {}
    for name, value in filters.items():
        if value in (None, "", False) or (name == "sort" and value == "relevance"):
            continue
        params[FORM_NAMES.get(name, name)] = "on" if value is True else str(value)
    return params


def api_filters(params: dict) -> dict:
    api_names = {form: api for api, form in FORM_NAMES.items()}
    return {api_names.get(name, name): value for name, value in params.items()}


class PostSearchApi(PublicApiMixin, ApiView):
    """Published posts, with the filters of the web search; open to anyone, as the search
    page is. Results come a page at a time, paged like every list (portal.pagination): send
    ``next_cursor`` as ``cursor`` for the next page (keyset paging, no page numbers)."""

    class InputSerializer(SearchFiltersSerializer):
        cursor = serializers.CharField(
            required=False, max_length=64, help_text="The next_cursor of the previous page."
        )

        def validate_cursor(self, text: str) -> Cursor:
            cursor = Cursor.parse(text)
            if cursor is None:
                raise invalid_cursor()
            return cursor

    class OutputSerializer(serializers.Serializer):
        next_cursor = serializers.CharField(
            allow_null=True, help_text="Send as ?cursor= for the next page; null at the end."
        )
        results = PostSerializer(many=True)

    @extend_schema(parameters=[InputSerializer], responses={200: OutputSerializer})
    def get(self, request):
        params = self.InputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        filters = dict(params.validated_data)
        after = filters.pop("cursor", None)
        page = search_posts(SearchCriteria.from_params(form_params(filters)), after=after)
        prefetch_related_objects(page.posts, "occupation", "industry")
        following = str(page.next_cursor) if page.next_cursor else None
        answer = {"next_cursor": following, "results": page.posts}
        return Response(self.OutputSerializer(answer).data)


def _visible_post(request, pk) -> JobPost:
    """As the post's page finds it: a veteran also reaches a post that closed since."""
    return get_object_or_404(selectors.posts_reachable_by(request.user), pk=pk)


class PostDetailApi(PublicApiMixin, ApiView):
    """A post as its page shows it: a published post to anyone; a veteran also reaches a
    post they applied to or that closed since."""

    @extend_schema(responses={200: PostDetailSerializer})
    def get(self, request, pk):
        posts = selectors.posts_reachable_by(request.user).prefetch_related("required_skills")
        post = get_object_or_404(posts, pk=pk)
        return Response(PostDetailSerializer(post).data)


class PostApplyApi(ApiView):
    """Apply to a published post with openings left, before its deadline; once per post.
    Refused as the page refuses (jobs.policies.may_apply, the consent and the profile)."""

    permission_classes = [IsVeteran]

    class InputSerializer(serializers.Serializer):
        note = serializers.CharField(
            max_length=limit_of(Application, "note"), required=False, allow_blank=True, default=""
        )
        resume = ScopedPrimaryKeyRelatedField(
            selector=resumes_visible_to,
            queryset=Resume.objects.all(),
            required=False,
            allow_null=True,
            default=None,
            help_text="One of your resumes.",
        )
        share_contact = serializers.BooleanField(
            required=False,
            default=False,
            help_text=(
                "Your consent that the post's enterprise sees your full mobile number and "
                "e-mail address (otherwise masked). Recorded as a consent on the application."
            ),
        )

    @extend_schema(request=InputSerializer, responses={201: ApplicationSerializer})
    def post(self, request, pk):
        post = _visible_post(request, pk)
        data = validated(self.InputSerializer, request)
        application = services.application_submit(post=post, veteran=own_profile(request), **data)
        return Response(ApplicationSerializer(application).data, status=status.HTTP_201_CREATED)


class PostReportApi(ApiView):
    """Report a published post as fake or misleading; the bureau of its region decides."""

    permission_classes = [IsVeteran]

    class InputSerializer(serializers.Serializer):
        reason = serializers.ChoiceField(choices=PostReport.Reason.choices)
        detail = serializers.CharField(
            max_length=limit_of(PostReport, "detail"), required=False, allow_blank=True, default=""
        )

    @extend_schema(request=InputSerializer, responses={201: PostReportSerializer})
    def post(self, request, pk):
        post = _visible_post(request, pk)
        data = validated(self.InputSerializer, request)
        report = services.post_report_create(post=post, reporter=request.user, **data)
        return Response(PostReportSerializer(report).data, status=status.HTTP_201_CREATED)


class ApplicationWithdrawApi(ApiView):
    permission_classes = [IsVeteran]

    @extend_schema(request=None, responses={200: ApplicationSerializer})
    def post(self, request, pk):
        application = get_object_or_404(selectors.applications_visible_to(request.user), pk=pk)
        application = services.application_withdraw(
            application=application, veteran=own_profile(request)
        )
        return Response(ApplicationSerializer(application).data)


class MyApplicationListApi(ListApiView):
    """The veteran's applications, newest first, each with its status history."""

    permission_classes = [IsVeteran]
    filterset_fields = ["status"]

    class OutputSerializer(ApplicationSerializer):
        class HistorySerializer(serializers.Serializer):
            status = serializers.CharField(help_text="The status the application moved to.")
            message = serializers.CharField(help_text="The employer's message, if any.")
            at = serializers.DateTimeField()

        history = serializers.SerializerMethodField()

        class Meta(ApplicationSerializer.Meta):
            fields = [*ApplicationSerializer.Meta.fields, "history"]

        @extend_schema_field(HistorySerializer(many=True))
        def get_history(self, application) -> list:
            return self.context["history"].get(str(application.pk), [])

    serializer_class = OutputSerializer

    def get_queryset(self):
        return selectors.applications_visible_to(self.request.user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "history": self.history}

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self.history = _status_history(page)
        return page


def _status_history(applications: list[Application]) -> dict[str, list[dict]]:
    """Each application's moves, oldest first, from its audit trail (one query a page)."""
    statuses = {action: status_ for status_, action in Application.STATUS_ACTIONS.items()}
    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Application),
        object_id__in=[str(application.pk) for application in applications],
        action__in=list(statuses),
    ).order_by("created_at", "id")
    history = defaultdict(list)
    for event in events:
        status_ = statuses[event.action]
        history[event.object_id].append(
            {"status": status_, "message": event.note, "at": event.created_at}
        )
    return history


class MyRecommendationListApi(ListApiView):
    """The posts the nightly matching recommends to the veteran, best first, with the
    factor values (each in [0, 1]) behind each score and the reasons they read as. Posts
    closed since the run are left out."""

    permission_classes = [IsVeteran]

    class OutputSerializer(serializers.ModelSerializer):
        post = PostSerializer(read_only=True)
        reasons = serializers.SerializerMethodField()

        class Meta:
            model = Recommendation
            fields = [
                "rank", "score", "skill_fit", "occupation_fit", "location_fit", "industry_fit",
                "salary_fit", "education_fit", "agreement_bonus", "skills_required",
                "skills_matched", "reasons", "post",
            ]  # fmt: skip

        def get_reasons(self, recommendation) -> list[str]:
            return recommendation_reasons(recommendation, self.context["profile"])

    serializer_class = OutputSerializer
    queryset = Recommendation.objects.none()  # the model, for the schema; rows: get_queryset

    @cached_property
    def profile(self):
        """With what the reasons read, so a page costs a fixed number of queries."""
        own_profile(self.request)
        return (
            profiles_visible_to(self.request.user)
            .filter(user=self.request.user)
            .select_related("military_specialty")
            .prefetch_related("military_specialty__crosswalk", "preferred_industries")
            .get()
        )

    def get_queryset(self):
        return recommendations_for(self.request.user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "profile": self.profile}
