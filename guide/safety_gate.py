"""The admin's safety gate: no edit may make a vignette less urgent than is safe for that person.

It reads the development suite only: the validation suite is never used to decide an edit.

Run before an editor's change and again after it is saved, inside the same transaction, so the
rules it checks are exactly the ones that would go live. A change is refused if it makes any case
unsafe that was safe before. The rules are pure, so the whole suite runs in milliseconds.
"""

from django.contrib import messages
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect

from guide import triage, vignettes
from guide.questionnaire import build
from guide.triage_models import TIER_CHOICES

TIER_NAMES = dict(TIER_CHOICES)
MISSING = "The test cases could not be read, so no change to the questions or rules can be checked."


def problems() -> dict[str, str]:
    """Each way the questions and rules as saved now are not safe, in plain words, by a stable key."""
    try:
        questionnaire = build()
    except ValueError as error:  # the rows no longer make a questionnaire the rules can read
        return {"unreadable": str(error)}
    catalogue = questionnaire.catalogue
    cases = vignettes.load()
    if not cases:
        return {MISSING: MISSING}
    report = vignettes.run(catalogue, cases, questionnaire.ambulance)
    found = {
        result.vignette.id: f"{result.vignette.id}: “{result.vignette.story}” should get at least "
        f"“{TIER_NAMES[result.vignette.safe]}”, but would now get “{TIER_NAMES[result.tier]}”."
        for result in report.under
    }
    # An emergency that needs an ambulance must still be told to ask for one (clinical review N1).
    found |= {
        f"{result.vignette.id} (ambulance)": f"{result.vignette.id}: “{result.vignette.story}” needs an ambulance, "
        "but would now be offered a lift to the emergency department."
        for result in report.no_ambulance
    }
    return found | {problem: problem for problem in unsafe_emergency_answers(catalogue)}


def unsafe_emergency_answers(catalogue: triage.Catalogue) -> list[str]:
    """Every line of the first screen's checklists must end in an emergency on its own."""
    if not catalogue.blocks:
        return ["There are no published questions."]
    first = [question for question in catalogue.in_blocks(0) if question.kind == triage.CHECKLIST]
    found = []
    for question in first:
        for value in question.options:
            answers = {other.slug: frozenset() for other in first} | {question.slug: frozenset([value])}
            outcome = triage.assess(catalogue, answers, 0)
            if outcome.tier != triage.EMERGENCY:
                found.append(
                    f"On the first screen, “{question.slug}: {value}” must give an emergency on its own, "
                    f"but gives “{TIER_NAMES[outcome.tier]}”."
                )
    return found


class Refused(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


class SafetyGateMixin:
    """Refuse any save or delete that would make a vignette less urgent than is safe."""

    def check_safety(self, request) -> None:
        """Refuse if the edit made anything unsafe that was not unsafe before it."""
        before = getattr(request, "safety_gate_before", {})
        if new := [problem for key, problem in problems().items() if key not in before or key == MISSING]:
            raise Refused(new)

    # The admin logs a change after the object, its inlines and its many-to-many fields are saved,
    # and before it says "changed successfully": the one point where the whole edit can be checked.
    def log_addition(self, request, obj, message):
        self.check_safety(request)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self.check_safety(request)
        return super().log_change(request, obj, message)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self.check_safety(request)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)  # a bulk delete would go round the gate
        return actions

    def refusable(self, view, request, *args, **kwargs):
        if request.method == "POST":
            request.safety_gate_before = problems()
        try:
            with transaction.atomic():
                return view(request, *args, **kwargs)
        except Refused as refused:
            request.safety_gate_problems = refused.problems
            return view(request, *args, **kwargs)  # shown again with the problems; nothing is saved

    def changeform_view(self, request, *args, **kwargs):
        return self.refusable(super().changeform_view, request, *args, **kwargs)

    def history_form_view(self, request, *args, **kwargs):
        return self.refusable(super().history_form_view, request, *args, **kwargs)

    def delete_view(self, request, object_id, extra_context=None):
        if request.method == "POST":
            request.safety_gate_before = problems()
        try:
            with transaction.atomic():
                return super().delete_view(request, object_id, extra_context)
        except Refused as refused:
            return self.refused(request, refused, request.path.removesuffix("delete/") + "change/")

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST":
            request.safety_gate_before = problems()
        try:
            return super().changelist_view(request, extra_context)  # its edits are saved atomically
        except Refused as refused:
            return self.refused(request, refused, request.get_full_path())

    @staticmethod
    def refused(request, refused: "Refused", back: str):
        for problem in [NOT_SAVED, *refused.problems]:
            messages.error(request, problem)
        return redirect(back)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        problems = getattr(request, "safety_gate_problems", None)
        if not problems:
            return form

        class RefusedForm(form):
            def clean(self):
                super().clean()
                raise ValidationError([NOT_SAVED, *problems])

        return RefusedForm


NOT_SAVED = (
    "Not saved: this change would send people to less urgent care than is safe. "
    "These test cases would fail. Change the edit, or ask a clinician to review the cases."
)
