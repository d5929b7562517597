"""Readers' feedback on a page: helpful or not, or a problem in a sentence. Nothing about who sent it."""

from django.db import models


class PageFeedbackQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(dealt_with=False)


class PageFeedback(models.Model):
    """One answer to "Was this page helpful?" or one problem report.

    It holds the page, the answer, the words and the day, and nothing else: no address, cookie, user
    agent, account or time of day (a date alone cannot be matched to a visit in a log).
    """

    changes_no_page = True  # pagecache: feedback is not content, so pages stay cached

    class Answer(models.TextChoices):
        YES = "yes", "Helpful"
        NO = "no", "Not helpful"
        PROBLEM = "problem", "Reported a problem"

    page = models.CharField(max_length=200, help_text="The address of the page, without its domain.")
    answer = models.CharField(max_length=10, choices=Answer.choices)
    text = models.TextField(blank=True, help_text="What the reader wrote, if anything.")
    received = models.DateField(auto_now_add=True, help_text="The day it came. No time is kept.")
    dealt_with = models.BooleanField(default=False, help_text="Tick once the page is fixed or nothing needs doing.")

    objects = PageFeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["dealt_with", "-received", "page"]
        verbose_name = "reader feedback"
        verbose_name_plural = "reader feedback"
        indexes = [models.Index(fields=["page", "dealt_with"])]

    def __str__(self):
        return f"{self.page}: {self.get_answer_display()}"
