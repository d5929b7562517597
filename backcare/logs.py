"""Logging filters: keep the log to what an operator can act on."""

import logging


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
