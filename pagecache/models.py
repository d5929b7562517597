import secrets
import time
from typing import NamedTuple

from django.db import connection, models
from django.db.models import F, Value
from django.db.models.functions import Greatest

SINGLETON_ID = 1


class Version(NamedTuple):
    token: str  # names the content: part of every cached page's key and ETag
    modified: int  # when it last changed, whole seconds since the epoch: the pages' Last-Modified


def now_seconds() -> int:
    return int(time.time())


class ContentVersion(models.Model):
    """One row: a token that changes whenever guide content changes, and when it did."""

    token = models.CharField(max_length=32)
    modified = models.BigIntegerField(default=now_seconds)

    def __str__(self) -> str:
        return self.token

    @classmethod
    def current(cls) -> Version:
        # Each worker reads it once a second, and /healthz on every probe: plain SQL costs a third
        # of the ORM's time for this one-row read.
        table = connection.ops.quote_name(cls._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT token, modified FROM {table} WHERE id = %s", [SINGLETON_ID])
            row = cursor.fetchone()
        return Version(*row) if row else Version("initial", 0)

    @classmethod
    def bump(cls) -> None:
        # A random token rather than a counter: two replicas bumping at once both invalidate.
        # `modified` always moves on by a second at least: Last-Modified has whole seconds, and a
        # second edit within the same second must not look unmodified to If-Modified-Since.
        token, now = secrets.token_hex(16), now_seconds()
        later = Greatest(F("modified") + 1, Value(now))
        bumped = cls.objects.filter(pk=SINGLETON_ID).update(token=token, modified=later)
        if not bumped:
            cls.objects.create(pk=SINGLETON_ID, token=token, modified=now)
