"""Any change to guide content bumps the content version, so cached pages go stale at once."""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from simple_history.models import HistoricalChanges

from pagecache import version
from pagecache.models import ContentVersion


def content_changed(sender, **kwargs) -> None:
    # In the same transaction as the change: no replica can see the new version with the old content.
    ContentVersion.bump()
    transaction.on_commit(version.forget)


def content_models() -> list:
    """Every model of the guide app, new ones included; revisions are not shown on pages, and a model
    that says `changes_no_page = True` (readers' feedback, search's own copy of the content) is no content."""
    return [
        model
        for model in apps.get_app_config("guide").get_models()
        if not issubclass(model, HistoricalChanges) and not getattr(model, "changes_no_page", False)
    ]


def connect() -> None:
    for model in content_models():
        name = model._meta.label
        post_save.connect(content_changed, sender=model, dispatch_uid=f"pagecache-save-{name}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"pagecache-delete-{name}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(content_changed, sender=through, dispatch_uid=f"pagecache-m2m-{name}-{field.name}")
