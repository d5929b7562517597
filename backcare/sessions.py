"""Editors' sessions in the database (SESSION_ENGINE): ended SESSION_ABSOLUTE_AGE after signing in,
and tolerant of a busy database on a mere refresh.

A session's idle timeout (SESSION_COOKIE_AGE) is pushed back by every request, so an editor who
keeps working, or a stolen cookie kept busy, would stay signed in for ever. Sign-in records when it
happened, and `end_old_sessions` signs out any session older than SESSION_ABSOLUTE_AGE (or one
with no record: made before this rule), whatever its activity.

Every request saves the session to push its 30-minute idle expiry back. When the database is
locked or gone and the session holds nothing new, failing that refresh would turn a page that
rendered fine into an error; skipping it only means the session ends 30 minutes after the last
refresh that worked. A session with real changes (a sign-in, a message) still fails loudly.
"""

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

from backcare.databases import unavailable as database_unavailable_error

logger = logging.getLogger(__name__)


class SessionStore(db.SessionStore):
    def save(self, must_create: bool = False) -> None:
        if must_create or self.modified:
            return super().save(must_create)
        try:
            return super().save(must_create)
        except UpdateError as error:
            if not database_unavailable_error(error.__context__):
                raise  # the row is gone (signed out elsewhere): Django's own handling applies
            logger.warning("Session expiry not refreshed (%s).", type(error.__context__).__name__)
            return None


SIGNED_IN_AT = "backcare_signed_in_at"


@receiver(user_logged_in, dispatch_uid="backcare-signed-in-at")
def remember_sign_in(sender, request: HttpRequest, user, **kwargs) -> None:
    request.session[SIGNED_IN_AT] = time.time()


def end_old_sessions(get_response: Callable[[HttpRequest], HttpResponse]):
    """Sign out a session signed in more than SESSION_ABSOLUTE_AGE ago: the request goes on signed out."""

    session_cookie = settings.SESSION_COOKIE_NAME

    def middleware(request: HttpRequest) -> HttpResponse:
        # Only with a session cookie: reading the user reads the session, and a page whose request
        # read the session is never cached (pagecache/decorators.py).
        if session_cookie in request.COOKIES and request.user.is_authenticated:
            signed_in_at = request.session.get(SIGNED_IN_AT, 0)
            if time.time() - signed_in_at > settings.SESSION_ABSOLUTE_AGE.total_seconds():
                logout(request)
        return get_response(request)

    return middleware
