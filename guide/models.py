"""The guide's content: everything a clinician or health writer edits in the admin.

Medical text lives here, in rows loaded from fixtures, never in Python or templates.
Long text fields are plain text: a blank line starts a new paragraph, and fields named
"one per line" are shown as lists. No HTML is stored, so nothing needs sanitising.
"""

import datetime
import functools
import operator

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from guide.country_words import HELP as COUNTRY_WORDS_HELP
from guide.country_words import validate_country_words
from guide.phases import PHASES
from guide.svg import SVG_MAX_BYTES, canonical_svg, validate_svg

LINE_HELP = "One item per line."
# The getting-down-and-up page lives at /stretches/<this>/, so no stretch may take the slug.
MOVEMENT_GUIDES_SLUG = "getting-down-and-up"
DO_NOT_HELP = 'One caution per line. Start every line with "Do not".'
LEAVE_OUT_HELP = (
    "Leave this out of the personal plan of anyone who gave one of these answers in the symptom checker, "
    'e.g. "You are pregnant". The page itself still shows to everyone.'
)
SVG_HELP = (
    f"Paste the whole <svg> file: plain shapes only, with a viewBox, under {SVG_MAX_BYTES // 1024} KB. "
    "No scripts, links or embedded pictures."
)


def validate_do_not_lines(value: str) -> None:
    """Cautions must read as instructions a person in pain can follow at a glance."""
    bad = [line for line in lines_of(value) if not line.startswith("Do not ")]
    if bad:
        raise ValidationError('Start every caution with "Do not". Check: %(line)s', params={"line": bad[0]})


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class SlugNaturalKeyManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class SlugModel(models.Model):
    slug = models.SlugField(unique=True, help_text="The page address. Keep it short; changing it breaks old links.")

    class Meta:
        abstract = True

    def __str__(self):
        return getattr(self, "name", None) or getattr(self, "title", None) or self.slug

    def natural_key(self):
        return (self.slug,)


class ReviewedModel(models.Model):
    """Content a clinician signs off, with the dates shown on the page."""

    published = models.BooleanField(
        default=True, help_text="Untick to hide this from the public site. It stays in the admin."
    )
    last_reviewed = models.DateField(help_text="When a clinician last checked this page.")
    next_review_due = models.DateField(help_text="When it must be checked again. The admin flags pages past this date.")

    class Meta:
        abstract = True

    @cached_property
    def reviewed_by(self):
        """Who last approved a change to this page, as `Reviewer(name, role, date)`, or None (guide/governance).

        Cached on the row: the page's review line and its JSON-LD both read it, for one query."""
        from guide.governance.models import last_review

        return last_review(self)

    def review_overdue(self, today: datetime.date | None = None) -> bool:
        return self.next_review_due < (today or timezone.localdate())

    def clean(self):
        super().clean()
        if self.last_reviewed and self.next_review_due and self.next_review_due < self.last_reviewed:
            raise ValidationError({"next_review_due": "The next review must come after the last one."})


class Source(SlugModel):
    class Kind(models.TextChoices):
        WEB_ARTICLE = "web-article", "Web article"
        GUIDELINE = "guideline", "Clinical guideline"
        SYSTEMATIC_REVIEW = "systematic-review", "Systematic review"
        STUDY = "study", "Research study"
        ORGANISATION = "organisation", "Organisation"

    title = models.CharField(max_length=300, help_text="The source's own title, as published.")
    short_name = models.CharField(
        max_length=80,
        help_text='How pages name it, e.g. "NICE NG59". For a web article, use its own title, never a number.',
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    url = models.URLField(blank=True, help_text="Leave blank if there is no stable public address.")
    reliability = models.TextField(help_text="One or two sentences for readers: how far to trust this source, and why.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers list first.")

    objects = SlugNaturalKeyManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "title"]

    def get_absolute_url(self):
        return reverse("guide:sources") + f"#{self.slug}"


class TreatmentQuerySet(PublishedQuerySet):
    def for_phase(self, phase_slug: str):
        return self.filter(**{PHASES[phase_slug].field: True})

    def first_minutes(self):
        """What to do in the first minutes: first-hours treatments with a home-page action line."""
        return self.for_phase("first-hours").exclude(right_now="")

    def search(self, text: str):
        return self.filter(Q(name__icontains=text) | Q(summary__icontains=text) | Q(how_to__icontains=text))


class Treatment(SlugModel, ReviewedModel):
    class Kind(models.TextChoices):
        SELF_CARE = "self-care", "Self-care"
        MEDICINE = "medicine", "Medicine"
        PROFESSIONAL = "professional", "Professional therapy"
        SURGERY = "surgery", "Surgery"

    class Evidence(models.TextChoices):
        RECOMMENDED = "recommended", "Recommended"
        OPTION = "option", "An option"
        MIXED = "mixed", "Guidelines disagree"
        UNPROVEN = "unproven", "Too little evidence"
        NOT_RECOMMENDED = "not-recommended", "Not recommended"

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    summary = models.CharField(max_length=300, help_text="One plain sentence shown in lists and search results.")
    right_now = models.CharField(
        max_length=200,
        blank=True,
        help_text="For first-hours treatments: the one action shown on the home page. Start with a verb.",
    )
    what_it_is = models.TextField(help_text="What this treatment is, in plain English.")
    how_to = models.TextField(help_text=f"The steps, in order. {LINE_HELP}")
    when = models.TextField(help_text="When to use it and for how long.")
    cautions = models.TextField(blank=True, help_text=DO_NOT_HELP, validators=[validate_do_not_lines])
    for_first_hours = models.BooleanField("first hours", default=False)
    for_first_days = models.BooleanField("first 2-3 days", default=False)
    for_after_72_hours = models.BooleanField("after 72 hours", default=False)
    for_recovery = models.BooleanField("recovery and prevention", default=False)
    evidence = models.CharField(
        max_length=20,
        choices=Evidence.choices,
        help_text="The guideline view, not the seeds' view.",
    )
    evidence_summary = models.TextField(
        help_text="What current guidelines say, in one or two sentences, naming who says it."
    )
    evidence_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="graded_treatments",
        help_text="The guideline or review the grade comes from.",
    )
    evidence_recommendation = models.CharField(
        "recommendation",
        max_length=150,
        help_text='The recommendation the grade rests on, with its number, e.g. "NICE NG59 1.2.16". '
        'If no guideline makes one, start with "None", e.g. "None (Cochrane 2006 found too little evidence)".',
    )
    stretches = models.ManyToManyField(
        "Stretch", blank=True, related_name="treatments", help_text="Stretches to show with it."
    )
    leave_out_for = models.ManyToManyField("guide.AnswerOption", blank=True, related_name="+", help_text=LEAVE_OUT_HELP)
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers list first.")

    objects = SlugNaturalKeyManager.from_queryset(TreatmentQuerySet)()
    history = HistoricalRecords(m2m_fields=[stretches, leave_out_for])

    class Meta:
        ordering = ["order", "name"]

    def get_absolute_url(self):
        return reverse("guide:treatment", args=[self.slug])

    @property
    def phases(self):
        return [phase for phase in PHASES.values() if getattr(self, phase.field)]

    @property
    def published_check(self) -> "MedicineCheck | None":
        """Its medicine safety check, if it has a published one (select_related it to save a query)."""
        check = getattr(self, "medicine_check", None)
        return check if check is not None and check.published else None

    def clean(self):
        super().clean()
        if not self.phases:
            raise ValidationError("Tick at least one phase this treatment fits.")
        graded = self.evidence != self.Evidence.UNPROVEN
        if graded and self.evidence_source_id and self.evidence_source.short_name not in self.evidence_recommendation:
            name = self.evidence_source.short_name
            message = f'Name the recommendation in {name}, e.g. "{name} 1.2.16".'
            raise ValidationError({"evidence_recommendation": message})
        if not graded and not self.evidence_recommendation.startswith("None"):
            raise ValidationError(
                {"evidence_recommendation": 'With too little evidence there is no recommendation: start with "None".'}
            )
        if self.evidence_source_id and self.evidence_source.kind in {
            Source.Kind.WEB_ARTICLE,
            Source.Kind.ORGANISATION,
        }:
            raise ValidationError(
                {"evidence_source": "Grade evidence from a guideline, review or study, not a web article."}
            )


class Stretch(SlugModel, ReviewedModel):
    class Position(models.TextChoices):
        LYING = "lying", "Lying down"
        SITTING = "sitting", "Sitting"
        STANDING = "standing", "Standing"
        KNEELING = "kneeling", "Kneeling or on a ball"

    class Sides(models.TextChoices):
        NONE = "none", "Both sides at once"
        EACH = "each", "Each side in turn"

    name = models.CharField(max_length=120)
    position = models.CharField(max_length=20, choices=Position.choices)
    summary = models.CharField(max_length=300, help_text="One plain sentence shown in lists.")
    steps = models.TextField(help_text=f"The steps, in order, one short sentence each. {LINE_HELP}")
    hold_seconds = models.PositiveSmallIntegerField(help_text="How long to hold the stretch, in seconds.")
    repetitions = models.PositiveSmallIntegerField(help_text="How many times to repeat it each session.")
    sides = models.CharField(max_length=10, choices=Sides.choices)
    dosing = models.TextField(help_text="Where to start, how often, and how to build up. Name the source.")
    when_to_stop = models.TextField(
        help_text='One reason per line, each starting "Stop if", e.g. "Stop if the pain gets sharp." '
        "Shown beside the steps and the timer."
    )
    cautions = models.TextField(blank=True, help_text=DO_NOT_HELP, validators=[validate_do_not_lines])
    start_svg = models.TextField(
        "starting drawing", blank=True, validators=[validate_svg], help_text=f"The starting position. {SVG_HELP}"
    )
    start_alt = models.CharField(
        max_length=250,
        blank=True,
        help_text="Describe the starting drawing for someone who cannot see it.",
    )
    held_svg = models.TextField(
        "held drawing", blank=True, validators=[validate_svg], help_text=f"The held position. {SVG_HELP}"
    )
    held_alt = models.CharField(
        max_length=250,
        blank=True,
        help_text="Describe the held drawing for someone who cannot see it.",
    )
    leave_out_for = models.ManyToManyField("guide.AnswerOption", blank=True, related_name="+", help_text=LEAVE_OUT_HELP)
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers list first.")

    objects = SlugNaturalKeyManager.from_queryset(PublishedQuerySet)()
    history = HistoricalRecords(m2m_fields=[leave_out_for])

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "stretches"

    def get_absolute_url(self):
        return reverse("guide:stretch", args=[self.slug])

    @property
    def hold_step(self) -> int | None:
        """Which step (from 0) is the timed hold: the first that starts "Hold for" ("Hold one knee" is a grip)."""
        return next((i for i, line in enumerate(lines_of(self.steps)) if line.lower().startswith("hold for")), None)

    @property
    def on_floor_or_bed(self) -> bool:
        """These stretches need the "getting down and up safely" guide."""
        return self.position in {self.Position.LYING, self.Position.KNEELING}

    def clean(self):
        super().clean()
        if self.slug == MOVEMENT_GUIDES_SLUG:
            raise ValidationError({"slug": "This address is taken by the getting down and up guide."})
        for drawing, alt in [("start_svg", "start_alt"), ("held_svg", "held_alt")]:
            setattr(self, drawing, canonical_svg(getattr(self, drawing)))  # store only what was checked
            if getattr(self, drawing) and not getattr(self, alt):
                raise ValidationError({alt: "Describe the drawing for people who cannot see it."})


class MovementGuide(SlugModel, ReviewedModel):
    """How to get onto and off the floor or a bed without jarring a sore back."""

    class Surface(models.TextChoices):
        FLOOR = "floor", "The floor"
        BED = "bed", "A bed"

    title = models.CharField(max_length=120, help_text='Start with a verb, e.g. "Get up from the floor".')
    surface = models.CharField(max_length=10, choices=Surface.choices)
    summary = models.CharField(max_length=300, help_text="One plain sentence shown under the title.")
    cautions = models.TextField(blank=True, help_text=DO_NOT_HELP, validators=[validate_do_not_lines])
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers list first.")

    objects = SlugNaturalKeyManager.from_queryset(PublishedQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("guide:movement_guides") + f"#{self.slug}"


class MovementStepManager(models.Manager):
    def get_by_natural_key(self, guide_slug, order):
        return self.get(guide__slug=guide_slug, order=order)


class MovementStep(models.Model):
    """One step of a movement guide, with an optional drawing of the position."""

    guide = models.ForeignKey(MovementGuide, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(help_text="Steps show in this order, lowest first.")
    text = models.CharField(max_length=250, help_text="One short sentence, action first.")
    svg = models.TextField("drawing", blank=True, validators=[validate_svg], help_text=SVG_HELP)
    alt = models.CharField(max_length=250, blank=True, help_text="Describe the drawing for someone who cannot see it.")

    objects = MovementStepManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["guide", "order"]
        constraints = [models.UniqueConstraint(fields=["guide", "order"], name="one_movement_step_per_place")]

    def __str__(self):
        return f"{self.guide}: step {self.order}"

    def natural_key(self):
        return (self.guide.slug, self.order)

    natural_key.dependencies = ["guide.movementguide"]

    def clean(self):
        super().clean()
        self.svg = canonical_svg(self.svg)  # store only what was checked
        if self.svg and not self.alt:
            raise ValidationError({"alt": "Describe the drawing for people who cannot see it."})

    def get_drawing_url(self):
        return reverse("guide:movement_step_drawing", args=[self.guide.slug, self.order])


class WarningSignQuerySet(PublishedQuerySet):
    def at(self, urgency: str):
        return self.filter(urgency=urgency)


class WarningSign(SlugModel, ReviewedModel):
    class Urgency(models.TextChoices):
        # Most urgent first: the wizard returns the most urgent tier any answer triggers.
        EMERGENCY = "emergency", "Emergency: call now"
        URGENT = "urgent", "Urgent: get help today"
        GP = "gp", "See a GP soon"

    question = models.CharField(
        max_length=250,
        help_text='The plain question shown in the wizard, e.g. "Do you have numbness around your genitals?"',
    )
    label = models.CharField(
        max_length=200,
        help_text='Finishes "Because you said ..." on the result, e.g. "you have numbness around your genitals".',
    )
    short_label = models.CharField(
        max_length=80,
        blank=True,
        help_text="The sign in a few words, for lists people scan: the warning-signs page and the printed "
        'card, e.g. "pain, pressure or tightness in your chest". Leave blank to use the label.',
    )
    urgency = models.CharField(max_length=20, choices=Urgency.choices)
    advice = models.TextField(
        help_text="What to do if this applies, action first. " + COUNTRY_WORDS_HELP,
        validators=[validate_country_words],
    )
    why_we_ask = models.CharField(
        max_length=250,
        blank=True,
        help_text="One line shown under the question. Leave blank if obvious.",
    )
    ambulance = models.BooleanField(
        default=False,
        help_text="Emergencies only. Tick when this sign needs an ambulance: the result then says to call for "
        "one and never offers a lift to the emergency department. Leave it unticked only for the nerve signs "
        "(cauda equina, after cancer, with a fever), where going there with someone is safe.",
    )
    while_waiting = models.TextField(
        blank=True,
        help_text="What to do while waiting for help with this sign, one line each, shown first under "
        '"While you wait". For example "Keep as still as you can." ' + COUNTRY_WORDS_HELP,
        validators=[validate_country_words],
    )
    not_while_waiting = models.ManyToManyField(
        "Treatment",
        blank=True,
        related_name="+",
        verbose_name="not while waiting",
        help_text="First steps for a spasm that are not safe while waiting for help with this sign, such as "
        "heat or pressing on the spot after a fall. The result leaves them out. Tick them all when only the "
        "lines above are safe.",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers ask first.")

    objects = SlugNaturalKeyManager.from_queryset(WarningSignQuerySet)()
    history = HistoricalRecords(m2m_fields=[not_while_waiting])

    class Meta:
        ordering = ["order", "slug"]

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("guide:warning_signs") + f"#{self.slug}"

    @property
    def in_brief(self) -> str:
        """The words a list of signs shows: the short label, or the label."""
        return self.short_label or self.label

    def clean(self):
        super().clean()
        if self.ambulance and self.urgency != self.Urgency.EMERGENCY:
            raise ValidationError({"ambulance": "Only an emergency sign can need an ambulance."})
        # Someone who may be having a heart attack, a bleed or a broken spine must not be driven in.
        if self.ambulance and "{emergency_department}" in self.advice + self.while_waiting:
            raise ValidationError(
                {"advice": "This sign needs an ambulance: do not offer going to {emergency_department}."}
            )


class ConditionFact(SlugModel, ReviewedModel):
    """A line of the "About back spasms" page: what a spasm is, a cause, a symptom."""

    class Kind(models.TextChoices):
        WHAT_IT_IS = "what-it-is", "What a spasm is"
        CAUSE = "cause", "Cause"
        SYMPTOM = "symptom", "Symptom"
        OUTLOOK = "outlook", "How long it lasts"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=120, help_text="A short heading, e.g. Lifting or twisting.")
    explanation = models.TextField(
        help_text="Two or three plain sentences. " + COUNTRY_WORDS_HELP, validators=[validate_country_words]
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers list first.")

    objects = SlugNaturalKeyManager.from_queryset(PublishedQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "order", "name"]

    def get_absolute_url(self):
        return reverse("guide:about") + f"#{self.slug}"


class MedicineCheck(SlugModel, ReviewedModel):
    """A short checklist to tick before taking a medicine. Any tick means: ask a pharmacist first."""

    treatment = models.OneToOneField(
        Treatment,
        on_delete=models.CASCADE,
        related_name="medicine_check",
        limit_choices_to={"kind": Treatment.Kind.MEDICINE},
        help_text="The medicine this checklist is for. Its page links here before saying how to take it.",
    )
    title = models.CharField(max_length=120, help_text='A plain question, e.g. "Is an NSAID safe for you?"')
    intro = models.TextField(help_text="Shown above the checklist: what it is for and what to do.")
    if_any = models.TextField(
        "if anything is ticked",
        help_text='Shown when the person ticks anything, above the reasons. Start with the action, e.g. "Ask a '
        'pharmacist before taking it."',
    )
    if_none = models.TextField(
        "if nothing is ticked",
        help_text="Shown when nothing is ticked. Keep it conditional: the person may not have read the list.",
    )

    objects = SlugNaturalKeyManager.from_queryset(PublishedQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]

    def get_absolute_url(self):
        return reverse("guide:medicine_check", args=[self.treatment.slug])


class MedicineCheckItemManager(models.Manager):
    def get_by_natural_key(self, check_slug, order):
        return self.get(medicine_check__slug=check_slug, order=order)


class MedicineCheckItem(models.Model):
    """One line of a medicine check: what the person ticks, and why it matters."""

    medicine_check = models.ForeignKey(MedicineCheck, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(help_text="Lines show in this order, lowest first.")
    label = models.CharField(
        max_length=200, help_text='What the person ticks, in their own words, e.g. "I have asthma".'
    )
    reason = models.CharField(
        max_length=300, help_text="Why it matters for this medicine, in one or two short sentences."
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="check_items", help_text="Where the reason comes from."
    )

    objects = MedicineCheckItemManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["medicine_check", "order"]
        constraints = [
            models.UniqueConstraint(fields=["medicine_check", "order"], name="one_check_item_per_place"),
        ]

    def __str__(self):
        return self.label

    def natural_key(self):
        return (self.medicine_check.slug, self.order)

    natural_key.dependencies = ["guide.medicinecheck", "guide.source"]


class Article(SlugModel, ReviewedModel):
    """A page on a topic of its own, such as sciatica or daily life, in headed sections."""

    title = models.CharField(max_length=120)
    summary = models.CharField(max_length=300, help_text="One plain sentence shown under the title and in lists.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers list first.")

    objects = SlugNaturalKeyManager.from_queryset(PublishedQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "title"]

    def get_absolute_url(self):
        return reverse("guide:article", args=[self.slug])


class ArticleSectionManager(models.Manager):
    def get_by_natural_key(self, article_slug, order):
        return self.get(article__slug=article_slug, order=order)


class ArticleSection(models.Model):
    """One headed part of an article: some paragraphs, a list, cautions, and a link to a treatment."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(help_text="Sections show in this order, lowest first.")
    heading = models.CharField(max_length=120, help_text='A short heading, e.g. "What to do".')
    body = models.TextField(
        blank=True,
        help_text="Plain paragraphs. A blank line starts a new one. " + COUNTRY_WORDS_HELP,
        validators=[validate_country_words],
    )
    points = models.TextField(
        blank=True,
        help_text=f"A list shown after the paragraphs. {LINE_HELP} " + COUNTRY_WORDS_HELP,
        validators=[validate_country_words],
    )
    cautions = models.TextField(blank=True, help_text=DO_NOT_HELP, validators=[validate_do_not_lines])
    treatment = models.ForeignKey(
        Treatment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A treatment page to link to from this section, if any.",
    )

    objects = ArticleSectionManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["article", "order"]
        constraints = [models.UniqueConstraint(fields=["article", "order"], name="one_article_section_per_place")]

    def __str__(self):
        return f"{self.article}: {self.heading}"

    def natural_key(self):
        return (self.article.slug, self.order)

    natural_key.dependencies = ["guide.article", "guide.treatment"]

    def clean(self):
        super().clean()
        if not (self.body.strip() or self.points.strip()):
            raise ValidationError("Write some text or a list for this section.")


class CitationQuerySet(models.QuerySet):
    def on_published_pages(self):
        return self.filter(
            Q(treatment__published=True)
            | Q(stretch__published=True)
            | Q(warning_sign__published=True)
            | Q(fact__published=True)
            | Q(movement_guide__published=True)
            | Q(article__published=True)
            | Q(medicine_check__published=True)
            | Q(question__published=True)
            | Q(rule__published=True)
            | Q(route__published=True)
            | Q(key_message__published=True)
            | Q(myth__published=True)
            | Q(flare_up_step__published=True)
            | Q(walking_plan__published=True)
        )


class CitationManager(models.Manager.from_queryset(CitationQuerySet)):
    def get_by_natural_key(self, source_slug, subject_kind, subject_slug):
        return self.get(source__slug=source_slug, **{f"{subject_kind}__slug": subject_slug})


CITATION_SUBJECTS = (
    "treatment",
    "stretch",
    "warning_sign",
    "fact",
    "movement_guide",
    "article",
    "medicine_check",
    "question",
    "rule",
    "route",
    "key_message",
    "myth",
    "flare_up_step",
    "walking_plan",
)


def exactly_one_subject() -> Q:
    """True when one subject foreign key is set and the others are empty."""
    return functools.reduce(
        operator.or_,
        (
            Q(**{f"{subject}__isnull": False}, **{other: None for other in CITATION_SUBJECTS if other != subject})
            for subject in CITATION_SUBJECTS
        ),
    )


class Citation(models.Model):
    """What one source says about one page, so pages can show where sources disagree."""

    class Stance(models.TextChoices):
        SUPPORTS = "supports", "Supports"
        CAUTIONS = "cautions", "Adds a caution"
        DISAGREES = "disagrees", "Disagrees"

    STANCE_HELP = (
        "Supports: the source backs what this page advises. A guideline that advises against a treatment "
        "supports a page that says not to use it. "
        "Adds a caution: the source backs the advice but adds a limit or a risk. "
        "Disagrees: the source says something that current guidance does not support. "
        "Say what is right instead in the correction."
    )

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    treatment = models.ForeignKey(Treatment, null=True, blank=True, on_delete=models.CASCADE, related_name="citations")
    stretch = models.ForeignKey(Stretch, null=True, blank=True, on_delete=models.CASCADE, related_name="citations")
    warning_sign = models.ForeignKey(
        WarningSign, null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    fact = models.ForeignKey(ConditionFact, null=True, blank=True, on_delete=models.CASCADE, related_name="citations")
    movement_guide = models.ForeignKey(
        MovementGuide, null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.CASCADE, related_name="citations")
    medicine_check = models.ForeignKey(
        MedicineCheck, null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    question = models.ForeignKey(
        "guide.Question", null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    rule = models.ForeignKey("guide.Rule", null=True, blank=True, on_delete=models.CASCADE, related_name="citations")
    route = models.ForeignKey("guide.Route", null=True, blank=True, on_delete=models.CASCADE, related_name="citations")
    key_message = models.ForeignKey(
        "guide.KeyMessage", null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    myth = models.ForeignKey("guide.Myth", null=True, blank=True, on_delete=models.CASCADE, related_name="citations")
    flare_up_step = models.ForeignKey(
        "guide.FlareUpStep", null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    walking_plan = models.ForeignKey(
        "guide.WalkingPlan", null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    says = models.TextField(help_text="What this source says, in your own plain words.")
    stance = models.CharField(max_length=20, choices=Stance.choices, help_text=STANCE_HELP)
    quote = models.CharField(
        max_length=300,
        blank=True,
        help_text="A short exact quote, if it helps. No more than a sentence.",
    )
    correction = models.TextField(
        blank=True,
        help_text="If the source is wrong, say plainly what is right instead and who says so.",
    )

    objects = CitationManager()

    class Meta:
        ordering = ["source__order", "source__title"]
        constraints = [
            models.CheckConstraint(
                name="citation_has_one_subject",
                condition=exactly_one_subject(),
                violation_error_message="A citation belongs to exactly one page.",
            ),
            *(
                models.UniqueConstraint(
                    fields=["source", subject],
                    condition=Q(**{f"{subject}__isnull": False}),
                    name=f"one_citation_per_source_and_{subject}",
                )
                for subject in CITATION_SUBJECTS
            ),
        ]

    def __str__(self):
        return f"{self.source.short_name} on {self.subject}"

    def clean(self):
        super().clean()
        if self.stance == self.Stance.DISAGREES and not self.correction.strip():
            raise ValidationError({"correction": "A source that disagrees needs a correction: say what is right."})

    @property
    def subject_kind(self) -> str:
        return next(name for name in CITATION_SUBJECTS if getattr(self, f"{name}_id"))

    @property
    def subject(self):
        return getattr(self, self.subject_kind)

    def natural_key(self):
        return (self.source.slug, self.subject_kind, self.subject.slug)

    natural_key.dependencies = [
        "guide.source",
        "guide.treatment",
        "guide.stretch",
        "guide.warningsign",
        "guide.conditionfact",
        "guide.movementguide",
        "guide.article",
        "guide.medicinecheck",
        "guide.question",
        "guide.rule",
        "guide.route",
        "guide.keymessage",
        "guide.myth",
        "guide.flareupstep",
        "guide.walkingplan",
    ]


# The wizard's questions and rules live in their own module; Django finds models through this one.
from guide.feedback_models import PageFeedback  # noqa: E402, F401
from guide.governance.models import ChangeRequest, Profile  # noqa: E402, F401
from guide.person_models import CheckIn, Country  # noqa: E402, F401
from guide.reassurance_models import KeyMessage, Myth  # noqa: E402, F401
from guide.recovery_models import FlareUpStep, WalkingPlan, WalkingWeek  # noqa: E402, F401
from guide.search.models import Synonym  # noqa: E402, F401
from guide.search.postgres import SearchDocument  # noqa: E402, F401
from guide.statement_models import Statement, StatementSection  # noqa: E402, F401
from guide.triage_models import AnswerOption, Block, Condition, Question, Route, Rule, TierAdvice  # noqa: E402, F401
