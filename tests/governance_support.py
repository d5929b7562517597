"""Editors as the governance tests use them: a writer, two clinical reviewers, an administrator, each in
their shipped group (never superusers), and the admin's forms filled in as a browser would."""

import pickle

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from guide.governance import roles
from guide.governance.models import ChangeRequest, Profile
from tests.html_forms import form_data


def person(django_user_model, username: str, group: str, name: str = "", role: str = "") -> Client:
    user = django_user_model.objects.create_user(username, password=None, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    if name:
        Profile.objects.create(user=user, display_name=name, role=role)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def people(django_user_model) -> dict[str, Client]:
    return {
        "writer": person(django_user_model, "wendy", roles.WRITERS, "Wendy Writer", "Health writer"),
        "reviewer": person(django_user_model, "priya", roles.CLINICAL_REVIEWERS, "Priya Shah", "Physiotherapist"),
        "reviewer2": person(django_user_model, "omar", roles.CLINICAL_REVIEWERS, "Omar Ali", "GP"),
        "admin": person(django_user_model, "ada", roles.ADMINISTRATORS, "Ada Admin"),
    }


def change_url(obj) -> str:
    return reverse(f"admin:guide_{obj._meta.model_name}_change", args=[obj.pk])


def add_url(model) -> str:
    return reverse(f"admin:guide_{model._meta.model_name}_add")


def flat(data: dict[str, list[str]]) -> dict:
    return {name: values if len(values) > 1 else values[0] for name, values in data.items()}


def open_form(client: Client, url: str) -> dict:
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    return flat(form_data(page.content.decode()))


def save(client: Client, url: str, data: dict, note: str = "A test change", **changes):
    return client.post(url, data | {"change_note": note} | changes)


def edit(client: Client, obj, note: str = "A test change", **changes):
    """Open the object's change form, change some fields and save, as an editor would."""
    return save(client, change_url(obj), open_form(client, change_url(obj)), note, **changes)


def latest_change() -> ChangeRequest:
    return ChangeRequest.objects.order_by("-pk").first()


def decide(client: Client, change: ChangeRequest, decision: str, **fields):
    url = reverse("admin:guide_changerequest_decide", args=[change.pk])
    response = client.post(url, {"decision": decision, **fields})
    change.refresh_from_db()
    return response


def cached_text() -> str:
    """Every page the page cache holds, as text (its uncompressed copies)."""
    found = []
    for pickled in list(cache._cache.values()):
        try:
            value = pickle.loads(pickled)
        except Exception:
            continue
        if isinstance(value, tuple) and value and isinstance(value[0], bytes):
            found.append(value[0].decode(errors="replace"))
    return "\n".join(found)


def approve_latest(django_user_model, username: str = "second-reviewer") -> ChangeRequest:
    """A second person (a superuser, so a reviewer) approves the draft the last admin save made."""
    from guide.governance import review

    reviewer = django_user_model.objects.filter(username=username).first()
    reviewer = reviewer or django_user_model.objects.create_superuser(username, password=None)
    return review.approve(latest_change(), reviewer)
