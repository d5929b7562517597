"""Admin saves become drafts; reviewers read the diff, preview the page, approve or send it back.

`DraftAdminMixin` goes first in a content admin's bases (before the safety gate). A POSTed change
form runs the admin's own save, inlines and many-to-many included, inside a transaction; if the save
went through (the form was valid and the safety gate passed), the result is serialized and the
transaction rolled back. Nothing reaches the live tables; the editor is taken to their draft.
"""

import uuid
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from guide import safety_gate
from guide.governance import graph, preview, review
from guide.governance.models import ChangeRequest, Profile
from guide.safety_gate import SafetyGateMixin
from pagecache.models import Version
from pagecache.version import held

NOTE_HELP = (
    'One line for the reviewer and the public "What\'s changed" page: what you changed and why, '
    'e.g. "Added a caution for heart failure (NICE NG59)".'
)
STALE_FORM = (
    "This page changed since you opened it: another change to it was approved. Your text is kept below. "
    "Check the live page (open it in a new tab), then save again to send your version for review."
)


class DraftFields(forms.Form):
    change_note = forms.CharField(label="Change note", max_length=200, help_text=NOTE_HELP)
    live_stamp = forms.CharField(widget=forms.HiddenInput, required=False)


def with_draft_fields(form_class):
    """The admin's form, plus the change note and the stamp of the live page the form was opened on."""

    class DraftForm(form_class):
        change_note = DraftFields.base_fields["change_note"]
        live_stamp = DraftFields.base_fields["live_stamp"]
        opened_on = ""  # set per request by get_form: the stamp of the live page now

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["live_stamp"].initial = self.opened_on

        def clean(self):
            cleaned = super().clean()
            key = self.add_prefix("live_stamp")
            if self.instance.pk is not None and self.data.get(key) != self.opened_on:
                # Carry the new stamp, so a deliberate second save goes through with the editor's text.
                self.data = self.data.copy()
                self.data[key] = self.opened_on
                raise ValidationError(STALE_FORM, code="stale")
            return cleaned

    DraftForm.__name__ = form_class.__name__
    return DraftForm


@dataclass
class Capture:
    obj: object = None
    note: str = ""


class DraftAdminMixin:
    """Every add, change, unpublish and delete through this admin is saved as a draft for review."""

    delete_confirmation_template = "admin/governance/delete_confirmation.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form = with_draft_fields(self.form)
        # Editing rows straight from a list would go round the review (one click unpublished a warning sign).
        self.list_editable = ()

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)  # a bulk delete would go round the review
        return actions

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if "change_note" not in flatten_fieldsets(fieldsets):
            fieldsets.append(("Your change", {"fields": ["change_note", "live_stamp"]}))
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        live = self.model._default_manager.filter(pk=obj.pk).first() if obj is not None and obj.pk else None
        stamp = graph.stamp_of(graph.graph_of(live)) if live is not None else ""
        return type(form.__name__, (form,), {"opened_on": stamp})

    # Capturing the save.

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if capture := getattr(request, "governance_capture", None):
            capture.note = form.cleaned_data.get("change_note") or capture.note

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)  # the safety gate checks here
        self._captured(request, obj)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)  # the safety gate checks here
        self._captured(request, obj)
        return entry

    @staticmethod
    def _captured(request, obj):
        if capture := getattr(request, "governance_capture", None):
            capture.obj = obj

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(request, "governance_capture", None):
            return HttpResponseRedirect(".")  # replaced by the draft's page, with no "added" message
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if getattr(request, "governance_capture", None):
            return HttpResponseRedirect(".")
        return super().response_change(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self.drafted(super().changeform_view, request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        def view(request, object_id, *args):
            return super(DraftAdminMixin, self).history_form_view(request, object_id, version_id, extra_context)

        return self.drafted(view, request, object_id, reverting=True)

    def drafted(self, view, request, object_id, *args, reverting=False):
        if request.method != "POST":
            return view(request, object_id, *args)
        live = self.get_object(request, unquote(object_id)) if object_id else None
        if object_id and live is None:
            return view(request, object_id, *args)  # the admin's own "does not exist" answer
        base = graph.graph_of(live) if live is not None else None
        capture = request.governance_capture = Capture()
        # A token of its own: anything read for "the current version" inside the draft's transaction
        # (questionnaire, countries) is kept under it, never under the live version's.
        with held(Version(f"draft-{uuid.uuid4().hex}", 0)), transaction.atomic():
            response = view(request, object_id, *args)
            proposed = graph.graph_of(capture.obj) if capture.obj is not None else None
            transaction.set_rollback(True)
        del request.governance_capture
        if proposed is None:
            return response  # refused or invalid: the form again, with the editor's text and the reasons
        if base is not None and proposed == base:
            messages.info(request, "Nothing changed, so nothing was sent for review.")
            return redirect(request.path)
        change = review.submit(
            model=self.model,
            obj_pk=live.pk if live is not None else None,
            action=ChangeRequest.Action.CHANGE if live is not None else ChangeRequest.Action.ADD,
            proposed=proposed,
            base=base,
            note=capture.note or ("Reverted to an earlier version" if reverting else ""),
            author=request.user,
            label=str(capture.obj),
        )
        return self.submitted(request, change)

    def delete_view(self, request, object_id, extra_context=None):
        if request.method == "POST" and request.POST.get("post"):
            obj = self.get_object(request, unquote(object_id))
            if obj is None or not self.has_delete_permission(request, obj):
                raise PermissionDenied
            note = request.POST.get("change_note", "").strip()
            if not note:
                messages.error(request, "Write a one-line change note: why should this be deleted?")
                return redirect(request.path)
            if (refused := self.refused_deletion(request, obj)) is not None:
                return refused
            change = review.submit(
                model=self.model,
                obj_pk=obj.pk,
                action=ChangeRequest.Action.DELETE,
                proposed=None,
                base=graph.graph_of(obj),
                note=note[:200],
                author=request.user,
                label=str(obj),
            )
            return self.submitted(request, change)
        return super().delete_view(request, object_id, extra_context)

    def refused_deletion(self, request, obj):
        """The safety gate's answer at once, as before drafts: delete inside a rolled-back transaction."""
        if not isinstance(self, SafetyGateMixin):
            return None
        request.safety_gate_before = safety_gate.problems()
        try:
            with held(Version(f"draft-{uuid.uuid4().hex}", 0)), transaction.atomic():
                self.delete_model(request, obj)  # the gate checks here
                transaction.set_rollback(True)
        except safety_gate.Refused as refused:
            back = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
            return SafetyGateMixin.refused(request, refused, back)
        return None

    @staticmethod
    def submitted(request, change: ChangeRequest):
        text = (
            f"Saved as a draft: “{change.note}”. Nothing is live yet: a clinical reviewer who is not you "
            "must approve it first."
        )
        if admin.options.IS_POPUP_VAR in request.POST:
            return HttpResponse(format_html("<p>{}</p><p>You can close this window.</p>", text))
        messages.success(request, text)
        return redirect("admin:guide_changerequest_change", change.pk)


class ReadOnlyAdminMixin:
    """Listed for searching and pickers; edited on their page, through a draft.

    The delete permission stays as the groups give it: deleting a page deletes its citations and
    answers too, and the admin asks for it. Only this admin's own delete page and action are shut.
    """

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_view(self, request, object_id, extra_context=None):
        raise PermissionDenied

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)
        return actions


# The review pages.


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("mine", "Waiting for my review"), *ChangeRequest.State.choices, ("override", "Emergency overrides")]

    def queryset(self, request, queryset):
        match self.value():
            case "mine":
                return queryset.waiting_for(request.user)
            case "override":
                return queryset.exclude(override_reason="")
            case None:
                return queryset
        return queryset.filter(state=self.value())


@admin.register(ChangeRequest)
class ChangeRequestAdmin(admin.ModelAdmin):
    list_display = ["created_at", "label", "action", "kind", "author_name", "state_shown", "reviewer_name"]
    list_filter = [StateFilter, "action", "content_type"]
    list_select_related = ["author__profile", "reviewer__profile", "content_type"]
    search_fields = ["label", "note", "comment", "override_reason"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False  # drafts come from the pages' own forms

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Page type", ordering="content_type__model")
    def kind(self, obj):
        return str(obj.model._meta.verbose_name).capitalize() if obj.model else "?"

    @admin.display(description="Author")
    def author_name(self, obj):
        return obj.author_name

    @admin.display(description="Reviewer")
    def reviewer_name(self, obj):
        return obj.reviewer_name

    @admin.display(description="State", ordering="state")
    def state_shown(self, obj):
        if obj.is_override:
            return format_html("<strong>⚠ Emergency override, no second person:</strong> {}", obj.override_reason)
        return obj.get_state_display()

    def get_urls(self):
        urls = super().get_urls()
        own = [
            path(
                "<int:pk>/preview/", self.admin_site.admin_view(self.preview_view), name="guide_changerequest_preview"
            ),
            path("<int:pk>/decide/", self.admin_site.admin_view(self.decide_view), name="guide_changerequest_decide"),
        ]
        return own + urls

    def change_view(self, request, object_id, form_url="", extra_context=None):
        change = get_object_or_404(ChangeRequest, pk=unquote(object_id))
        if not self.has_view_permission(request, change):
            raise PermissionDenied
        model = change.model
        context = {
            **self.admin_site.each_context(request),
            "title": f"{change.get_action_display()}: {change.label}",
            "opts": self.opts,
            "change": change,
            "diff": graph.diff(model, change.base, change.proposed),
            "stale": change.state == ChangeRequest.State.WAITING and review.is_stale(change),
            "can_approve": review.can_approve(request.user, change),
            "can_override": review.can_override(request.user, change),
            "is_author": request.user.pk == change.author_id,
            "can_preview": change.action != ChangeRequest.Action.DELETE
            and change.state != ChangeRequest.State.APPROVED,
            "live_url": change.public_url or _live_url(change),
        }
        return TemplateResponse(request, "admin/governance/review.html", context)

    def decide_view(self, request, pk):
        if request.method != "POST":
            return redirect("admin:guide_changerequest_change", pk)
        change = get_object_or_404(ChangeRequest, pk=pk)
        decision, comment = request.POST.get("decision"), request.POST.get("comment", "")
        try:
            match decision:
                case "approve":
                    review.approve(change, request.user, comment)
                    messages.success(request, f"Approved: “{change.label}” is live.")
                case "override":
                    review.override(change, request.user, request.POST.get("reason", ""))
                    messages.warning(request, f"Published without a second person: “{change.label}”.")
                case "send-back":
                    review.send_back(change, request.user, comment)
                    messages.success(request, "Sent back to its author with your comment.")
                case "withdraw":
                    review.withdraw(change, request.user)
                    messages.success(request, "Withdrawn. Nothing was published.")
                case _:
                    messages.error(request, "Choose approve, send back or withdraw.")
        except review.Refused as refused:
            messages.error(request, "Not published. Nothing has changed on the live site.")
            for problem in refused.problems:
                messages.error(request, problem)
        return redirect("admin:guide_changerequest_change", pk)

    def preview_view(self, request, pk):
        change = get_object_or_404(ChangeRequest, pk=pk)
        if not self.has_view_permission(request, change):
            raise PermissionDenied
        return preview.render(request, change)


def _live_url(change: ChangeRequest) -> str:
    if change.object_id is None:
        return ""
    obj = change.model._default_manager.filter(pk=change.object_id).first()
    return review._url_of(obj) if obj is not None else ""


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["display_name", "role", "user"]
    search_fields = ["display_name", "role", "user__username"]
    autocomplete_fields = ["user"]
