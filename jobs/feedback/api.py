"""/api/v1/ operations of feedback: the veteran's questions and answers; the regulators'
aggregates; the enterprise's own average above the minimum number of answers."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from enterprises.selectors import enterprise_of
from jobs.feedback import selectors, services
from jobs.models import Feedback
from jobs.models.feedback import COMMENT_MAX
from portal.accounts.permissions import IsEnterpriseStaff, IsRegulator, IsVeteran
from portal.api import ApiView, ListApiView, validated


class FeedbackSerializer(serializers.ModelSerializer):
    about = serializers.SerializerMethodField()
    questions = serializers.SerializerMethodField(help_text="The two questions rated 1 to 5.")

    class Meta:
        model = Feedback
        fields = [
            "id", "subject", "about", "questions", "status", "score_1", "score_2", "comment",
            "asked_at", "answered_at",
        ]  # fmt: skip

    def get_about(self, feedback) -> str:
        return services.about(feedback)

    def get_questions(self, feedback) -> list[str]:
        return [str(question) for question in feedback.questions]


class MyFeedbackListApi(ListApiView):
    """The questions put to the veteran, those waiting for an answer first."""

    permission_classes = [IsVeteran]
    serializer_class = FeedbackSerializer
    filterset_fields = ["status"]

    def get_queryset(self):
        return selectors.feedback_of(self.request.user)


def _own(request, pk) -> Feedback:
    return get_object_or_404(selectors.feedback_of(request.user), pk=pk)


class MyFeedbackDetailApi(ApiView):
    permission_classes = [IsVeteran]

    @extend_schema(responses={200: FeedbackSerializer})
    def get(self, request, pk):
        return Response(FeedbackSerializer(_own(request, pk)).data)


class FeedbackAnswerApi(ApiView):
    """Answer once: two ratings from 1 to 5 and an optional comment."""

    permission_classes = [IsVeteran]

    class InputSerializer(serializers.Serializer):
        score_1 = serializers.IntegerField(min_value=1, max_value=5)
        score_2 = serializers.IntegerField(min_value=1, max_value=5)
        comment = serializers.CharField(
            max_length=COMMENT_MAX, required=False, allow_blank=True, default=""
        )

    @extend_schema(request=InputSerializer, responses={200: FeedbackSerializer})
    def post(self, request, pk):
        feedback = _own(request, pk)
        data = validated(self.InputSerializer, request)
        services.feedback_answer(feedback=feedback, veteran_user=request.user, **data)
        return Response(FeedbackSerializer(_own(request, pk)).data)


class FeedbackDeclineApi(ApiView):
    """Rather not answer: the questions are not put again."""

    permission_classes = [IsVeteran]

    @extend_schema(request=None, responses={200: FeedbackSerializer})
    def post(self, request, pk):
        services.feedback_decline(feedback=_own(request, pk), veteran_user=request.user)
        return Response(FeedbackSerializer(_own(request, pk)).data)


class AggregateSerializer(serializers.Serializer):
    id = serializers.CharField(
        help_text="The enterprise's, institution's or event's id, or a region code."
    )
    name = serializers.CharField()
    answers = serializers.IntegerField()
    score_1 = serializers.FloatField(help_text="Average of the first question's ratings.")
    score_2 = serializers.FloatField(help_text="Average of the second question's ratings.")


class FeedbackAggregateListApi(ApiView):
    """Answered feedback in the caller's scope (the ministry's nationwide, a bureau's
    region subtree), one row per enterprise, institution, event or region; no names."""

    permission_classes = [IsRegulator]

    @extend_schema(
        parameters=[OpenApiParameter("by", str, enum=list(selectors.GROUPS), default="enterprise")],
        responses={200: AggregateSerializer(many=True)},
    )
    def get(self, request):
        by = request.query_params.get("by", "enterprise")
        if by not in selectors.GROUPS:
            raise serializers.ValidationError({"by": [f"One of {', '.join(selectors.GROUPS)}."]})
        answered = selectors.answered_feedback_visible_to(request.user)
        return Response(AggregateSerializer(selectors.aggregates(answered, by), many=True).data)


class EnterpriseFeedbackSerializer(serializers.Serializer):
    answers = serializers.IntegerField()
    minimum = serializers.IntegerField(help_text="Answers needed before averages are shown.")
    score_1 = serializers.FloatField(allow_null=True)
    score_2 = serializers.FloatField(allow_null=True)


class EnterpriseFeedbackApi(ApiView):
    """The caller's enterprise: how many veterans answered, and the averages once there
    are at least FEEDBACK_MIN_ANSWERS answers (null before); never a comment or a name."""

    permission_classes = [IsEnterpriseStaff]
    answers_not_found = True  # staff whose enterprise is not registered yet

    @extend_schema(responses={200: EnterpriseFeedbackSerializer})
    def get(self, request):
        enterprise = enterprise_of(request.user)
        if enterprise is None:
            raise Http404
        summary = selectors.enterprise_feedback(enterprise.pk)
        return Response(EnterpriseFeedbackSerializer(summary).data)
