"""The editors' admin site: a second factor (a TOTP code) on top of the password, in production.

ADMIN_SECOND_FACTOR (BACKCARE_ADMIN_SECOND_FACTOR, on unless DJANGO_DEBUG) switches it. When on,
django-otp's OTPAdminSite treats a staff user who has not entered a code as not staff.
Each editor gets an authenticator app entry from `python manage.py add_second_factor <username>`.
"""

from django import forms
from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_totp.models import TOTPDevice

SET_UP_HINT = (
    "No authenticator app set up yet, or a new phone? Ask whoever runs the site to run: "
    "python manage.py add_second_factor <username> (with --replace for a new phone)."
)
# One message for every failed sign-in: a different one for a wrong code, a missing code or an
# account without an authenticator would tell whoever typed the password that it was right.
FAILED = (
    "The username, password or code did not match. Check them, and enter the code your authenticator app shows now."
)


class SecondFactorLoginForm(OTPAdminAuthenticationForm):
    """Password, then the 6-digit code from the editor's authenticator app (their one TOTP device).

    Any failure gets the same message. A right password with a wrong or missing code counts as a
    failed sign-in for the lockout too (django-axes), as a wrong password does; django-otp's own
    throttle still slows guesses at the code.
    """

    otp_token = forms.CharField(
        label="Code from your authenticator app",
        required=False,
        help_text=SET_UP_HINT,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    error_messages = OTPAdminAuthenticationForm.error_messages | {"invalid_login": FAILED, "inactive": FAILED}
    otp_error_messages = dict.fromkeys(OTPAuthenticationFormMixin.otp_error_messages, FAILED)

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            if self.user_cache is not None:  # the password matched; the code did not
                credentials = {"username": self.cleaned_data.get("username")}
                user_login_failed.send(sender=type(self), credentials=credentials, request=self.request)
            raise forms.ValidationError(FAILED, code="invalid_login") from None

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
