"""Search words in the admin: editors add the words people type, with where their meaning comes from."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from guide.search.models import Synonym


@admin.register(Synonym)
class SynonymAdmin(SimpleHistoryAdmin):
    list_display = ["term", "means", "source"]
    search_fields = ["term", "means", "note"]
    autocomplete_fields = ["source"]
    fields = ["term", "means", "source", "note"]
