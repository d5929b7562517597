"""Content for after the pain: the printable flare-up plan, and walking plans that help keep the back well.

Both are cited rows edited in the admin with their revisions. The flare-up plan is printed and
filled in by hand; the walking plan's calendar is made on request. Neither stores anything about
the person.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from guide.country_words import HELP as COUNTRY_WORDS_HELP
from guide.country_words import validate_country_words
from guide.models import (
    DO_NOT_HELP,
    LINE_HELP,
    PublishedQuerySet,
    ReviewedModel,
    SlugModel,
    SlugNaturalKeyManager,
    Treatment,
    validate_do_not_lines,
)


class FlareUpStep(SlugModel, ReviewedModel):
    """One line of the flare-up plan: what to do at one stage of a flare-up."""

    class Stage(models.TextChoices):
        FIRST_HOURS = "first-hours", "In the first hours"
        FIRST_DAYS = "first-days", "Over the next few days"
        NOT_SETTLING = "not-settling", "If it is not settling"

    stage = models.CharField(max_length=20, choices=Stage.choices, help_text="Where on the plan it goes.")
    text = models.CharField(
        max_length=200,
        validators=[validate_country_words],
        help_text="One short line, action first, that fits on a printed card. " + COUNTRY_WORDS_HELP,
    )
    treatment = models.ForeignKey(
        Treatment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: the treatment page that gives the details. The plan on screen links to it.",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers list first within a stage.")

    objects = SlugNaturalKeyManager.from_queryset(PublishedQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = "flare-up plan line"

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return reverse("guide:flare_up_plan") + f"#{self.slug}"


class WalkingPlan(SlugModel, ReviewedModel):
    """A plan to build up walking week by week, with what the research behind it tested."""

    title = models.CharField(max_length=120)
    summary = models.CharField(max_length=300, help_text="One plain sentence shown under the title.")
    evidence = models.TextField(
        "what was tested",
        help_text="Who the research tested it in, what they did, and what it found, honestly and in plain words. "
        "Say where this plan differs from what was tested. A blank line starts a new paragraph.",
    )
    how_to = models.TextField(help_text=f"How to follow the plan, in order. {LINE_HELP}")
    when_to_stop = models.TextField(
        help_text='One reason per line, each starting "Stop if". ' + COUNTRY_WORDS_HELP,
        validators=[validate_country_words],
    )
    cautions = models.TextField(blank=True, help_text=DO_NOT_HELP, validators=[validate_do_not_lines])
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers list first.")

    objects = SlugNaturalKeyManager.from_queryset(PublishedQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("guide:walking_plan") + f"#{self.slug}"

    def clean(self):
        super().clean()
        bad = [line for line in self.when_to_stop.splitlines() if line.strip() and not line.startswith("Stop if")]
        if bad:
            raise ValidationError({"when_to_stop": f'Start every line with "Stop if". Check: {bad[0]}'})


class WalkingWeekManager(models.Manager):
    def get_by_natural_key(self, plan_slug, week):
        return self.get(plan__slug=plan_slug, week=week)


class WalkingWeek(models.Model):
    """A stage of a walking plan: from this week on, walk this long, this many times a week."""

    plan = models.ForeignKey(WalkingPlan, on_delete=models.CASCADE, related_name="weeks")
    week = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text="The week this stage starts. The first stage starts in week 1; each lasts until the next one starts.",
    )
    until_week = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text="The last week of this stage. The calendar reminds the person each week of the stage.",
    )
    minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(120)], help_text="How long each walk lasts, in minutes."
    )
    walks = models.PositiveSmallIntegerField(
        "walks a week", validators=[MinValueValidator(1), MaxValueValidator(7)], help_text="How many walks a week."
    )
    tip = models.CharField(
        max_length=200,
        blank=True,
        help_text="Optional: one short line for this stage, shown beside it and in its reminders.",
    )

    objects = WalkingWeekManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "week"]
        constraints = [models.UniqueConstraint(fields=["plan", "week"], name="one_walking_stage_per_week")]

    def __str__(self):
        return f"{self.plan}: weeks {self.week} to {self.until_week}"

    def natural_key(self):
        return (self.plan.slug, self.week)

    natural_key.dependencies = ["guide.walkingplan"]

    def clean(self):
        super().clean()
        if self.week and self.until_week and self.until_week < self.week:
            raise ValidationError({"until_week": "The last week must come on or after the first."})
