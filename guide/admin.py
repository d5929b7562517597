"""The admin, where clinicians and health writers edit the guide."""

import datetime

from django.contrib import admin, messages
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from guide.governance import checker, review
from guide.governance.admin import DraftAdminMixin, ReadOnlyAdminMixin
from guide.governance.models import name_of
from guide.models import (
    CITATION_SUBJECTS,
    Article,
    ArticleSection,
    CheckIn,
    Citation,
    ConditionFact,
    Country,
    MedicineCheck,
    MedicineCheckItem,
    MovementGuide,
    MovementStep,
    Source,
    Stretch,
    Treatment,
    WarningSign,
)
from guide.phases import PHASES
from guide.safety_gate import SafetyGateMixin

REVIEW_SOON_DAYS = 30


class CitationInline(admin.StackedInline):
    model = Citation
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "stance", "says", "quote", "correction"]
    classes = ["collapse"]  # folded: eight open citations made the NSAID page 10,800 px tall


class HistoryInline(admin.StackedInline):
    """Parts of a page (steps, sections, checklist lines), edited on it. Each keeps its own revisions."""

    extra = 0


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review due"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Past its review date"),
            ("soon", f"Due in the next {REVIEW_SOON_DAYS} days"),
            ("ok", "Not due yet"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        soon = today + datetime.timedelta(days=REVIEW_SOON_DAYS)
        match self.value():
            case "overdue":
                return queryset.filter(next_review_due__lt=today)
            case "soon":
                return queryset.filter(next_review_due__gte=today, next_review_due__lte=soon)
            case "ok":
                return queryset.filter(next_review_due__gt=soon)
        return queryset


class PhaseFilter(admin.SimpleListFilter):
    title = "phase"
    parameter_name = "phase"

    def lookups(self, request, model_admin):
        return [(phase.slug, phase.label) for phase in PHASES.values()]

    def queryset(self, request, queryset):
        if self.value() in PHASES:
            return queryset.for_phase(self.value())
        return queryset


class ReviewedAdmin(DraftAdminMixin, SimpleHistoryAdmin):
    """Shared set-up for pages a clinician signs off. Every save is a draft until a reviewer approves it."""

    inlines = [CitationInline]
    prepopulated_fields = {"slug": ["name"]}
    list_editable = ["published"]
    save_on_top = True
    actions = ["mark_reviewed"]

    @admin.action(description="Mark reviewed today, next review in 12 months (clinical reviewers)")
    def mark_reviewed(self, request, queryset):
        if not request.user.has_perm("guide.approve_changerequest"):
            self.message_user(request, "Only a clinical reviewer can mark pages reviewed.", messages.ERROR)
            return
        for page in queryset:
            try:
                review.mark_reviewed(page, request.user)
            except review.Refused as refused:
                self.message_user(request, f"{page}: {' '.join(refused.problems)}", messages.ERROR)
            else:
                self.message_user(request, f"{page}: marked reviewed by {name_of(request.user)}.")

    @admin.display(description="Review", ordering="next_review_due")
    def review_status(self, obj):
        if obj.review_overdue():
            return f"⚠ OVERDUE since {obj.next_review_due:%d %b %Y}"
        return f"Due {obj.next_review_due:%d %b %Y}"

    @admin.display(description="Sources")
    def citation_count(self, obj):
        return obj.citations.count()

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("citations")


@admin.register(Treatment)
class TreatmentAdmin(ReviewedAdmin):
    list_display = [
        "name",
        "kind",
        "phase_list",
        "evidence",
        "published",
        "review_status",
        "citation_count",
    ]
    list_filter = ["kind", PhaseFilter, "evidence", "published", ReviewDueFilter]
    search_fields = ["name", "summary", "what_it_is", "how_to"]
    autocomplete_fields = ["evidence_source"]
    filter_horizontal = ["stretches", "leave_out_for"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "summary", "right_now", "order"]}),
        (
            "When it fits",
            {"fields": ["for_first_hours", "for_first_days", "for_after_72_hours", "for_recovery"]},
        ),
        ("The article", {"fields": ["what_it_is", "how_to", "when", "cautions", "stretches"]}),
        ("The personal plan", {"fields": ["leave_out_for"]}),
        ("Evidence", {"fields": ["evidence", "evidence_summary", "evidence_source", "evidence_recommendation"]}),
        ("Publishing and review", {"fields": ["published", "last_reviewed", "next_review_due"]}),
    ]

    @admin.display(description="Phases")
    def phase_list(self, obj):
        return ", ".join(phase.label for phase in obj.phases)


@admin.register(Stretch)
class StretchAdmin(ReviewedAdmin):
    list_display = [
        "name",
        "position",
        "hold_seconds",
        "repetitions",
        "sides",
        "published",
        "review_status",
        "citation_count",
    ]
    list_filter = ["position", "sides", "published", ReviewDueFilter]
    search_fields = ["name", "summary", "steps"]
    filter_horizontal = ["leave_out_for"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "position", "summary", "order"]}),
        (
            "How to do it",
            {
                "fields": ["steps", "hold_seconds", "repetitions", "sides", "dosing"],
                # Said here rather than in the field's help text, which would need a migration.
                "description": 'Start the step of the timed hold with "Hold for", e.g. "Hold for 5 seconds." '
                "The page's player shows that step while its timer holds, the step before it while the "
                "person gets ready, and the steps after it as they relax and switch sides.",
            },
        ),
        ("Safety", {"fields": ["when_to_stop", "cautions", "leave_out_for"]}),
        ("Drawings", {"fields": ["start_svg", "start_alt", "held_svg", "held_alt"]}),
        ("Publishing and review", {"fields": ["published", "last_reviewed", "next_review_due"]}),
    ]


@admin.register(WarningSign)
class WarningSignAdmin(SafetyGateMixin, ReviewedAdmin):
    list_display = ["question", "urgency", "order", "published", "review_status", "citation_count"]
    list_filter = ["urgency", "published", ReviewDueFilter]
    list_editable = ["order", "published"]
    # Only the words a picker shows, so "spine" no longer lists the numb-skin emergency sign first.
    search_fields = ["question", "label"]
    prepopulated_fields = {"slug": ["label"]}
    readonly_fields = ["used_by"]
    fieldsets = [
        (None, {"fields": ["question", "label", "short_label", "slug", "urgency", "order"]}),
        ("In the symptom checker", {"fields": ["used_by"], "description": checker.EXPLAINED}),
        ("Shown to the person", {"fields": ["advice", "why_we_ask"]}),
        ("Getting help", {"fields": ["ambulance", "while_waiting", "not_while_waiting"]}),
        ("Publishing and review", {"fields": ["published", "last_reviewed", "next_review_due"]}),
    ]
    filter_horizontal = ["not_while_waiting"]

    @admin.display(description="Rules that give this sign")
    def used_by(self, obj):
        return checker.rules_using(obj) if obj.pk else "Save the sign, then add a rule that uses it."


@admin.register(ConditionFact)
class ConditionFactAdmin(ReviewedAdmin):
    list_display = ["name", "kind", "order", "published", "review_status", "citation_count"]
    list_filter = ["kind", "published", ReviewDueFilter]
    list_editable = ["order", "published"]
    search_fields = ["name", "explanation"]


class MovementStepInline(HistoryInline):
    model = MovementStep
    fields = ["order", "text", "svg", "alt"]


@admin.register(MovementGuide)
class MovementGuideAdmin(ReviewedAdmin):
    inlines = [MovementStepInline, CitationInline]
    prepopulated_fields = {"slug": ["title"]}
    list_display = ["title", "surface", "order", "published", "review_status", "citation_count"]
    list_filter = ["surface", "published", ReviewDueFilter]
    list_editable = ["order", "published"]
    search_fields = ["title", "summary", "steps__text"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "surface", "summary", "order"]}),
        ("Safety", {"fields": ["cautions"]}),
        ("Publishing and review", {"fields": ["published", "last_reviewed", "next_review_due"]}),
    ]


class MedicineCheckItemInline(HistoryInline):
    model = MedicineCheckItem
    autocomplete_fields = ["source"]
    fields = ["order", "label", "reason", "source"]


@admin.register(MedicineCheck)
class MedicineCheckAdmin(ReviewedAdmin):
    inlines = [MedicineCheckItemInline, CitationInline]
    prepopulated_fields = {"slug": ["title"]}
    list_display = ["title", "treatment", "published", "review_status", "citation_count"]
    list_filter = ["published", ReviewDueFilter]
    search_fields = ["title", "intro", "items__label", "items__reason"]
    autocomplete_fields = ["treatment"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "treatment"]}),
        ("Shown to the person", {"fields": ["intro", "if_any", "if_none"]}),
        ("Publishing and review", {"fields": ["published", "last_reviewed", "next_review_due"]}),
    ]


class ArticleSectionInline(HistoryInline):
    model = ArticleSection
    autocomplete_fields = ["treatment"]
    fields = ["order", "heading", "body", "points", "cautions", "treatment"]


@admin.register(Article)
class ArticleAdmin(ReviewedAdmin):
    inlines = [ArticleSectionInline, CitationInline]
    prepopulated_fields = {"slug": ["title"]}
    list_display = ["title", "order", "published", "review_status", "citation_count"]
    list_filter = ["published", ReviewDueFilter]
    list_editable = ["order", "published"]
    search_fields = ["title", "summary", "sections__heading", "sections__body", "sections__points"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "order"]}),
        ("Publishing and review", {"fields": ["published", "last_reviewed", "next_review_due"]}),
    ]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "short_name", "kind", "publisher", "year", "cited_by"]
    list_filter = ["kind"]
    search_fields = ["title", "short_name", "publisher", "author"]
    prepopulated_fields = {"slug": ["short_name"]}

    @admin.display(description="Citations")
    def cited_by(self, obj):
        return obj.citations.count()

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("citations")


@admin.register(Citation)
class CitationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Citations are edited inline on their page (through its draft); this list helps find disagreements."""

    list_display = ["source", "subject", "stance"]
    list_filter = ["stance", "source"]
    list_select_related = ["source", *CITATION_SUBJECTS]
    search_fields = ["says", "quote", "correction"]
    autocomplete_fields = ["source", *CITATION_SUBJECTS]


@admin.register(Country)
class CountryAdmin(DraftAdminMixin, SimpleHistoryAdmin):
    """The numbers and names each country's pages show; advice rows fill them in through placeholders."""

    list_display = ["name", "code", "emergency_number", "urgent_action", "order", "published", "review_status"]
    list_filter = ["published", ReviewDueFilter]
    list_editable = ["order", "published"]
    search_fields = ["name", "short_name", "code", "emergency_number", "urgent_name", "urgent_number"]
    autocomplete_fields = ["emergency_source", "urgent_source"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["name", "short_name", "code", "order"]}),
        (
            "In an emergency",
            {"fields": ["emergency_number", "emergency_also", "emergency_department", "emergency_source"]},
        ),
        ("Urgent advice", {"fields": ["urgent_action", "urgent_name", "urgent_number", "gp", "urgent_source"]}),
        ("Anything else", {"fields": ["note"]}),
        ("Publishing and review", {"fields": ["published", "last_reviewed", "next_review_due"]}),
    ]
    review_status = ReviewedAdmin.review_status


@admin.register(CheckIn)
class CheckInAdmin(DraftAdminMixin, SimpleHistoryAdmin):
    """The reminders in the recovery calendar that the self-care and GP results offer."""

    list_display = ["title", "days", "published", "review_status"]
    list_filter = ["published", ReviewDueFilter]
    search_fields = ["title", "what_to_check"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["source"]
    fields = [
        "title",
        "slug",
        "days",
        "what_to_check",
        "source",
        "links_flare_up_plan",
        "published",
        "last_reviewed",
        "next_review_due",
    ]
    review_status = ReviewedAdmin.review_status


# The wizard's questions and rules, and the content for after the pain, have their own modules;
# importing them registers them.
from guide import feedback_admin, recovery_admin, statement_admin, triage_admin  # noqa: E402, F401
from guide.governance import admin as governance_admin  # noqa: E402, F401
from guide.search import admin as search_admin  # noqa: E402, F401
