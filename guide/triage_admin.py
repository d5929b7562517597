"""The admin for the wizard's questions and rules, behind the safety gate.

Every save or delete of a question, answer, rule or warning sign runs the vignette suite on the
content as it would go live. If any case would get a less urgent tier than is safe, the change is
rolled back and the editor sees the form again, with their edit and the failing cases listed.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from guide.admin import CitationInline, ReviewDueFilter
from guide.governance import checker
from guide.governance.admin import DraftAdminMixin, ReadOnlyAdminMixin
from guide.models import AnswerOption, Block, Condition, Question, Route, Rule, TierAdvice
from guide.safety_gate import SafetyGateMixin


class AnswerOptionInline(admin.TabularInline):
    model = AnswerOption
    extra = 0
    fields = ["order", "group", "value", "label", "hint", "said", "phase"]


class QuestionForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        triggers = cleaned.get("ask_if")
        block = cleaned.get("block")
        if triggers and block:
            questions = {option.question for option in triggers}
            if len(questions) > 1:
                raise ValidationError({"ask_if": "Choose answers to one question only."})
            trigger = questions.pop()
            if trigger.pk == self.instance.pk:
                raise ValidationError({"ask_if": "A question cannot follow up its own answers."})
            # The trigger must show on its screen from the start, so its follow-ups can appear beside it:
            # a question always asked, or a follow-up of an answer on an earlier screen.
            if any(option.question.block.order >= trigger.block.order for option in trigger.ask_if.all()):
                message = "Choose answers to a question that shows on its screen from the start, not a follow-up."
                raise ValidationError({"ask_if": message})
            if trigger.block.order > block.order:
                raise ValidationError({"ask_if": "Choose answers from this screen or an earlier one."})
        return cleaned


@admin.register(Question)
class QuestionAdmin(DraftAdminMixin, SafetyGateMixin, SimpleHistoryAdmin):
    form = QuestionForm
    inlines = [AnswerOptionInline, CitationInline]
    list_display = ["text", "block", "kind", "order", "is_follow_up", "published"]
    list_filter = ["block", "kind", "published", ReviewDueFilter]
    search_fields = ["slug", "text", "options__label"]
    prepopulated_fields = {"slug": ["text"]}
    autocomplete_fields = ["ask_if"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["text", "slug", "block", "kind", "order"]}),
        ("Shown to the person", {"fields": ["why_we_ask", "none_said"]}),
        ("Follow-up", {"fields": ["ask_if"]}),
        ("In the symptom checker", {"fields": ["uses", "unused"], "description": checker.EXPLAINED}),
        ("Publishing and review", {"fields": ["published", "last_reviewed", "next_review_due"]}),
    ]
    readonly_fields = ["uses", "unused"]

    @admin.display(description="What each answer leads to")
    def uses(self, obj):
        return checker.answers_and_uses(obj) if obj.pk else "-"

    @admin.display(description="Unused answers")
    def unused(self, obj):
        return checker.unused_answers(obj) if obj.pk else "-"

    @admin.display(boolean=True, description="Follow-up")
    def is_follow_up(self, obj):
        return obj.ask_if.exists()


@admin.register(AnswerOption)
class AnswerOptionAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Answers are edited on their question (through its draft); this list lets rules and follow-ups search them."""

    list_display = ["label", "question", "value"]
    list_select_related = ["question"]
    search_fields = ["value", "label", "question__slug", "question__text"]

    def has_module_permission(self, request):
        return False  # not in the admin's index: edit answers on their question


class ConditionInline(admin.TabularInline):
    model = Condition
    extra = 0
    fields = ["order", "options"]
    autocomplete_fields = ["options"]
    verbose_name = "condition (any one of these answers)"
    verbose_name_plural = "conditions: the rule fires when all of them hold, or as many as it says"


@admin.register(Rule)
class RuleAdmin(DraftAdminMixin, SafetyGateMixin, SimpleHistoryAdmin):
    inlines = [ConditionInline, CitationInline]
    list_display = ["name", "tier", "warning_sign", "order", "published"]
    list_filter = ["warning_sign__urgency", "published", ReviewDueFilter]
    list_select_related = ["warning_sign"]
    search_fields = ["slug", "name", "warning_sign__label"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["warning_sign"]
    save_on_top = True
    readonly_fields = ["gives"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "warning_sign", "gives", "at_least", "order"]}),
        ("Publishing and review", {"fields": ["published", "last_reviewed", "next_review_due"]}),
    ]

    @admin.display(description="Tier", ordering="warning_sign__urgency")
    def tier(self, obj):
        return obj.warning_sign.get_urgency_display()

    @admin.display(description="This rule gives")
    def gives(self, obj):
        return obj.warning_sign.get_urgency_display() if obj.pk else "The urgency of the warning sign you choose"


@admin.register(Route)
class RouteAdmin(DraftAdminMixin, SafetyGateMixin, SimpleHistoryAdmin):
    inlines = [CitationInline]
    list_display = ["name", "tier", "order", "published"]
    list_filter = ["tier", "published", ReviewDueFilter]
    search_fields = ["slug", "name", "advice"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["when"]


@admin.register(Block)
class BlockAdmin(DraftAdminMixin, SafetyGateMixin, SimpleHistoryAdmin):
    list_display = ["heading", "order"]
    prepopulated_fields = {"slug": ["heading"]}


@admin.register(TierAdvice)
class TierAdviceAdmin(DraftAdminMixin, SafetyGateMixin, SimpleHistoryAdmin):
    list_display = ["tier", "lead"]
    fields = ["tier", "lead", "ambulance_lead", "do_not"]
