"""Editors' sessions in the database (SESSION_ENGINE), tolerant of a busy database on a mere refresh.

Every request saves the session to push its 30-minute idle expiry back. When the database is
locked or gone and the session holds nothing new, failing that refresh would turn a page that
rendered fine into an error; skipping it only means the session ends 30 minutes after the last
refresh that worked. A session with real changes (a sign-in, a message) still fails loudly.
"""

import logging

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.db import InterfaceError, OperationalError

logger = logging.getLogger(__name__)


class SessionStore(db.SessionStore):
    def save(self, must_create: bool = False) -> None:
        if must_create or self.modified:
            return super().save(must_create)
        try:
            return super().save(must_create)
        except UpdateError as error:
            if not isinstance(error.__context__, OperationalError | InterfaceError):
                raise  # the row is gone (signed out elsewhere): Django's own handling applies
            logger.warning("Session expiry not refreshed (%s).", type(error.__context__).__name__)
            return None
