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

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import IntegerChoices, QuerySet
from django.http import Http404
from django.utils.translation import gettext
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import deep_import_string
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, generics, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from portal.accounts.security import client_ip
from portal.refusals import refusal_message
from portal.workflow import Conflict, DomainError, InvalidTransition, NotAllowed

# A domain error's answer, and its code when no rule named the reason (portal.rules).
DOMAIN_ERRORS = {
    InvalidTransition: (status.HTTP_409_CONFLICT, "invalid_transition"),
    Conflict: (status.HTTP_409_CONFLICT, "conflict"),
    NotAllowed: (status.HTTP_403_FORBIDDEN, "not_allowed"),
    DomainError: (status.HTTP_400_BAD_REQUEST, "invalid"),
}
NON_FIELD_KEYS = (NON_FIELD_ERRORS, api_settings.NON_FIELD_ERRORS_KEY)


def exception_handler(exc, context):
    """Every error answers ``{"detail", "code"}`` (a 400 also lists ``errors``): the
    sentence in the caller's language, and a code that does not change with it."""
    for error_class, (code, default) in DOMAIN_ERRORS.items():
        if isinstance(exc, error_class):
            body = {"detail": refusal_message(exc), "code": getattr(exc, "code", default)}
            if code == status.HTTP_400_BAD_REQUEST:
                body["errors"] = [{"field": None, "message": body["detail"], "code": body["code"]}]
            return Response(body, status=code)
    if isinstance(exc, Http404):
        # get_object_or_404's message names the model, in English: the caller is told, in
        # their language, only what a page tells (not found).
        exc = exceptions.NotFound()
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(serializers.as_serializer_error(exc))
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.APIException):
        response.data = error_body(exc)
    return response


def error_body(exc: exceptions.APIException) -> dict:
    if exc.status_code != status.HTTP_400_BAD_REQUEST:
        code = getattr(exc.detail, "code", None) or exc.default_code
        return {"detail": str(exc.detail), "code": code}
    errors = list(_field_errors(exc.detail)) if isinstance(exc, exceptions.ValidationError) else []
    if not errors:
        errors = [{"field": None, "message": str(exc.detail), "code": exc.default_code}]
    if all(error["field"] is None for error in errors):
        # A refusal of the whole input reads as the page reads it (portal.refusals).
        detail = " ".join(error["message"] for error in errors)
    else:
        detail = gettext("Some of the input is not valid: see each field's message.")
    code = errors[0]["code"] if len(errors) == 1 else exc.default_code
    return {"detail": detail, "code": code, "errors": errors}


def _field_errors(detail, field: str | None = None):
    """DRF's nested errors as a flat list, each under the dotted path of its field
    (``required_skills.0``); errors of the whole input have no field."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = None if key in NON_FIELD_KEYS else str(key)
            yield from _field_errors(value, ".".join(filter(None, (field, name))) or None)
    elif isinstance(detail, list):
        nested = any(isinstance(item, (dict, list)) for item in detail)
        for index, item in enumerate(detail):
            yield from _field_errors(item, f"{field}.{index}" if nested and field else field)
    else:
        yield {"field": field, "message": str(detail), "code": getattr(detail, "code", "invalid")}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in the caller's language.")
    code = serializers.CharField(
        help_text="A stable code for programs: a rule's reason (``jobs.may_apply.closed``), "
        "``invalid_transition``, ``conflict``, ``not_allowed``, ``not_found``, "
        "``not_authenticated``, ``authentication_failed``, ``permission_denied``, "
        "``throttled``, ``unsupported_media_type``..."
    )


class ValidationErrorSerializer(ErrorSerializer):
    class FieldErrorSerializer(serializers.Serializer):
        field = serializers.CharField(
            allow_null=True,
            help_text="The input field, dotted for nested ones (``required_skills.0``); null "
            "for the input as a whole.",
        )
        message = serializers.CharField(help_text="In the caller's language.")
        code = serializers.CharField(help_text="A stable code: ``required``, ``max_length``...")

    errors = FieldErrorSerializer(many=True)


ERRORS = {
    "400": OpenApiResponse(
        ValidationErrorSerializer,
        description="Invalid input: each wrong field with its message and code.",
    ),
    "403": OpenApiResponse(
        ErrorSerializer,
        description="Not signed in (a staff session: not past its one-time password), the "
        "token refused, or not allowed for this user.",
    ),
    "404": OpenApiResponse(ErrorSerializer, description="Not found in the user's scope."),
    "409": OpenApiResponse(
        ErrorSerializer, description="The object's state does not allow this now."
    ),
    "415": OpenApiResponse(ErrorSerializer, description="The body is not JSON."),
    "429": OpenApiResponse(
        ErrorSerializer, description="Too many requests from this address: wait Retry-After."
    ),
}


class OperationSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        """The operation's answers plus the errors it can give (portal.api maps them).

        Overrides a private method of drf-spectacular: its public hook is replaced when a
        view declares its responses with @extend_schema, as the views here do."""
        bodies = super()._get_response_bodies(direction)
        writes = self.method in ("POST", "PUT", "PATCH", "DELETE")
        has_body = writes and self.get_request_serializer() is not None
        reads_input = writes or hasattr(self.view, "InputSerializer") or self._is_list_view()
        possible = {
            "400": reads_input,
            "403": True,
            "404": "{" in self.path or getattr(self.view, "answers_not_found", False),
            "409": writes,
            "415": has_body,
            "429": bool(self.view.get_throttles()),
        }
        for code, error in ERRORS.items():
            if possible[code] and code not in bodies:
                bodies[code] = self._get_response_for_code(error, code, direction=direction)
        return bodies

    def get_auth(self):
        """A public operation needs no authentication (a signed-in caller's is still read:
        a veteran also reaches the posts they applied to)."""
        return [] if getattr(self.view, "public", False) else super().get_auth()

    def get_serializer_name(self, serializer, direction):
        parts = type(serializer).__qualname__.split(".")
        if len(parts) == 1:
            return super().get_serializer_name(serializer, direction)
        return "".join(part.removesuffix("Api").removesuffix("Serializer") for part in parts)

    def get_operation_id(self):
        return _snake(type(self.view).__name__.removesuffix("Api"))


class ApiView(APIView):
    schema = OperationSchema()
    # True where an operation without an id in its path may still answer 404 (the schema
    # says so: a path with an id always may).
    answers_not_found = False


class PublicRateThrottle(AnonRateThrottle):
    """Anonymous callers of the public operations: settings.PUBLIC_API_RATE requests per
    client address (the address behind our own proxies, as the login lockout counts it)."""

    scope = "public"

    def get_rate(self) -> str:
        return settings.PUBLIC_API_RATE

    def get_ident(self, request) -> str:
        return client_ip(request)


class PublicApiMixin:
    """A read-only operation open to anyone, signed in or not; anonymous callers are
    rate-limited per address (429 with Retry-After)."""

    permission_classes = [AllowAny]
    throttle_classes = [PublicRateThrottle]
    public = True  # in the schema: no authentication needed (OperationSchema.get_auth)


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


def shared_enums(result, generator, request, public):
    """drf-spectacular hook, after its own enum hook: a filter's choices refer to the enum
    component the bodies use (same values), instead of an enum of its own titled in the
    request's language (nor a title in it); the members of a number enum get names
    (``x-enum-varnames``)."""
    schemas = result["components"]["schemas"]
    by_values = {
        frozenset(schema["enum"]): name
        for name, schema in schemas.items()
        if "enum" in schema and name != "BlankEnum"
    }
    for item in result["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                schema = parameter["schema"]
                schema.pop("title", None)  # a model field's verbose name, translated
                choices = schema.get("items", schema)
                name = by_values.get(frozenset(choices.get("enum", ())))
                if name:
                    choices.clear()
                    choices["$ref"] = f"#/components/schemas/{name}"
    for name, path in settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].items():
        choices = deep_import_string(path)
        if name in schemas and isinstance(choices, type) and issubclass(choices, IntegerChoices):
            members = [choices(value).name for value in schemas[name]["enum"]]
            schemas[name]["x-enum-varnames"] = members
    return result
