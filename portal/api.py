"""Maps domain errors to HTTP answers for every API view (STYLE.md rule 7)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from portal.workflow import Conflict, InvalidTransition, NotAllowed

DOMAIN_STATUS = {
    InvalidTransition: status.HTTP_409_CONFLICT,
    Conflict: status.HTTP_409_CONFLICT,
    NotAllowed: status.HTTP_403_FORBIDDEN,
}


def exception_handler(exc, context):
    for error_class, code in DOMAIN_STATUS.items():
        if isinstance(exc, error_class):
            return Response({"detail": str(exc), "code": error_class.__name__}, status=code)
    if isinstance(exc, DjangoValidationError):
        # Field errors keep their field names, so a client knows which input was wrong.
        body = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
