"""People's words for what the guide calls something else: editors extend them in the admin."""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from guide.search.words import words_of


class SynonymManager(models.Manager):
    def get_by_natural_key(self, term):
        return self.get(term=term)


class Synonym(models.Model):
    """A lay term ("numb bum", "slipped disc") and the guide's own words for it, with where that comes from."""

    term = models.CharField(
        max_length=60,
        unique=True,
        help_text='What people type, in lower case, e.g. "numb bum" or "acetaminophen". A search containing '
        "these words, in this order, also looks for the words below.",
    )
    means = models.CharField(
        max_length=200,
        help_text='The words our pages use for it, separated by spaces, e.g. "numb skin between your legs". '
        'Only words that are on the pages help. Common words such as "the" are ignored.',
    )
    source = models.ForeignKey(
        "guide.Source",
        on_delete=models.PROTECT,
        related_name="synonyms",
        help_text="Where this meaning is confirmed, e.g. NHS: Paracetamol for acetaminophen.",
    )
    note = models.CharField(
        max_length=250, blank=True, help_text="For editors: why this term is here, e.g. American name."
    )

    objects = SynonymManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["term"]
        verbose_name = "search word"

    def __str__(self):
        return f"{self.term} → {self.means}"

    def natural_key(self):
        return (self.term,)

    natural_key.dependencies = ["guide.source"]

    def clean(self):
        super().clean()
        self.term = " ".join(words_of(self.term))
        if not self.term:
            raise ValidationError({"term": "Write the words people type, in letters or numbers."})
        if not words_of(self.means):
            raise ValidationError({"means": "Write the words our pages use for it."})
