"""Database backends that give up in seconds when the database stops answering, and time budgets.

A hung PostgreSQL (a stopped server, a full disk it cannot log to) never answers: its own
statement_timeout cannot fire, and a worker thread waits for ever (gunicorn's timeout does not
fire with threaded workers). A locked SQLite makes every read wait out the busy timeout. Either
way a person would wait 30 seconds or more for the page that tells them whom to call. These
backends bound every wait (settings.py sets the limits from the environment), so a failing
database gives the 503 page, with every emergency number, within seconds:

- PostgreSQL (`backcare.databases.postgresql`): `connect_timeout` and the server's
  `statement_timeout` from OPTIONS; and on the client, no wait for the server longer than the
  statement timeout and a second, nor longer than a second for the check that a kept connection
  still works. A connection that timed out is closed, and the next request opens a new one.
- SQLite (`backcare.databases.sqlite3`): a short busy timeout for reads, outside any transaction,
  and the longer one while a transaction writes (an editor's save waits for another writer).

`budget(seconds)` bounds everything inside it in this thread to that much time in all: /healthz
has 2 seconds, so a load balancer hears "unavailable" before its own probe gives up.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DatabaseError, InterfaceError, OperationalError
from django.db.transaction import TransactionManagementError

# PostgreSQL's "cannot execute ... in a read-only transaction" (default_transaction_read_only, a
# replica promoted wrongly, a disk the server protects by refusing writes): an InternalError.
READ_ONLY_SQLSTATE = "25006"


def unavailable(error: BaseException | None) -> bool:
    """Whether `error` means the database cannot be reached, read or written just now, not a bug.

    That is a lost, locked, full or overloaded database (OperationalError, InterfaceError), a
    read-only one, or the TransactionManagementError Django raises for the next query after such an
    error was caught inside a transaction (django-otp's throttle write on a full disk, at sign-in).
    """
    while error is not None:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        if isinstance(error, DatabaseError) and getattr(error.__cause__, "sqlstate", None) == READ_ONLY_SQLSTATE:
            return True
        if not isinstance(error, TransactionManagementError):
            return False
        error = error.__context__
    return False


_deadline: ContextVar[float | None] = ContextVar("backcare_database_deadline", default=None)


@contextmanager
def budget(seconds: float) -> Iterator[None]:
    """Database work inside takes at most `seconds` in all (or what is left of an outer budget)."""
    outer = _deadline.get()
    deadline = time.monotonic() + seconds
    token = _deadline.set(deadline if outer is None else min(outer, deadline))
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining(limit: float | None) -> float | None:
    """How long the next wait may take: `limit` (None for no limit), cut to what the budget has left."""
    if (deadline := _deadline.get()) is None:
        return limit
    left = max(0.0, deadline - time.monotonic())
    return left if limit is None else min(limit, left)
