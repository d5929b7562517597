"""The admin home for the person signed in: what waits for them, their drafts, what came back, what is overdue."""

from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from guide.governance.models import ChangeRequest
from guide.models import ReviewedModel

SHOWN = 20


@dataclass
class Overdue:
    label: str
    kind: str
    due: object
    url: str


def reviewed_models() -> list:
    return [model for model in apps.get_app_config("guide").get_models() if issubclass(model, ReviewedModel)]


def overdue_pages(user, today=None) -> list[Overdue]:
    """Every page, of every kind this person may see, past its next review date, most overdue first."""
    today = today or timezone.localdate()
    found = []
    for model in reviewed_models():
        if not user.has_perm(f"guide.view_{model._meta.model_name}"):
            continue
        for page in model._default_manager.filter(next_review_due__lt=today).order_by("next_review_due")[:SHOWN]:
            try:
                url = reverse(f"admin:guide_{model._meta.model_name}_change", args=[page.pk])
            except NoReverseMatch:
                url = ""
            found.append(Overdue(str(page), str(model._meta.verbose_name).capitalize(), page.next_review_due, url))
    return sorted(found, key=lambda page: page.due)[:SHOWN]


def home_for(user) -> dict:
    changes = ChangeRequest.objects.select_related("author__profile", "reviewer__profile", "content_type")
    mine = changes.filter(author=user)
    return {
        "to_review": list(changes.waiting_for(user)[:SHOWN]) if user.has_perm("guide.approve_changerequest") else [],
        "can_review": user.has_perm("guide.approve_changerequest"),
        "my_drafts": list(mine.waiting()[:SHOWN]),
        "sent_back": list(mine.filter(state=ChangeRequest.State.SENT_BACK)[:SHOWN]),
        "overdue": overdue_pages(user),
    }
