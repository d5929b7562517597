"""Any change to guide content bumps the content version, so cached pages go stale at once."""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from pagecache.models import ContentVersion

CONTENT_MODELS = ["Source", "Treatment", "Stretch", "WarningSign", "ConditionFact", "Citation"]


def content_changed(sender, **kwargs) -> None:
    ContentVersion.bump()


def connect() -> None:
    for name in CONTENT_MODELS:
        model = apps.get_model("guide", name)
        post_save.connect(content_changed, sender=model, dispatch_uid=f"pagecache-save-{name}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"pagecache-delete-{name}")
    for field in apps.get_model("guide", "Treatment")._meta.many_to_many:
        through = field.remote_field.through
        m2m_changed.connect(content_changed, sender=through, dispatch_uid=f"pagecache-m2m-{field.name}")
