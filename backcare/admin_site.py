"""The editors' admin site: a second factor (a TOTP code) on top of the password, in production.

ADMIN_SECOND_FACTOR (BACKCARE_ADMIN_SECOND_FACTOR, on unless DJANGO_DEBUG) switches it. When on,
django-otp's OTPAdminSite treats a staff user who has not entered a code as not staff.
Each editor gets an authenticator app entry from `python manage.py add_second_factor <username>`.
"""

from django import forms
from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_totp.models import TOTPDevice

SET_UP_HINT = "No authenticator app set up yet? Ask an administrator to run: python manage.py add_second_factor "


class SecondFactorLoginForm(OTPAdminAuthenticationForm):
    """Password, then the 6-digit code from the editor's authenticator app (their one TOTP device)."""

    otp_token = forms.CharField(
        label="Code from your authenticator app",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    otp_error_messages = OTPAuthenticationFormMixin.otp_error_messages | {
        "token_required": "Enter the 6-digit code from your authenticator app.",
        "invalid_token": "That code did not match. Enter the code your authenticator app shows now.",
        "device_required": "This account has no second factor yet. " + SET_UP_HINT + "<username>",
    }

    def clean_otp(self, user) -> None:
        # Editors have one authenticator each: choose it for them (once the password matched).
        if user is not None and not self.cleaned_data.get("otp_device"):
            device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
            if device is not None:
                self.cleaned_data["otp_device"] = device.persistent_id
        super().clean_otp(user)


class EditorsAdminSite(OTPAdminSite):
    """The default admin site (every app's admin.register lands here), with the second factor switchable."""

    def __init__(self, name: str = "admin"):
        super().__init__(name)

    @property
    def login_form(self):
        return SecondFactorLoginForm if settings.ADMIN_SECOND_FACTOR else AdminAuthenticationForm

    @property
    def login_template(self):
        return "admin/login_second_factor.html" if settings.ADMIN_SECOND_FACTOR else None

    def has_permission(self, request) -> bool:
        if settings.ADMIN_SECOND_FACTOR:
            return super().has_permission(request)
        return AdminSite.has_permission(self, request)
