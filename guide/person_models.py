"""Content for the person to take away: the numbers to call where they are, and check-ins to come.

A `Country` holds everything that differs from one health system to the next (the emergency
number, how to get urgent advice, what a GP and A&E are called there), each with its source.
Advice rows name none of these; they use the placeholders of guide/country_words.py instead.
A `CheckIn` is one reminder in the calendar file the self-care and GP results offer.
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from guide.country_words import HELP as COUNTRY_WORDS_HELP
from guide.country_words import validate_country_words
from guide.models import PublishedQuerySet, ReviewedModel, SlugModel, SlugNaturalKeyManager, Source

phone_number = RegexValidator(r"^[0-9][0-9 ]*[0-9]$", "Write the number in digits, with spaces if you like.")


class CountryManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Country(ReviewedModel):
    code = models.SlugField(
        max_length=8,
        unique=True,
        help_text='A short code, e.g. "gb" for the UK or "eu" for the rest of the EU. The deployment\'s '
        "default country is named by this code (BACKCARE_COUNTRY). Changing it resets people's choice.",
    )
    name = models.CharField(max_length=80, help_text='As the list of countries shows it, e.g. "United Kingdom".')
    short_name = models.CharField(
        max_length=60, help_text='As a sentence names it, e.g. "the UK", for "Not in the UK?".'
    )
    emergency_number = models.CharField(
        max_length=20, validators=[phone_number], help_text='The number to call for an ambulance, e.g. "999".'
    )
    emergency_also = models.CharField(
        max_length=200, blank=True, help_text='Optional: one line about other numbers, e.g. "You can also call 112."'
    )
    emergency_department = models.CharField(
        max_length=60,
        help_text='What people there call a hospital\'s emergency department, as it finishes "go to ... now", '
        'e.g. "A&E" or "the emergency room".',
    )
    gp = models.CharField(
        max_length=40,
        verbose_name="what a GP is called",
        help_text='What people there call a family doctor, as it finishes "ask your ...", e.g. "GP" or "doctor".',
    )
    urgent_name = models.CharField(
        max_length=80,
        blank=True,
        help_text='The urgent advice line\'s name, e.g. "NHS 111". Leave blank if there is none.',
    )
    urgent_number = models.CharField(
        max_length=20, blank=True, validators=[phone_number], help_text="The urgent advice line's number, if any."
    )
    urgent_action = models.CharField(
        max_length=120,
        help_text='How to get urgent advice today, as it finishes "Get help today: ...", e.g. "call 111" or '
        '"call your GP out-of-hours service". Put the urgent number in it if there is one.',
    )
    note = models.TextField(
        blank=True, help_text="Optional: anything else people there should know, e.g. another number in one region."
    )
    emergency_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="emergency_numbers",
        help_text="Where the emergency number is from.",
    )
    urgent_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="urgent_lines",
        help_text="Where the urgent advice, and what a GP and the emergency department are called, are from.",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers list first.")

    objects = CountryManager.from_queryset(PublishedQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)

    natural_key.dependencies = ["guide.source"]

    def get_absolute_url(self):
        return reverse("guide:numbers") + f"#country-{self.code}"

    def clean(self):
        super().clean()
        if self.urgent_number and self.urgent_number not in self.urgent_action:
            raise ValidationError({"urgent_action": f"Put the urgent number in it, e.g. “call {self.urgent_number}”."})


class CheckIn(SlugModel, ReviewedModel):
    """One reminder in the recovery calendar: a number of days after the pain started, and what to check."""

    days = models.PositiveSmallIntegerField(
        unique=True, help_text="How many days after the pain started, e.g. 3, 14 or 42."
    )
    title = models.CharField(
        max_length=100, help_text='The calendar entry\'s title, e.g. "Back pain check-in: 2 weeks".'
    )
    what_to_check = models.TextField(
        validators=[validate_country_words],
        help_text="What to check, and what to do if it is not better. Short sentences, action first. "
        + COUNTRY_WORDS_HELP,
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="check_ins", help_text="Where this advice is from."
    )
    links_flare_up_plan = models.BooleanField(
        "links the flare-up plan",
        default=False,
        help_text="Add a link to the printable flare-up plan, for a reminder that comes once the pain should "
        "have settled.",
    )

    objects = SlugNaturalKeyManager.from_queryset(PublishedQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["days"]
        verbose_name = "check-in"

    def __str__(self):
        return self.title
