"""The portal's WSGI application with one more URL, /boom/, whose view fails with the resident
ID and mobile number it was given in its exception and its local variables: what a bug
handling personal data would log. Only the gunicorn of tests/portal/test_logs.py serves it;
importing it changes ROOT_URLCONF, so no test process imports it."""

from django.conf import settings
from django.urls import include, path

from portal.wsgi import application  # noqa: F401  (gunicorn serves this)


def boom(request):
    resident_id, phone = request.GET["resident_id"], request.GET["phone"]
    raise ValueError(f"cannot match {resident_id} (phone {phone})")


urlpatterns = [path("boom/", boom), path("", include("portal.urls"))]
settings.ROOT_URLCONF = __name__
