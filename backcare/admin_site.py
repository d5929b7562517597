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


# The admin home groups the guide's models as editors think of them (editor review, 2026-12-06, item 3);
# accounts, lock-outs and second factors come last, and only for those allowed to see them.
EDITOR_SECTIONS = {
    "Reviews": ["changerequest", "profile"],
    "Pages people read": [
        "treatment",
        "stretch",
        "movementguide",
        "article",
        "conditionfact",
        "medicinecheck",
        "keymessage",
        "myth",
        "flareupstep",
        "walkingplan",
        "checkin",
    ],
    "Symptom checker": ["warningsign", "question", "rule", "route", "tieradvice", "block"],
    "Evidence": ["source", "citation"],
    "Settings": ["country"],
}


def editors_sections(app_list: list[dict]) -> list[dict]:
    """The guide app's models in EDITOR_SECTIONS order, then every other app as it was."""
    guide = next((app for app in app_list if app["app_label"] == "guide"), None)
    if guide is None:
        return app_list
    models = {model["object_name"].lower(): model for model in guide["models"]}
    sections = []
    for name, wanted in EDITOR_SECTIONS.items():
        if found := [models.pop(model) for model in wanted if model in models]:
            sections.append(guide | {"name": name, "models": found})
    if models:
        sections.append(guide | {"name": "More", "models": list(models.values())})
    return sections + [app for app in app_list if app["app_label"] != "guide"]


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

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        return app_list if app_label else editors_sections(app_list)

    def autocomplete_view(self, request):
        from guide.governance.pickers import EditorsAutocompleteView

        return EditorsAutocompleteView.as_view(admin_site=self)(request)

    def has_permission(self, request) -> bool:
        if settings.ADMIN_SECOND_FACTOR:
            return super().has_permission(request)
        return AdminSite.has_permission(self, request)
