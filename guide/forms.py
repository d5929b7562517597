from django import forms

from guide.models import Treatment
from guide.phases import PHASES

SEARCH_MAX_LENGTH = 100


class TreatmentFilterForm(forms.Form):
    """The treatment list's filters. Works as a plain GET form and through htmx."""

    q = forms.CharField(
        label="Search treatments",
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        strip=True,
        error_messages={"max_length": f"Search for something shorter: at most {SEARCH_MAX_LENGTH} characters."},
    )
    phase = forms.ChoiceField(
        label="When",
        required=False,
        choices=[("", "Any time"), *((p.slug, p.label) for p in PHASES.values())],
        error_messages={"invalid_choice": "Choose a time from the list."},
    )
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "Any kind"), *Treatment.Kind.choices],
        error_messages={"invalid_choice": "Choose a kind from the list."},
    )

    def filter(self, treatments):
        """Narrow the treatments by whatever valid filters were given."""
        data = self.cleaned_data
        if data["q"]:
            treatments = treatments.search(data["q"])
        if data["phase"]:
            treatments = treatments.for_phase(data["phase"])
        if data["kind"]:
            treatments = treatments.filter(kind=data["kind"])
        return treatments


class MedicineCheckForm(forms.Form):
    """The ticks on a medicine check. Only the ticked lines' numbers travel, in the POST body."""

    ticked = forms.TypedMultipleChoiceField(
        label="Tick any that apply to you",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        # Never repeat what was sent: it could be anything, and it is about the person.
        error_messages={"invalid_choice": "Something you sent was not on the list. Please tick again."},
    )

    def __init__(self, items, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        self.fields["ticked"].choices = [(item.order, item.label) for item in self.items]

    def ticked_items(self) -> list:
        """The lines the person ticked, in the checklist's order."""
        ticked = set(self.cleaned_data["ticked"])
        return [item for item in self.items if item.order in ticked]
