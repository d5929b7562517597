"""Readers' feedback in the admin: per page, newest first, and marked dealt with once handled."""

from django.contrib import admin

from guide.feedback_models import PageFeedback


@admin.register(PageFeedback)
class PageFeedbackAdmin(admin.ModelAdmin):
    list_display = ["page", "answer", "text", "received", "dealt_with"]
    list_filter = ["dealt_with", "answer", "page", "received"]
    list_editable = ["dealt_with"]
    search_fields = ["page", "text"]
    readonly_fields = ["page", "answer", "text", "received"]
    actions = ["mark_dealt_with"]
    date_hierarchy = "received"

    def has_add_permission(self, request):
        return False  # only readers add feedback

    @admin.action(description="Mark as dealt with")
    def mark_dealt_with(self, request, queryset):
        updated = queryset.update(dealt_with=True)
        self.message_user(request, f"{updated} marked as dealt with.")
