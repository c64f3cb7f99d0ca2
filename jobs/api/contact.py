"""/api/v1/ operations of interviews, messages and invitations to apply: the services the
pages call, refused alike (jobs.policies)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from jobs import selectors, services
from jobs.matching.selectors import invitable_candidates
from jobs.models import (
    MESSAGE_MAX,
    SLOTS_MAX,
    Interview,
    InterviewSlot,
    Invitation,
    Message,
    MessageReport,
)
from jobs.reasons import recommendation_reasons
from jobs.reviews import MESSAGE_REPORT_REVIEW
from portal.accounts.permissions import IsBureau, IsEnterpriseStaff, IsVeteran
from portal.api import ApiView, ListApiView, validated
from portal.review import decision_api
from portal.text import NOTE_MAX
from veterans.api import own_profile

# --- interviews ------------------------------------------------------------------------------


class InterviewSerializer(serializers.ModelSerializer):
    class SlotSerializer(serializers.ModelSerializer):
        class Meta:
            model = InterviewSlot
            fields = ["id", "starts_at", "minutes"]

    slots = SlotSerializer(many=True, read_only=True)
    post_title = serializers.CharField(source="application.post.title", read_only=True)
    enterprise_name = serializers.CharField(
        source="application.post.branch.enterprise.name", read_only=True
    )

    class Meta:
        model = Interview
        fields = [
            "id", "application", "post_title", "enterprise_name", "status", "mode", "place",
            "video_link", "contact_name", "contact_phone", "note", "slots", "chosen_slot",
            "answer_note", "answered_at", "created_at",
        ]  # fmt: skip


def _interview_answer(request, interview: Interview, code=status.HTTP_200_OK) -> Response:
    interview = (
        selectors.interviews_visible_to(request.user).prefetch_related("slots").get(pk=interview.pk)
    )
    return Response(InterviewSerializer(interview).data, status=code)


def _interview(request, pk) -> Interview:
    return get_object_or_404(selectors.interviews_visible_to(request.user), pk=pk)


class InterviewProposeApi(ApiView):
    """Propose one or more interview times for an application of your enterprise; the
    application moves on to "interview" and the applicant is told."""

    permission_classes = [IsEnterpriseStaff]

    class InputSerializer(serializers.Serializer):
        slots = serializers.ListField(
            child=serializers.DateTimeField(), min_length=1, max_length=SLOTS_MAX
        )
        minutes = serializers.IntegerField(min_value=10, max_value=480, default=60)
        mode = serializers.ChoiceField(choices=Interview.Mode.choices)
        place = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
        video_link = serializers.URLField(
            max_length=500, required=False, allow_blank=True, default=""
        )
        contact_name = serializers.CharField(max_length=64)
        contact_phone = serializers.CharField(max_length=20)
        note = serializers.CharField(
            max_length=NOTE_MAX, required=False, allow_blank=True, default=""
        )

    @extend_schema(request=InputSerializer, responses={201: InterviewSerializer})
    def post(self, request, pk):
        application = get_object_or_404(selectors.threads_visible_to(request.user), pk=pk)
        data = validated(self.InputSerializer, request)
        interview = services.interview_propose(application=application, actor=request.user, **data)
        return _interview_answer(request, interview, status.HTTP_201_CREATED)


class UpcomingInterviewListApi(ListApiView):
    """Your enterprise's interviews still to come, soonest first."""

    permission_classes = [IsEnterpriseStaff]
    serializer_class = InterviewSerializer

    def get_queryset(self):
        return selectors.upcoming_interviews_for(self.request.user)


class MyInterviewListApi(ListApiView):
    """Your interviews, newest proposal first."""

    permission_classes = [IsVeteran]
    serializer_class = InterviewSerializer

    def get_queryset(self):
        return selectors.interviews_visible_to(self.request.user).prefetch_related("slots")


class NoteInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=NOTE_MAX, required=False, allow_blank=True, default="")


class InterviewAcceptApi(ApiView):
    """Take one of the proposed times; the confirmation e-mail carries a calendar entry."""

    permission_classes = [IsVeteran]

    class InputSerializer(NoteInputSerializer):
        slot = serializers.IntegerField(help_text="The id of one of the interview's slots.")

    @extend_schema(request=InputSerializer, responses={200: InterviewSerializer})
    def post(self, request, pk):
        interview = _interview(request, pk)
        data = validated(self.InputSerializer, request)
        slot = interview.slots.filter(pk=data.pop("slot")).first()
        if slot is None:
            raise serializers.ValidationError({"slot": [_("Choose one of the proposed times.")]})
        interview = services.interview_accept(
            interview=interview, veteran=own_profile(request), slot=slot, **data
        )
        return _interview_answer(request, interview)


class InterviewDeclineApi(ApiView):
    permission_classes = [IsVeteran]

    @extend_schema(request=NoteInputSerializer, responses={200: InterviewSerializer})
    def post(self, request, pk):
        """Decline the interview; the employer is told."""
        interview = _interview(request, pk)
        data = validated(NoteInputSerializer, request)
        interview = services.interview_decline(
            interview=interview, veteran=own_profile(request), **data
        )
        return _interview_answer(request, interview)


class InterviewRescheduleApi(ApiView):
    """Ask for another time (say which would suit); the employer proposes again."""

    permission_classes = [IsVeteran]

    class InputSerializer(serializers.Serializer):
        note = serializers.CharField(max_length=NOTE_MAX)

    @extend_schema(request=InputSerializer, responses={200: InterviewSerializer})
    def post(self, request, pk):
        interview = _interview(request, pk)
        data = validated(self.InputSerializer, request)
        interview = services.interview_ask_another_time(
            interview=interview, veteran=own_profile(request), **data
        )
        return _interview_answer(request, interview)


class InterviewCancelApi(ApiView):
    permission_classes = [IsEnterpriseStaff]

    @extend_schema(request=NoteInputSerializer, responses={200: InterviewSerializer})
    def post(self, request, pk):
        """Cancel a proposed or agreed interview; the applicant is told."""
        interview = _interview(request, pk)
        data = validated(NoteInputSerializer, request)
        interview = services.interview_cancel(interview=interview, actor=request.user, **data)
        return _interview_answer(request, interview)


# --- messages ----------------------------------------------------------------------------------


class MessageSerializer(serializers.ModelSerializer):
    """A message as the thread shows it: from which side, never the staff member's own
    details; a removed message has no body."""

    body = serializers.SerializerMethodField()
    removed = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = ["id", "application", "side", "body", "removed", "created_at"]

    def get_body(self, message) -> str:
        return "" if message.hidden_at else message.body

    def get_removed(self, message) -> bool:
        return message.hidden_at is not None


class MessageListApi(ListApiView):
    """The thread of an application of yours (as its applicant or its enterprise), oldest
    message first."""

    permission_classes = [IsVeteran | IsEnterpriseStaff]
    serializer_class = MessageSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema asks without a pk
            return Message.objects.none()
        threads = selectors.threads_visible_to(self.request.user)
        application = get_object_or_404(threads, pk=self.kwargs["pk"])
        return selectors.messages_of(application)


class MessageSendApi(ApiView):
    """Write in an application's thread: text only, at most MESSAGE_MAX characters and
    MESSAGES_PER_HOUR messages an hour; the other side is told."""

    permission_classes = [IsVeteran | IsEnterpriseStaff]

    class InputSerializer(serializers.Serializer):
        body = serializers.CharField(max_length=MESSAGE_MAX)

    @extend_schema(request=InputSerializer, responses={201: MessageSerializer})
    def post(self, request, pk):
        application = get_object_or_404(selectors.threads_visible_to(request.user), pk=pk)
        data = validated(self.InputSerializer, request)
        message = services.message_send(application=application, sender=request.user, **data)
        return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)


class MessageReportSerializer(serializers.ModelSerializer):
    body = serializers.CharField(source="message.body", read_only=True)
    side = serializers.CharField(source="message.side", read_only=True)
    application = serializers.IntegerField(source="message.application_id", read_only=True)
    post_title = serializers.CharField(source="message.application.post.title", read_only=True)

    class Meta:
        model = MessageReport
        fields = [
            "id", "message", "application", "post_title", "side", "body", "reason", "detail",
            "status", "resolution_note", "created_at", "handled_at",
        ]  # fmt: skip


class MessageReportApi(ApiView):
    """Report a message of your thread; the bureau of the post's region decides."""

    permission_classes = [IsVeteran | IsEnterpriseStaff]

    class InputSerializer(serializers.Serializer):
        reason = serializers.ChoiceField(choices=MessageReport.Reason.choices)
        detail = serializers.CharField(
            max_length=NOTE_MAX, required=False, allow_blank=True, default=""
        )

    @extend_schema(request=InputSerializer, responses={201: MessageReportSerializer})
    def post(self, request, pk):
        threads = selectors.threads_visible_to(request.user)
        message = get_object_or_404(Message.objects.filter(application__in=threads), pk=pk)
        data = validated(self.InputSerializer, request)
        report = services.message_report_create(message=message, reporter=request.user, **data)
        return Response(MessageReportSerializer(report).data, status=status.HTTP_201_CREATED)


class MessageReportQueueApi(ListApiView):
    """Open reports of messages about posts of the bureau's region, oldest first."""

    permission_classes = [IsBureau]
    serializer_class = MessageReportSerializer

    def get_queryset(self):
        return selectors.message_reports_queue(self.request.user)


def _message_report_decision(name: str, class_name: str):
    return decision_api(
        MESSAGE_REPORT_REVIEW,
        name,
        class_name=class_name,
        selector=selectors.message_reports_visible_to,
        answer=lambda request, report: Response(MessageReportSerializer(report).data),
        output=MessageReportSerializer,
        permissions=[IsBureau],
    )


MessageReportUpholdApi = _message_report_decision("uphold", "MessageReportUpholdApi")
MessageReportDismissApi = _message_report_decision("dismiss", "MessageReportDismissApi")


# --- invitations to apply ----------------------------------------------------------------------


class InvitationSerializer(serializers.ModelSerializer):
    post_title = serializers.CharField(source="post.title", read_only=True)
    enterprise_name = serializers.CharField(source="post.branch.enterprise.name", read_only=True)

    class Meta:
        model = Invitation
        fields = [
            "id", "post", "post_title", "enterprise_name", "veteran", "note", "status",
            "application", "created_at", "answered_at",
        ]  # fmt: skip


class CandidateInviteApi(ApiView):
    """Invite one of the post's candidates (from the current nightly run) to apply: a
    veteran who still agrees to be found, once per post, at most
    INVITATIONS_PER_POST_PER_DAY a post a day."""

    permission_classes = [IsEnterpriseStaff]

    class InputSerializer(serializers.Serializer):
        veteran = serializers.IntegerField(
            help_text="The candidate's veteran id (candidates list)."
        )
        note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses={201: InvitationSerializer})
    def post(self, request, pk):
        own = selectors.posts_visible_to(request.user).filter(
            branch__enterprise_id=selectors.staff_enterprise_id(request.user)
        )
        post = get_object_or_404(own, pk=pk)
        data = validated(self.InputSerializer, request)
        candidate = get_object_or_404(
            invitable_candidates(request.user, post), veteran_id=data["veteran"]
        )
        invitation = services.invitation_send(
            post=post, candidate=candidate, actor=request.user, note=data["note"]
        )
        return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)


class MyInvitationListApi(ListApiView):
    """Your invitations to apply, newest first, with why the post fits you in plain words
    (the same reasons as the recommendations)."""

    permission_classes = [IsVeteran]

    class OutputSerializer(InvitationSerializer):
        reasons = serializers.SerializerMethodField()

        class Meta(InvitationSerializer.Meta):
            fields = [*InvitationSerializer.Meta.fields, "reasons"]

        def get_reasons(self, invitation) -> list[str]:
            return recommendation_reasons(invitation, invitation.veteran)

    serializer_class = OutputSerializer

    def get_queryset(self):
        invitations = selectors.invitations_visible_to(self.request.user)
        return invitations.prefetch_related(
            "veteran__military_specialty__crosswalk", "veteran__preferred_industries"
        ).order_by("-created_at", "-pk")


def _invitation(request, pk) -> Invitation:
    return get_object_or_404(selectors.invitations_visible_to(request.user), pk=pk)


class InvitationApplyApi(ApiView):
    permission_classes = [IsVeteran]

    @extend_schema(request=None, responses={200: InvitationSerializer})
    def post(self, request, pk):
        """Apply to the post in one click (the same rules as applying: consent, an open post)."""
        invitation = services.invitation_apply(
            invitation=_invitation(request, pk), veteran=own_profile(request)
        )
        return Response(InvitationSerializer(invitation).data)


class InvitationDeclineApi(ApiView):
    permission_classes = [IsVeteran]

    @extend_schema(request=None, responses={200: InvitationSerializer})
    def post(self, request, pk):
        """Decline the invitation; the enterprise is told."""
        invitation = services.invitation_decline(
            invitation=_invitation(request, pk), veteran=own_profile(request)
        )
        return Response(InvitationSerializer(invitation).data)
