"""The statements in the admin, with their sections and revisions."""

from django.contrib import admin

from guide.admin import HistoryInline, ReviewDueFilter, ReviewedAdmin
from guide.statement_models import Statement, StatementSection


class StatementSectionInline(HistoryInline):
    model = StatementSection
    fields = ["order", "heading", "body", "points"]


@admin.register(Statement)
class StatementAdmin(ReviewedAdmin):
    list_display = ["title", "slug", "order", "published", "review_status"]
    list_filter = ["published", ReviewDueFilter]
    search_fields = ["title", "summary", "sections__body"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [StatementSectionInline]
    fields = ["title", "slug", "summary", "order", "published", "last_reviewed", "next_review_due"]

    def get_queryset(self, request):
        # A statement cites no sources: skip ReviewedAdmin's citation prefetch.
        return super(ReviewedAdmin, self).get_queryset(request)
