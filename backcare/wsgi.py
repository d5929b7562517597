import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backcare.settings")

application = get_wsgi_application()

# Fail when the server starts, with a message that says what to do, not on the first request.
# Django raises on reading an empty SECRET_KEY; reading it is the check.
try:
    settings.SECRET_KEY  # noqa: B018
except ImproperlyConfigured as error:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Set it to a long random string in production, "
        "or set DJANGO_DEBUG=1 for local development."
    ) from error
