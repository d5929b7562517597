"""Django's PostgreSQL backend, whose waits for the server end (see backcare/databases/__init__.py).

OPTIONS (settings.py): `connect_timeout` and `options` ("-c statement_timeout=...") go to libpq as
usual; `backcare_wait_timeout` (seconds, or None) is this backend's own: no wait for the server on
an open connection lasts longer. When one does, the connection is closed and the error is an
OperationalError, which the pages answer with 503 (backcare/middleware.py).
"""

import math
import time

import psycopg
from django.db import OperationalError
from django.db.backends.postgresql import base
from psycopg.errors import _WaitTimeout  # what psycopg's wait raises at its timeout

from backcare.databases import remaining

# Checking that a kept connection still answers ("SELECT 1") is quick, or the server is gone.
HEALTH_CHECK_SECONDS = 1.0
# libpq's shortest connect_timeout; inside a budget, a connection is tried only with this much
# time left (a failed check of a kept connection leaves too little: answer at once instead).
SHORTEST_CONNECT = 2
LEAST_TIME_TO_CONNECT = 1.5


class BoundedConnection(psycopg.Connection):
    """A psycopg connection that stops waiting for a server that does not answer."""

    wait_timeout: float | None = None

    def wait(self, gen, interval=0.1, timeout=None):
        limit = remaining(self.wait_timeout) if timeout is None else timeout
        try:
            return super().wait(gen, interval=interval, timeout=limit)
        except _WaitTimeout:
            # The server may answer this query later: the connection cannot be trusted again.
            self.close()
            raise psycopg.OperationalError(f"the database did not answer within {limit:.1f} s") from None


class Psycopg:
    """psycopg, as Django's backend uses it, making BoundedConnections."""

    def __getattr__(self, name):
        return getattr(psycopg, name)

    @staticmethod
    def connect(*args, **kwargs):
        return BoundedConnection.connect(*args, **kwargs)


class DatabaseWrapper(base.DatabaseWrapper):
    Database = Psycopg()
    # When this thread last failed to connect: it does not try again sooner than the connect
    # timeout, so one request (the page cache's version check, then the view) waits once, not twice.
    failed_to_connect_at: float | None = None

    def get_connection_params(self):
        params = super().get_connection_params()
        params.pop("backcare_wait_timeout", None)
        return params

    def get_new_connection(self, conn_params):
        conn_params = dict(conn_params)
        connect_timeout = float(conn_params.get("connect_timeout") or 0)
        if self.failed_to_connect_at is not None and time.monotonic() - self.failed_to_connect_at < connect_timeout:
            raise OperationalError("the database could not be reached a moment ago")
        if (left := remaining(None)) is not None:
            # Inside a budget: connect only if there is time to, and for no longer than is left.
            if left < LEAST_TIME_TO_CONNECT:
                raise OperationalError(f"no time left to connect to the database ({left:.1f} s)")
            configured = float(conn_params.get("connect_timeout") or left)
            conn_params["connect_timeout"] = max(SHORTEST_CONNECT, math.floor(min(configured, left)))
        try:
            connection = super().get_new_connection(conn_params)
        except psycopg.OperationalError:
            self.failed_to_connect_at = time.monotonic()
            raise
        self.failed_to_connect_at = None
        connection.wait_timeout = self.settings_dict["OPTIONS"].get("backcare_wait_timeout")
        return connection

    def is_usable(self):
        if self.connection is None:
            return False
        kept = self.connection.wait_timeout
        self.connection.wait_timeout = HEALTH_CHECK_SECONDS if kept is None else min(kept, HEALTH_CHECK_SECONDS)
        try:
            return super().is_usable()
        finally:
            self.connection.wait_timeout = kept
