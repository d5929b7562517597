"""Content that eases fear: a few short key messages, and the myths page.

Education that reassures reduces fear and repeat visits, and more of it is not better, so the
results show one short message each, never a page of them. Each message and myth is a cited row,
edited in the admin with its revisions, like the rest of the guide.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from guide.models import PublishedQuerySet, ReviewedModel, SlugModel, SlugNaturalKeyManager
from guide.phases import PHASES

SHORT = "Keep it short: a person in pain reads it in a few seconds."


class KeyMessage(SlugModel, ReviewedModel):
    """One cited message, shown briefly on the results and the flare-up plan, and in full on the myths page."""

    title = models.CharField(max_length=60, help_text=f'A few words, e.g. "Hurt does not mean harm". {SHORT}')
    message = models.CharField(
        max_length=200, help_text=f"One or two short sentences that say what is true, in plain words. {SHORT}"
    )
    on_self_care = models.BooleanField(
        "on the self-care result", default=False, help_text="Show it on the self-care result and its plan."
    )
    on_gp = models.BooleanField("on the GP result", default=False, help_text="Show it on the GP result and its plan.")
    on_flare_up_plan = models.BooleanField(
        "on the flare-up plan", default=False, help_text="Show it at the top of the printable flare-up plan."
    )
    for_first_hours = models.BooleanField("first hours", default=False)
    for_first_days = models.BooleanField("first 2-3 days", default=False)
    for_after_72_hours = models.BooleanField("after 72 hours", default=False)
    for_recovery = models.BooleanField("recovery and prevention", default=False)
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers list first. A result shows the first message that fits it, only that one."
    )

    objects = SlugNaturalKeyManager.from_queryset(PublishedQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("guide:myths") + f"#{self.slug}"

    def fits(self, tier: str, phase_slug: str | None) -> bool:
        """True when a result of `tier` for a person in phase `phase_slug` (None: not known) may show it."""
        on_tier = {"self-care": self.on_self_care, "gp": self.on_gp}.get(tier, False)
        return on_tier and (phase_slug not in PHASES or getattr(self, PHASES[phase_slug].field))

    def clean(self):
        super().clean()
        results = self.on_self_care or self.on_gp
        if results and not any(getattr(self, phase.field) for phase in PHASES.values()):
            raise ValidationError("Tick at least one phase, so the result knows when to show it.")


class Myth(SlugModel, ReviewedModel):
    """A common belief about back pain, and what the evidence says instead."""

    myth = models.CharField(
        max_length=150,
        help_text='What people often believe, in their own words, e.g. "You need a scan to find out what is wrong."',
    )
    truth = models.TextField(
        help_text="What is true instead, in one to three short sentences. Say what to do where you can."
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers list first.")

    objects = SlugNaturalKeyManager.from_queryset(PublishedQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "slug"]

    def __str__(self):
        return self.myth

    def get_absolute_url(self):
        return reverse("guide:myths") + f"#{self.slug}"
