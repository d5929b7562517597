"""Search words in the admin: editors add the words people type, with where their meaning comes from."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from guide.governance.admin import DraftAdminMixin
from guide.search.models import Synonym


@admin.register(Synonym)
class SynonymAdmin(DraftAdminMixin, SimpleHistoryAdmin):
    """Drafted like the pages: a search word decides which warning sign a search puts first."""

    list_display = ["term", "means", "source"]
    search_fields = ["term", "means", "note"]
    autocomplete_fields = ["source"]
    fields = ["term", "means", "source", "note"]
