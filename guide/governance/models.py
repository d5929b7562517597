"""A draft change to the guide, and the name and role a reviewer signs with."""

import datetime
from typing import NamedTuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone

from pagecache.version import current_version


class Profile(models.Model):
    """How a reviewer is named in public: "Reviewed by Priya Shah, Physiotherapist"."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(
        max_length=120, help_text='The name readers see under "Reviewed by", e.g. "Priya Shah".'
    )
    role = models.CharField(
        max_length=120,
        blank=True,
        help_text='The profession readers see after the name, e.g. "Physiotherapist" or "GP". '
        "Clinical reviewers need one.",
    )

    class Meta:
        verbose_name = "reviewer's profile"
        verbose_name_plural = "reviewers' profiles"

    def __str__(self):
        return f"{self.display_name}, {self.role}" if self.role else self.display_name


def name_of(user) -> str:
    """The name a person signs with: their profile's, their full name, or their username."""
    profile = getattr(user, "profile", None) if user is not None else None
    if profile is not None:
        return profile.display_name
    return (user.get_full_name() or user.get_username()) if user is not None else "someone"


class ChangeRequestQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(state=ChangeRequest.State.WAITING)

    def approved(self):
        return self.filter(state=ChangeRequest.State.APPROVED)

    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def waiting_for(self, user):
        """Changes this person could review: waiting, and written by someone else."""
        return self.waiting().exclude(author=user)

    def public_log(self):
        """Approved changes, newest first, as the "What's changed" page lists them."""
        return self.approved().select_related("content_type").order_by("-decided_at")

    def touching(self, content_type, object_id):
        return self.filter(Q(content_type=content_type) & Q(object_id=object_id))


class ChangeRequest(models.Model):
    """A proposed change to one page (and its parts): kept here, never in the live tables, until approved."""

    class Action(models.TextChoices):
        ADD = "add", "Add"
        CHANGE = "change", "Change"
        DELETE = "delete", "Delete"

    class State(models.TextChoices):
        WAITING = "waiting", "Waiting for review"
        SENT_BACK = "sent-back", "Sent back"
        APPROVED = "approved", "Approved and live"
        WITHDRAWN = "withdrawn", "Withdrawn"

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="The live row it changes; empty for a new one until it is approved."
    )
    label = models.CharField(max_length=300, help_text="The page as editors know it.")
    action = models.CharField(max_length=10, choices=Action.choices)
    proposed = models.JSONField(
        encoder=DjangoJSONEncoder, null=True, blank=True, help_text="The page and its parts as they would go live."
    )
    base = models.JSONField(
        encoder=DjangoJSONEncoder,
        null=True,
        blank=True,
        help_text="The approved page the draft was written on: for the diff, and to refuse a stale approval.",
    )
    note = models.CharField(max_length=200, help_text="One line: what changed and why. Shown in public when live.")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="change_requests")
    created_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews"
    )
    comment = models.TextField(blank=True, help_text="The reviewer's comment, required when sending a change back.")
    decided_at = models.DateTimeField(null=True, blank=True)
    override_reason = models.TextField(
        blank=True,
        help_text="Set when an administrator published without a second person, in an emergency: why.",
    )
    public_url = models.CharField(max_length=300, blank=True, help_text="Where the page is, once live.")

    objects = ChangeRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "change for review"
        verbose_name_plural = "changes for review"
        permissions = [
            ("approve_changerequest", "Can approve another person's change to the guide"),
            ("publish_without_review", "Can publish a change in an emergency without a second person"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "state"])]

    def __str__(self):
        return f"{self.get_action_display()}: {self.label}"

    @property
    def model(self):
        return self.content_type.model_class()

    @property
    def is_override(self) -> bool:
        return bool(self.override_reason)

    @property
    def author_name(self) -> str:
        return name_of(self.author)

    @property
    def reviewer_name(self) -> str:
        return name_of(self.reviewer) if self.reviewer_id else ""


class Reviewer(NamedTuple):
    name: str
    role: str
    date: datetime.date


_reviews: tuple[object, dict[tuple[str, str, str], Reviewer]] | None = None


def last_reviews() -> dict[tuple[str, str, str], Reviewer]:
    """Each page's last approval by a second person (an override is not a review), by (app, model, id).

    One query per content version, as the countries are read: an approval changes the version, so a
    page's "Reviewed by" costs no query of its own and pages' query counts stay flat.
    """
    global _reviews
    version = current_version()
    if _reviews is None or _reviews[0] != version:
        changes = (
            ChangeRequest.objects.approved()
            .filter(override_reason="")
            .exclude(reviewer=None)
            .select_related("content_type", "reviewer__profile")
            .order_by("decided_at")
        )
        found = {}
        for change in changes:  # oldest first, so each page keeps its latest
            profile = getattr(change.reviewer, "profile", None)
            key = (change.content_type.app_label, change.content_type.model, str(change.object_id))
            found[key] = Reviewer(
                change.reviewer_name, profile.role if profile else "", timezone.localdate(change.decided_at)
            )
        _reviews = (version, found)
    return _reviews[1]


def last_review(obj) -> Reviewer | None:
    """The last approval of this page by a second person, or None."""
    if obj.pk is None:
        return None
    return last_reviews().get((obj._meta.app_label, obj._meta.model_name, str(obj.pk)))
