"""A deploy check: production without a second factor for editors is a mistake worth a warning."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def second_factor_for_editors(app_configs, **kwargs) -> list[Warning]:
    if settings.DEBUG or settings.ADMIN_SECOND_FACTOR:
        return []
    return [
        Warning(
            "Editors sign in to the admin with a password only.",
            hint="Unset BACKCARE_ADMIN_SECOND_FACTOR (or set it to 1) so staff need a TOTP code in production.",
            id="backcare.W001",
        )
    ]
