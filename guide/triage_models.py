"""The triage wizard's questions and rules: clinical content, edited in the admin like the rest.

A block is one screen of questions. A question is a choice (one answer) or a checklist (tick any,
or "None of these"); a follow-up is asked only when one of its trigger answers was given. A rule
says which answers, together, give a warning sign's tier; that warning sign is what the person
reads. A route says who to contact for a tier when an answer applies (a cancer team, a maternity
unit). guide/triage.py applies them; guide/questionnaire.py turns these rows into its plain data.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from guide.country_words import HELP as COUNTRY_WORDS_HELP
from guide.country_words import validate_country_words
from guide.models import (
    DO_NOT_HELP,
    PublishedQuerySet,
    ReviewedModel,
    SlugModel,
    SlugNaturalKeyManager,
    WarningSign,
    validate_do_not_lines,
)
from guide.phases import PHASES

TIER_CHOICES = [
    ("emergency", "Emergency: call now"),
    ("urgent", "Urgent: get help today"),
    ("gp", "See a GP soon"),
    ("self-care", "Self-care at home"),
]


class Block(SlugModel):
    """One screen of the wizard. Blocks are asked in order; an emergency ends the wizard at once."""

    heading = models.CharField(max_length=120, help_text="The screen's heading, e.g. \"Check it's not an emergency\".")
    lead = models.CharField(
        max_length=250,
        blank=True,
        help_text="One line under the heading: what to do here. " + COUNTRY_WORDS_HELP,
        validators=[validate_country_words],
    )
    order = models.PositiveSmallIntegerField(help_text="Lower numbers are asked first.")

    objects = SlugNaturalKeyManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "slug"]

    def __str__(self):
        return self.heading


class QuestionQuerySet(PublishedQuerySet):
    def in_order(self):
        return self.order_by("block__order", "order", "slug")


class Question(SlugModel, ReviewedModel):
    class Kind(models.TextChoices):
        CHOICE = "choice", "Choose one answer"
        CHECKLIST = "checklist", "Tick any that apply, or None of these"

    block = models.ForeignKey(Block, on_delete=models.PROTECT, related_name="questions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.CharField(
        max_length=250,
        help_text='The question as the person reads it, e.g. "When did this back pain start?". '
        "One idea, no negatives, plain words.",
    )
    why_we_ask = models.CharField(max_length=250, blank=True, help_text="One line shown under the question.")
    none_said = models.CharField(
        max_length=200,
        blank=True,
        help_text='Checklists: finishes "Because you said ..." when the person ticks None of these, '
        'e.g. "you have none of the emergency signs".',
    )
    ask_if = models.ManyToManyField(
        "AnswerOption",
        blank=True,
        related_name="follow_ups",
        verbose_name="ask only if",
        help_text="Leave empty to always ask. Otherwise this is a follow-up: it is asked only when the "
        "person gave one of these answers, in this block or an earlier one.",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first within the block.")

    objects = SlugNaturalKeyManager.from_queryset(QuestionQuerySet)()
    history = HistoricalRecords(m2m_fields=[ask_if])

    class Meta:
        ordering = ["block__order", "order", "slug"]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return reverse("guide:triage_testing") + f"#question-{self.slug}"


class AnswerOptionManager(models.Manager):
    def get_by_natural_key(self, question_slug, value):
        return self.get(question__slug=question_slug, value=value)


class AnswerOption(models.Model):
    """One answer a question offers: a radio button, or one line of a checklist."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    value = models.SlugField(
        max_length=50, help_text="A short code the rules and the vignette suite use. Changing it breaks them."
    )
    label = models.CharField(max_length=250, help_text="What the person reads beside the button or tick box.")
    hint = models.CharField(max_length=250, blank=True, help_text="Optional: one line under the label.")
    said = models.CharField(
        max_length=250,
        blank=True,
        help_text='Finishes "Because you said ..." and the summary, e.g. "the pain started 1 to 3 days ago".',
    )
    group = models.CharField(
        max_length=120,
        blank=True,
        help_text="Long checklists only: a short heading shown above this answer, starting a group of lines, "
        'e.g. "Signs that you are seriously ill". Leave blank to carry on the group above.',
    )
    phase = models.CharField(
        max_length=20,
        blank=True,
        choices=[(phase.slug, phase.label) for phase in PHASES.values()],
        help_text="For answers about when the pain started: the self-care phase that fits.",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers show first.")

    objects = AnswerOptionManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["question__block__order", "question__order", "order", "value"]
        constraints = [models.UniqueConstraint(fields=["question", "value"], name="one_answer_per_value")]

    def __str__(self):
        return f"{self.question.slug}: {self.label}"

    def natural_key(self):
        return (self.question.slug, self.value)

    natural_key.dependencies = ["guide.question"]


class Rule(SlugModel, ReviewedModel):
    name = models.CharField(max_length=200, help_text='For editors, e.g. "Cancer history with a leg symptom".')
    warning_sign = models.ForeignKey(
        WarningSign,
        on_delete=models.PROTECT,
        related_name="rules",
        help_text="What the person reads when this rule fires. Its urgency is the tier this rule gives.",
    )
    at_least = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Leave empty when every condition must hold. Otherwise, how many of them must, "
        'e.g. 4 for NICE\'s "4 or more of these".',
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Within a tier, reasons are listed in this order.")

    objects = SlugNaturalKeyManager.from_queryset(PublishedQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "slug"]

    def __str__(self):
        return self.name

    @property
    def tier(self) -> str:
        return self.warning_sign.urgency

    def get_absolute_url(self):
        return reverse("guide:triage_testing") + f"#rule-{self.slug}"


class ConditionManager(models.Manager):
    def get_by_natural_key(self, rule_slug, order):
        return self.get(rule__slug=rule_slug, order=order)


class Condition(models.Model):
    """One part of a rule: it holds when the person gave any one of these answers."""

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="conditions")
    order = models.PositiveSmallIntegerField(default=0)
    options = models.ManyToManyField(
        AnswerOption, related_name="conditions", help_text="Any one of these answers meets this condition."
    )

    objects = ConditionManager()
    history = HistoricalRecords(m2m_fields=[options])

    class Meta:
        ordering = ["rule", "order"]
        constraints = [models.UniqueConstraint(fields=["rule", "order"], name="one_condition_per_place")]

    def __str__(self):
        return f"{self.rule}: condition {self.order}"

    def natural_key(self):
        return (self.rule.slug, self.order)

    natural_key.dependencies = ["guide.rule", "guide.answeroption"]


class Route(SlugModel, ReviewedModel):
    """Who to contact, when the result is this tier and one of these answers applies."""

    name = models.CharField(max_length=200, help_text='For editors, e.g. "Urgent, with a history of cancer".')
    tier = models.CharField(max_length=20, choices=TIER_CHOICES)
    when = models.ManyToManyField(AnswerOption, related_name="routes", help_text="Any one of these answers.")
    advice = models.TextField(
        help_text="Shown first on the result: who to contact and what to say. Action first. "
        "A blank line starts a new paragraph. " + COUNTRY_WORDS_HELP,
        validators=[validate_country_words],
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers show first.")

    objects = SlugNaturalKeyManager.from_queryset(PublishedQuerySet)()
    history = HistoricalRecords(m2m_fields=[when])

    class Meta:
        ordering = ["order", "slug"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("guide:triage_testing") + f"#route-{self.slug}"


class TierAdviceManager(models.Manager):
    def get_by_natural_key(self, tier):
        return self.get(tier=tier)


class TierAdvice(models.Model):
    """What every result of one tier says under its heading, whatever the answers."""

    tier = models.CharField(max_length=20, choices=TIER_CHOICES, unique=True)
    lead = models.CharField(
        max_length=250,
        help_text="One line under the result's heading: what to do, action first. " + COUNTRY_WORDS_HELP,
        validators=[validate_country_words],
    )
    ambulance_lead = models.CharField(
        max_length=250,
        blank=True,
        help_text="Emergencies only: the line shown instead of the one above when any reason needs an ambulance "
        "(its warning sign says so). It must not offer a lift to hospital. " + COUNTRY_WORDS_HELP,
        validators=[validate_country_words],
    )
    do_not = models.TextField(blank=True, help_text=DO_NOT_HELP, validators=[validate_do_not_lines])

    objects = TierAdviceManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["tier"]
        verbose_name = "result advice"
        verbose_name_plural = "result advice"

    def __str__(self):
        return self.get_tier_display()

    def natural_key(self):
        return (self.tier,)

    def clean(self):
        super().clean()
        if self.tier == "emergency" and not self.ambulance_lead:
            raise ValidationError(
                {"ambulance_lead": "An emergency needs this line: most emergencies need an ambulance."}
            )
        if "{emergency_department}" in self.ambulance_lead:
            raise ValidationError({"ambulance_lead": "Do not offer going to {emergency_department} here."})

    def lead_for(self, signs) -> str:
        """The lead for a result or a card showing these warning signs: the ambulance line if any needs one."""
        if self.ambulance_lead and any(sign.ambulance for sign in signs):
            return self.ambulance_lead
        return self.lead
