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
