"""What every app's API builds on: the base views, token sign-in and an object's audit trail.

Each operation is one view with nested ``InputSerializer`` / ``OutputSerializer`` classes
(STYLE.md rule 7). ``OperationSchema`` names their schema components and the operation
ids after the view, so ``PostApplyApi.InputSerializer`` is the component ``PostApplyInput``
and the operation is ``post_apply``: nested classes of the same name never collide.
"""

import re
from collections.abc import Callable

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import PermissionDenied
from rest_framework.views import APIView

from portal.accounts.middleware import is_staff_user
from portal.accounts.models import AuditEvent
from portal.accounts.permissions import IsRegulator


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class DomainErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="The reason, for the user.")
    code = serializers.CharField(
        required=False, help_text="InvalidTransition, Conflict or NotAllowed (portal.api)."
    )


ERRORS = {
    "400": OpenApiResponse(
        OpenApiTypes.OBJECT,
        description="Invalid input: each field (or detail) with the list of its messages.",
    ),
    "403": OpenApiResponse(DomainErrorSerializer, description="Not allowed for this user."),
    "404": OpenApiResponse(DomainErrorSerializer, description="Not found in the user's scope."),
    "409": OpenApiResponse(
        DomainErrorSerializer, description="The object's state does not allow this now."
    ),
}


class OperationSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        """The operation's answers plus the errors it can give (portal.api maps them).

        Overrides a private method of drf-spectacular: its public hook is replaced when a
        view declares its responses with @extend_schema, as the views here do."""
        bodies = super()._get_response_bodies(direction)
        writes = self.method in ("POST", "PUT", "PATCH", "DELETE")
        reads_input = writes or hasattr(self.view, "InputSerializer")
        possible = {
            "400": reads_input or bool(getattr(self.view, "filterset_fields", None)),
            "403": True,
            "404": "{" in self.path,
            "409": writes,
        }
        for code, error in ERRORS.items():
            if possible[code] and code not in bodies:
                bodies[code] = self._get_response_for_code(error, code, direction=direction)
        return bodies

    def get_serializer_name(self, serializer, direction):
        parts = type(serializer).__qualname__.split(".")
        if len(parts) == 1:
            return super().get_serializer_name(serializer, direction)
        return "".join(part.removesuffix("Api").removesuffix("Serializer") for part in parts)

    def get_operation_id(self):
        return _snake(type(self.view).__name__.removesuffix("Api"))


class ApiView(APIView):
    schema = OperationSchema()


class ListApiView(generics.ListAPIView):
    """A paginated read-only list; ``get_queryset`` goes through a scoped selector and
    ``filterset_fields`` names the query parameters that filter it."""

    schema = OperationSchema()
    filter_backends = [DjangoFilterBackend]


def validated(serializer_class, request, **kwargs) -> dict:
    """The request's data checked by ``serializer_class`` (400 with field messages if not)."""
    serializer = serializer_class(data=request.data, context={"request": request}, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A reference to an object the requesting user may see (``selector(user)``); the id of
    any other object is answered as one that does not exist. ``queryset`` names the model
    for the schema."""

    def __init__(self, *, selector: Callable[..., QuerySet], **kwargs):
        self.selector = selector
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.selector(self.context["request"].user)


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


urlpatterns = [
    path("auth/token/", ObtainTokenApi.as_view(), name="api-token"),
]
