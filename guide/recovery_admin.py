"""The admin for the content that eases fear and helps after the pain: key messages, myths, the flare-up
plan and walking plans. Each keeps its revisions (History) and its citations, like every page."""

from django.contrib import admin

from guide.admin import HistoryInline, ReviewDueFilter, ReviewedAdmin
from guide.models import FlareUpStep, KeyMessage, Myth, WalkingPlan, WalkingWeek

PHASE_FIELDS = ["for_first_hours", "for_first_days", "for_after_72_hours", "for_recovery"]


@admin.register(KeyMessage)
class KeyMessageAdmin(ReviewedAdmin):
    prepopulated_fields = {"slug": ["title"]}
    list_display = ["title", "on_self_care", "on_gp", "on_flare_up_plan", "order", "published", "review_status"]
    list_filter = ["on_self_care", "on_gp", "on_flare_up_plan", "published", ReviewDueFilter]
    list_editable = ["order", "published"]
    search_fields = ["title", "message"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "message", "order"]}),
        (
            "Where it shows",
            {
                "fields": ["on_self_care", "on_gp", "on_flare_up_plan", *PHASE_FIELDS],
                "description": "A result shows one message only: the first, by order, ticked for its result and "
                "the person's phase. Every published message also shows on the myths page, with its sources. "
                "It never shows on the emergency or urgent results.",
            },
        ),
        ("Publishing and review", {"fields": ["published", "last_reviewed", "next_review_due"]}),
    ]


@admin.register(Myth)
class MythAdmin(ReviewedAdmin):
    prepopulated_fields = {"slug": ["myth"]}
    list_display = ["myth", "order", "published", "review_status", "citation_count"]
    list_filter = ["published", ReviewDueFilter]
    list_editable = ["order", "published"]
    search_fields = ["myth", "truth"]
    fieldsets = [
        (None, {"fields": ["myth", "slug", "truth", "order"]}),
        ("Publishing and review", {"fields": ["published", "last_reviewed", "next_review_due"]}),
    ]


@admin.register(FlareUpStep)
class FlareUpStepAdmin(ReviewedAdmin):
    prepopulated_fields = {"slug": ["text"]}
    list_display = ["text", "stage", "order", "published", "review_status", "citation_count"]
    list_filter = ["stage", "published", ReviewDueFilter]
    list_editable = ["order", "published"]
    search_fields = ["text"]
    autocomplete_fields = ["treatment"]
    fieldsets = [
        (
            None,
            {
                "fields": ["stage", "text", "slug", "treatment", "order"],
                "description": "The plan prints on one page with blank lines the person fills in by hand. "
                "Keep each line short, so it still fits.",
            },
        ),
        ("Publishing and review", {"fields": ["published", "last_reviewed", "next_review_due"]}),
    ]


class WalkingWeekInline(HistoryInline):
    model = WalkingWeek
    fields = ["week", "until_week", "minutes", "walks", "tip"]


@admin.register(WalkingPlan)
class WalkingPlanAdmin(ReviewedAdmin):
    inlines = [WalkingWeekInline, ReviewedAdmin.inlines[0]]
    prepopulated_fields = {"slug": ["title"]}
    list_display = ["title", "order", "published", "review_status", "citation_count"]
    list_filter = ["published", ReviewDueFilter]
    list_editable = ["order", "published"]
    search_fields = ["title", "summary", "evidence"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "order"]}),
        ("The evidence", {"fields": ["evidence"]}),
        ("How to do it", {"fields": ["how_to", "when_to_stop", "cautions"]}),
        ("Publishing and review", {"fields": ["published", "last_reviewed", "next_review_due"]}),
    ]
