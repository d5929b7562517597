"""Logging filters: keep the log to what an operator can act on."""

import logging

from backcare.databases import unavailable


class OneLineClientErrors(logging.Filter):
    """Drop the traceback from records of 4xx responses (a bad body, a forged header).

    Django logs those with the exception attached; the request was the client's mistake, so the
    message line says all there is to say. Server errors (5xx) keep their traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if 400 <= getattr(record, "status_code", 0) < 500:
            record.exc_info = None
            record.exc_text = None
        return True


class NoDatabaseDriverMessages(logging.Filter):
    """Reduce a logged database error to its class: the driver's message names hosts, ports and users.

    The middleware logs one such line for errors in views; this covers errors Django logs itself
    (a session saved by middleware while the database is locked or gone).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if unavailable(error):
            record.msg = f"{record.getMessage()} ({type(error).__name__})"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True
