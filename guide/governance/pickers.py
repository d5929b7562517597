"""Autocomplete pickers that cannot mislead (editor review, item 6): a warning sign shows its tier first,
and an answer shows its words and its question's, not a code. One Enter key once attached the cauda
equina emergency sign to a new fever rule because the list showed neither."""

from django.contrib.admin.views.autocomplete import AutocompleteJsonView

from guide.governance.checker import tier_label


def picker_text(obj) -> str:
    from guide.models import AnswerOption, WarningSign

    if isinstance(obj, WarningSign):
        return f"[{tier_label(obj)}] {obj.question}"
    if isinstance(obj, AnswerOption):
        return f"{obj.label} (asked: {obj.question.text})"
    return str(obj)


class EditorsAutocompleteView(AutocompleteJsonView):
    def serialize_result(self, obj, to_field_name):
        return super().serialize_result(obj, to_field_name) | {"text": picker_text(obj)}
