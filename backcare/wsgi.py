import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backcare.settings")

django_application = get_wsgi_application()

# Imported once Django is set up: the guards' error pages need the app registry.
from backcare.request_guards import set_aside_unusable_charsets  # noqa: E402

application = set_aside_unusable_charsets(django_application)

# Fail when the server starts, with a message that says what to do, not on the first request.
# Django raises on reading an empty SECRET_KEY; reading it is the check.
try:
    settings.SECRET_KEY  # noqa: B018
except ImproperlyConfigured as error:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Set it to a long random string in production, "
        "or set DJANGO_DEBUG=1 for local development."
    ) from error
