"""Sign-in lockout (django-axes) that an attacker cannot turn against an editor.

Locking a username for everyone let anyone lock an editor out with five wrong passwords from
five addresses. Instead two limits apply, each for AXES_COOLOFF_TIME after the last failure:

- AXES_FAILURE_LIMIT failures for one username from one address lock that username from that
  address only: the editor can still sign in from anywhere else;
- AXES_ADDRESS_FAILURE_LIMIT failures from one address, for any usernames, lock that address.

AXES_LOCKOUT_PARAMETERS lists the two in that order: [["username", "ip_address"], "ip_address"].
"""

import math
from typing import Literal

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from django.conf import settings
from django.contrib import admin
from django.db.models import Max, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

Lock = Literal["account", "address"]


def failures(attempts: QuerySet) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class EditorLockoutHandler(AxesDatabaseHandler):
    """Axes' database handler, with a limit for each lockout parameter instead of one for both."""

    def attempts(self, request: HttpRequest, credentials: dict | None) -> tuple[QuerySet, QuerySet]:
        """This username from this address, and anything from this address, within the cool-off."""
        by_account, by_address = self.get_user_attempts(request, credentials)
        return by_account, by_address

    def lock(self, request: HttpRequest, credentials: dict | None = None) -> tuple[Lock, QuerySet] | None:
        """What is locked, with the attempts that locked it; None when sign-in is open."""
        by_account, by_address = self.attempts(request, credentials)
        if failures(by_address) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return "address", by_address
        if failures(by_account) >= settings.AXES_FAILURE_LIMIT:
            return "account", by_account
        return None

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        # Axes locks when this reaches AXES_FAILURE_LIMIT: an address over its own limit counts as there.
        by_account, by_address = self.attempts(request, credentials)
        if failures(by_address) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return max(failures(by_account), settings.AXES_FAILURE_LIMIT)
        return failures(by_account)


def locked_out(request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: a 429 page that says what is locked and for how long, with Retry-After."""
    lock, attempts = EditorLockoutHandler().lock(request, credentials) or ("account", None)
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds())
    if attempts is not None and (last := attempts.aggregate(last=Max("attempt_time"))["last"]):
        seconds = max(1, math.ceil((last + cool_off - timezone.now()).total_seconds()))
    context = {
        "lock": lock,
        "username": get_client_username(request, credentials) or "",
        "failure_limit": settings.AXES_ADDRESS_FAILURE_LIMIT if lock == "address" else settings.AXES_FAILURE_LIMIT,
        "minutes": math.ceil(seconds / 60),
        "site_header": admin.site.site_header,
        "site_title": admin.site.site_title,
    }
    response = render(request, "admin/locked_out.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response
