import secrets

from django.db import models

SINGLETON_ID = 1


class ContentVersion(models.Model):
    """One row: a token that changes whenever guide content changes."""

    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return self.token

    @classmethod
    def current(cls) -> str:
        return cls.objects.filter(pk=SINGLETON_ID).values_list("token", flat=True).first() or "initial"

    @classmethod
    def bump(cls) -> None:
        # A random token rather than a counter: two replicas bumping at once both invalidate.
        cls.objects.update_or_create(pk=SINGLETON_ID, defaults={"token": secrets.token_hex(16)})
