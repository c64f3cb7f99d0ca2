"""The accounts app's API: tokens (staff's with a one-time password) and the audit trail of
an object."""

from collections.abc import Callable

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from portal.accounts.authentication import STAFF_TOKEN_REFUSED
from portal.accounts.mfa import staff_api_token_issue
from portal.accounts.middleware import is_staff_user
from portal.accounts.models import AuditEvent
from portal.accounts.permissions import IsRegulator
from portal.api import ApiView, ListApiView, _snake, validated


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
