"""The accounts app's API: token sign-in and the audit trail of an object."""

from collections.abc import Callable

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import PermissionDenied

from portal.accounts.middleware import is_staff_user
from portal.accounts.models import AuditEvent
from portal.accounts.permissions import IsRegulator
from portal.api import ListApiView, _snake


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


class TokenRequestSerializer(AuthTokenSerializer):
    """DRF's, with the lengths the login form has (Django's username and password limits)."""

    username = serializers.CharField(label=_("Username"), max_length=150, write_only=True)
    password = serializers.CharField(
        label=_("Password"),
        max_length=4096,  # Django's own bound on a password to hash
        style={"input_type": "password"},
        trim_whitespace=False,
        write_only=True,
    )


class ObtainTokenApi(ObtainAuthToken):
    """Username and password for a token to send as "Authorization: Token <key>". Not for
    bureau and ministry staff: their API calls go through a session with a one-time password."""

    serializer_class = TokenRequestSerializer

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if is_staff_user(serializer.validated_data["user"]):
            raise PermissionDenied(
                _(
                    "Staff accounts use the API through a logged-in session with a one-time password, not a token."
                )
            )
        return super().post(request, *args, **kwargs)
