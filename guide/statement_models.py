"""The statements a health site owes its readers: about this guide, accessibility and privacy.

Content like the rest, edited in the admin with its revisions, so the people who run the site can keep
them true without a developer.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from guide.models import LINE_HELP, PublishedQuerySet, ReviewedModel, SlugModel, SlugNaturalKeyManager

# Each statement has its own short address, linked from every page's footer.
STATEMENT_SLUGS = ("about-this-guide", "accessibility", "privacy")


class Statement(SlugModel, ReviewedModel):
    title = models.CharField(max_length=120)
    summary = models.CharField(max_length=300, help_text="One plain sentence shown under the title.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers list first in the footer.")

    objects = SlugNaturalKeyManager.from_queryset(PublishedQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "title"]

    def get_absolute_url(self):
        return reverse(f"guide:{self.slug.replace('-', '_')}")

    def clean(self):
        super().clean()
        if self.slug not in STATEMENT_SLUGS:
            raise ValidationError({"slug": f"A statement's address is one of: {', '.join(STATEMENT_SLUGS)}."})


class StatementSectionManager(models.Manager):
    def get_by_natural_key(self, statement_slug, order):
        return self.get(statement__slug=statement_slug, order=order)


class StatementSection(models.Model):
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(help_text="Sections show in this order, lowest first.")
    heading = models.CharField(max_length=120)
    body = models.TextField(blank=True, help_text="Plain paragraphs. A blank line starts a new one.")
    points = models.TextField(blank=True, help_text=f"A list shown after the paragraphs. {LINE_HELP}")

    objects = StatementSectionManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["statement", "order"]
        constraints = [models.UniqueConstraint(fields=["statement", "order"], name="one_statement_section_per_place")]

    def __str__(self):
        return f"{self.statement}: {self.heading}"

    def natural_key(self):
        return (self.statement.slug, self.order)

    natural_key.dependencies = ["guide.statement"]

    def clean(self):
        super().clean()
        if not (self.body.strip() or self.points.strip()):
            raise ValidationError("Write some text or a list for this section.")
