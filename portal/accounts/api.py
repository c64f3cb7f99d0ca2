"""The accounts app's API: tokens (staff's with a one-time password) and the audit trail of
an object."""

import json
from collections.abc import Callable

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from portal.accounts import personal_data
from portal.accounts.authentication import STAFF_TOKEN_REFUSED
from portal.accounts.mfa import staff_api_token_issue
from portal.accounts.middleware import is_staff_user
from portal.accounts.models import AuditEvent, Notification, User
from portal.accounts.notifications import kinds_for
from portal.accounts.permissions import IsOfficerManager, IsRegulator
from portal.accounts.selectors import (
    emailed_kinds_of,
    notifications_of,
    officers_visible_to,
    texted_kinds_of,
    unread_count,
)
from portal.accounts.services import (
    account_delete,
    notification_mark_read,
    notification_settings_set,
    notifications_mark_all_read,
    officer_account_create,
    officer_account_deactivate,
    personal_data_export,
    phone_verification_start,
    phone_verify,
)
from portal.api import ApiView, ListApiView, _snake, validated
from portal.reference.models import Region


class AuditEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None, read_only=True)

    class Meta:
        model = AuditEvent
        fields = ["id", "action", "actor", "note", "data", "created_at"]


class AuditTrailApi(ListApiView):
    """GET <kind>/<id>/audit/: the trail of one object, newest first, for the authorities.

    Subclasses name the scoped selector; an object outside the user's scope answers 404.
    """

    selector: Callable[..., QuerySet]
    permission_classes = [IsRegulator]
    serializer_class = AuditEventSerializer
    queryset = AuditEvent.objects.none()  # the model, for the schema; rows: get_queryset

    def get_queryset(self):
        target = get_object_or_404(self.selector(self.request.user), pk=self.kwargs["pk"])
        return AuditEvent.objects.for_object(target).select_related("actor")


def audit_trail_view(kind: str, selector: Callable[..., QuerySet]):
    """The audit view of one kind of object (``kind`` in CamelCase, e.g. "JobPost")."""
    view = type(f"{kind}AuditApi", (AuditTrailApi,), {"selector": staticmethod(selector)})
    return extend_schema(summary=f"Audit trail of the {_snake(kind).replace('_', ' ')}")(view)


class CredentialsSerializer(AuthTokenSerializer):
    """DRF's check of a username and password (through django-axes' lockout), with the
    lengths the login form has (Django's username and password limits)."""

    username = serializers.CharField(label=_("Username"), max_length=150, write_only=True)
    password = serializers.CharField(
        label=_("Password"),
        max_length=4096,  # Django's own bound on a password to hash
        style={"input_type": "password"},
        trim_whitespace=False,
        write_only=True,
    )


class AuthTokenCreateApi(ApiView):
    """Username and password for a lasting token, sent as ``Authorization: Bearer <token>``.
    For veterans and enterprise staff; bureau and ministry staff use auth_staff_token_create."""

    authentication_classes = []
    permission_classes = [AllowAny]

    InputSerializer = CredentialsSerializer

    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField()

    @extend_schema(auth=[], request=InputSerializer, responses={200: OutputSerializer})
    def post(self, request):
        user = validated(self.InputSerializer, request)["user"]
        if is_staff_user(user):
            raise PermissionDenied(STAFF_TOKEN_REFUSED, code="staff_token_refused")
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class AuthStaffTokenCreateApi(ApiView):
    """Bureau and ministry staff: username, password and a one-time password from the
    authenticator they enrolled on the site, for a token that ends at ``expires_at``
    (STAFF_TOKEN_MINUTES after issue). A wrong code is refused, and each failure makes the
    next code wait longer, as on the site."""

    authentication_classes = []
    permission_classes = [AllowAny]

    class InputSerializer(CredentialsSerializer):
        otp = serializers.RegexField(
            r"^\d{6}$",
            max_length=6,
            label=_("One-time password"),
            write_only=True,
            help_text="The six digits the authenticator app shows now.",
        )

    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField()
        expires_at = serializers.DateTimeField()

    @extend_schema(auth=[], request=InputSerializer, responses={200: OutputSerializer})
    def post(self, request):
        data = validated(self.InputSerializer, request)
        token, expires_at = staff_api_token_issue(user=data["user"], otp=data["otp"])
        return Response(self.OutputSerializer({"token": token, "expires_at": expires_at}).data)


# --- the inbox ------------------------------------------------------------------------------


class NotificationSerializer(serializers.ModelSerializer):
    unread = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "link", "created_at", "read_at", "unread"]

    def get_unread(self, notification) -> bool:
        return notification.read_at is None


class NotificationFilter(filters.FilterSet):
    unread = filters.BooleanFilter(field_name="read_at", lookup_expr="isnull", label="unread")

    class Meta:
        model = Notification
        fields = ["unread"]


class NotificationListApi(ListApiView):
    """The signed-in user's inbox, newest first; ``?unread=true`` for the unread only."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    queryset = Notification.objects.none()  # the model, for the schema; rows: get_queryset

    def get_queryset(self):
        return notifications_of(self.request.user)


class UnreadCountApi(ApiView):
    class OutputSerializer(serializers.Serializer):
        unread = serializers.IntegerField()

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request):
        return Response({"unread": unread_count(request.user)})


class NotificationReadApi(ApiView):
    @extend_schema(request=None, responses={200: NotificationSerializer})
    def post(self, request, pk):
        notification = get_object_or_404(notifications_of(request.user), pk=pk)
        notification_mark_read(notification=notification, user=request.user)
        notification.refresh_from_db()
        return Response(NotificationSerializer(notification).data)


class NotificationsReadAllApi(ApiView):
    class OutputSerializer(serializers.Serializer):
        marked = serializers.IntegerField(help_text="How many unread notifications were marked.")

    @extend_schema(request=None, responses={200: OutputSerializer})
    def post(self, request):
        return Response({"marked": notifications_mark_all_read(user=request.user)})


class NotificationSettingsSerializer(serializers.Serializer):
    # Checked by the service, which refuses as the page does.
    language = serializers.CharField(max_length=8, help_text="zh-hans or en")
    emailed_kinds = serializers.ListField(
        child=serializers.CharField(max_length=64),
        help_text="The kinds of event that also come by e-mail (GET lists those on offer).",
    )
    texted_kinds = serializers.ListField(
        child=serializers.CharField(max_length=64),
        required=False,
        default=list,
        help_text="The kinds that also come by text message (needs a verified mobile number).",
    )


class NotificationSettingsOutputSerializer(NotificationSettingsSerializer):
    kinds = serializers.DictField(
        child=serializers.CharField(), help_text="Every kind on offer, with its name."
    )


class NotificationSettingsApi(ApiView):
    """The language of the user's messages and, per kind of event, whether it is e-mailed."""

    @extend_schema(responses={200: NotificationSettingsOutputSerializer})
    def get(self, request):
        return Response(_settings_of(request.user))


class NotificationSettingsUpdateApi(ApiView):
    @extend_schema(
        request=NotificationSettingsSerializer,
        responses={200: NotificationSettingsOutputSerializer},
    )
    def post(self, request):
        data = validated(NotificationSettingsSerializer, request)
        notification_settings_set(
            user=request.user,
            language=data["language"],
            emailed_kinds=set(data["emailed_kinds"]),
            texted_kinds=frozenset(data["texted_kinds"]),
        )
        return Response(_settings_of(request.user))


def _settings_of(user) -> dict:
    kinds = kinds_for(user)
    return {
        "language": user.language,
        "emailed_kinds": emailed_kinds_of(user),
        "texted_kinds": texted_kinds_of(user),
        "kinds": {name: str(kind.label) for name, kind in kinds.items()},
    }


class PhoneVerificationStartApi(ApiView):
    """Text a six-digit code to a mobile number; POST it to …/confirm/ to verify the number."""

    class InputSerializer(serializers.Serializer):
        phone = serializers.CharField(max_length=20)

    class OutputSerializer(serializers.Serializer):
        expires_at = serializers.DateTimeField()

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request):
        data = validated(self.InputSerializer, request)
        verification = phone_verification_start(user=request.user, phone=data["phone"])
        return Response({"expires_at": verification.expires_at}, status=201)


class PhoneVerifyApi(ApiView):
    class InputSerializer(serializers.Serializer):
        code = serializers.CharField(max_length=6)

    class OutputSerializer(serializers.Serializer):
        phone = serializers.CharField(help_text="Masked.")
        verified_at = serializers.DateTimeField()

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer})
    def post(self, request):
        data = validated(self.InputSerializer, request)
        user = phone_verify(user=request.user, code=data["code"])
        return Response({"phone": user.masked_phone, "verified_at": user.phone_verified_at})


# --- a person's own data (PIPL) ------------------------------------------------------------


class MyDataApi(ApiView):
    """Everything the portal holds about you, as the page's JSON download: your account,
    then one section per kind of record (its model and name) with its rows. Each call is
    recorded."""

    class OutputSerializer(serializers.Serializer):
        class SectionSerializer(serializers.Serializer):
            model = serializers.CharField()
            name = serializers.CharField()
            rows = serializers.ListField(child=serializers.DictField())

        account = serializers.DictField()
        holdings = SectionSerializer(many=True)

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request):
        data = personal_data_export(user=request.user)
        return Response(json.loads(personal_data.to_json(data)))


class AccountDeleteApi(ApiView):
    """Delete your own account with your password: your personal data is erased at once
    (as on the page). Staff accounts are deactivated by their managers instead (403)."""

    class InputSerializer(serializers.Serializer):
        password = serializers.CharField(max_length=128, style={"input_type": "password"})

    @extend_schema(request=InputSerializer, responses={204: None})
    def post(self, request):
        password = validated(self.InputSerializer, request)["password"]
        account_delete(user=request.user, password=password)
        return Response(status=204)


# --- a managing officer's officers ---------------------------------------------------------


class OfficerSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "email",
            "first_name",
            "region",
            "is_active",
            "manages_officers",
        ]


class OfficerListApi(ListApiView):
    """The officer accounts of a managing officer's region subtree."""

    permission_classes = [IsOfficerManager]
    serializer_class = OfficerSerializer
    queryset = User.objects.none()  # the model, for the schema

    def get_queryset(self):
        return officers_visible_to(self.request.user).order_by("region__code", "username", "pk")


class OfficerCreateApi(ApiView):
    """Create an officer of the region given (in your subtree); the e-mail carries the link
    that sets the password."""

    permission_classes = [IsOfficerManager]

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=150)
        email = serializers.EmailField(max_length=254)
        first_name = serializers.CharField(
            max_length=150, required=False, allow_blank=True, default=""
        )
        region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all())

    @extend_schema(request=InputSerializer, responses={201: OfficerSerializer})
    def post(self, request):
        data = validated(self.InputSerializer, request)
        officer = officer_account_create(manager=request.user, **data)
        return Response(OfficerSerializer(officer).data, status=201)


class OfficerDeactivateApi(ApiView):
    """Deactivate an officer of your region subtree: no sign-in, no token any more."""

    permission_classes = [IsOfficerManager]

    @extend_schema(request=None, responses={200: OfficerSerializer})
    def post(self, request, pk):
        officer = get_object_or_404(officers_visible_to(request.user), pk=pk)
        officer = officer_account_deactivate(officer=officer, manager=request.user)
        return Response(OfficerSerializer(officer).data)
