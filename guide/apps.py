from django.apps import AppConfig
from django.db.models.signals import post_migrate


class GuideConfig(AppConfig):
    name = "guide"
    verbose_name = "Back spasm guide"

    def ready(self):
        from guide.governance.roles import keep_groups

        post_migrate.connect(keep_groups, dispatch_uid="guide-governance-groups")
