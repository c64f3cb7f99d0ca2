"""What every app's API builds on: the base views, the one error answer, input checking.

Each operation is one view with nested ``InputSerializer`` / ``OutputSerializer`` classes
(STYLE.md rule 7). ``OperationSchema`` names their schema components and the operation
ids after the view, so ``PostApplyApi.InputSerializer`` is the component ``PostApplyInput``
and the operation is ``post_apply``: nested classes of the same name never collide.

Domain errors answer as the pages do (portal.refusals): the same sentence, in the caller's
language, with 403 (not allowed), 409 (the state does not allow it) or 400 (bad input).
"""

import re
from collections.abc import Callable

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from portal.refusals import refusal_message
from portal.workflow import Conflict, DomainError, InvalidTransition, NotAllowed

DOMAIN_STATUS = {
    InvalidTransition: status.HTTP_409_CONFLICT,
    Conflict: status.HTTP_409_CONFLICT,
    NotAllowed: status.HTTP_403_FORBIDDEN,
    DomainError: status.HTTP_400_BAD_REQUEST,
}


def exception_handler(exc, context):
    for error_class, code in DOMAIN_STATUS.items():
        if isinstance(exc, error_class):
            body = {"detail": refusal_message(exc), "code": type(exc).__name__}
            return Response(body, status=code)
    if isinstance(exc, Http404):
        # get_object_or_404's message names the model, in English: the caller is told, in
        # their language, only what a page tells (not found).
        exc = NotFound()
    if isinstance(exc, DjangoValidationError):
        # Field errors keep their field names, so a client knows which input was wrong.
        body = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


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
