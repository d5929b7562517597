from django.contrib.admin.apps import AdminConfig


class EditorsAdminConfig(AdminConfig):
    """django.contrib.admin, with backcare's admin site (second factor) as the default site."""

    default_site = "backcare.admin_site.EditorsAdminSite"

    def ready(self):
        super().ready()
        from backcare import (
            checks,  # noqa: F401 (registers the deploy check)
            sessions,  # noqa: F401 (records when each editor signs in)
        )
