"""Clinical governance (issue 24): every change is a draft until a clinical reviewer who is not its author
approves it; drafts never reach a public page, the page cache, the wizard or the feed."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from guide.governance import graph, review, roles
from guide.governance.models import ChangeRequest
from guide.models import AnswerOption, Citation, ConditionFact, Country, Rule, Treatment, WarningSign
from pagecache.models import ContentVersion
from tests.governance_support import (
    add_url,
    cached_text,
    change_url,
    decide,
    edit,
    latest_change,
    open_form,
    people,
    save,
)

pytestmark = pytest.mark.django_db

DRAFT = "Drink a glass of sea water every hour"


@pytest.fixture(autouse=True)
def guide(loaded_guide, db):
    """Every test starts from the real guide, loaded once for the module."""


@pytest.fixture
def team(django_user_model):
    return people(django_user_model)


def public(url: str) -> str:
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


def nsaids() -> Treatment:
    return Treatment.objects.get(slug="nsaids")


def test_the_groups_come_with_the_project_and_hold_only_what_each_needs():
    writers, reviewers, administrators = (
        set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        for name in (roles.WRITERS, roles.CLINICAL_REVIEWERS, roles.ADMINISTRATORS)
    )
    assert {"change_treatment", "add_warningsign", "delete_country", "view_changerequest"} <= writers
    assert "approve_changerequest" not in writers and "change_user" not in writers
    assert reviewers == writers | {"approve_changerequest"}
    assert {"change_user", "change_group", "change_profile", "publish_without_review"} <= administrators
    assert "approve_changerequest" not in administrators
    assert not any(
        code.startswith(("add_changerequest", "change_changerequest")) for code in reviewers | administrators
    )


def test_a_writers_change_is_a_draft_and_not_public(team):
    treatment = nsaids()
    before = public(treatment.get_absolute_url())  # now in the page cache
    response = edit(team["writer"], treatment, summary=DRAFT)
    change = latest_change()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:guide_changerequest_change", args=[change.pk])
    assert (change.state, change.action, change.author, change.note) == (
        "waiting",
        "change",
        team["writer"].user,
        "A test change",
    )
    assert change.proposed["object"]["fields"]["summary"] == DRAFT
    assert nsaids().summary != DRAFT
    assert treatment.history.filter(summary=DRAFT).count() == 0
    assert DRAFT not in public(treatment.get_absolute_url())
    assert public(treatment.get_absolute_url()) == before
    assert DRAFT not in public(reverse("guide:treatments"))
    assert DRAFT not in cached_text()


def test_a_change_needs_a_note(team):
    treatment = nsaids()
    response = save(
        team["writer"], change_url(treatment), open_form(team["writer"], change_url(treatment)), note="", summary=DRAFT
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_the_author_cannot_approve_their_own_change(team):
    edit(team["reviewer"], nsaids(), summary=DRAFT)
    change = latest_change()
    page = team["reviewer"].get(reverse("admin:guide_changerequest_change", args=[change.pk])).content.decode()
    assert "Approve and publish" not in page
    decide(team["reviewer"], change, "approve")
    assert change.state == "waiting"
    assert nsaids().summary != DRAFT
    with pytest.raises(review.Refused, match="someone else must approve"):
        review.approve(change, team["reviewer"].user)


def test_a_writer_cannot_approve_at_all(team):
    edit(team["reviewer"], nsaids(), summary=DRAFT)
    change = latest_change()
    decide(team["writer"], change, "approve")
    assert change.state == "waiting" and nsaids().summary != DRAFT


def test_a_reviewers_approval_publishes_it_clears_the_cache_and_keeps_who_wrote_and_who_approved(team):
    treatment = nsaids()
    url = treatment.get_absolute_url()
    public(url)
    version = ContentVersion.current()
    edit(team["writer"], treatment, "Summary in plainer words", summary=DRAFT)
    change = latest_change()
    page = team["reviewer"].get(reverse("admin:guide_changerequest_change", args=[change.pk])).content.decode()
    assert "Approve and publish" in page and DRAFT in page  # the diff
    decide(team["reviewer"], change, "approve", comment="Fine")
    assert change.state == "approved" and change.reviewer == team["reviewer"].user
    assert ContentVersion.current() != version
    assert DRAFT in public(url)
    assert "Reviewed by Priya Shah, Physiotherapist" in public(url)
    assert nsaids().reviewed_by.name == "Priya Shah"
    revision = nsaids().history.first()
    assert revision.history_user == team["writer"].user
    assert revision.history_change_reason == "Summary in plainer words (approved by Priya Shah)"


def test_a_sent_back_draft_stays_private_with_the_comment(team):
    edit(team["writer"], nsaids(), summary=DRAFT)
    change = latest_change()
    decide(team["reviewer"], change, "send-back")
    assert change.state == "waiting"  # a comment is required
    decide(team["reviewer"], change, "send-back", comment="Name the guideline")
    assert (change.state, change.comment) == ("sent-back", "Name the guideline")
    assert DRAFT not in public(nsaids().get_absolute_url())
    decide(team["reviewer2"], change, "approve")
    assert change.state == "sent-back" and nsaids().summary != DRAFT


def test_the_safety_gate_refuses_an_unsafe_triage_change_at_approval(team):
    rule = Rule.objects.get(slug="cancer-with-nerve-signs")
    base = graph.graph_of(rule)
    proposed = {**base, "object": {**base["object"], "fields": {**base["object"]["fields"], "published": False}}}
    change = review.submit(
        model=Rule,
        obj_pk=rule.pk,
        action="change",
        proposed=proposed,
        base=base,
        note="Tidy",
        author=team["writer"].user,
        label=str(rule),
    )
    response = decide(team["reviewer"], change, "approve")
    assert change.state == "waiting"
    assert Rule.objects.get(pk=rule.pk).published
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "Not published. Nothing has changed on the live site." in messages
    assert any("should get at least" in m for m in messages)


def test_the_gate_still_refuses_the_unsafe_edit_when_it_is_drafted(team):
    rule = Rule.objects.get(slug="cancer-with-nerve-signs")
    response = edit(team["writer"], rule, published="")
    assert response.status_code == 200
    assert "Not saved: this change would send people to less urgent care" in response.content.decode()
    assert not ChangeRequest.objects.exists()


# The security audit's three attacks (2026-12-06, finding 2).


def test_relabelling_the_cauda_equina_box_does_not_reach_the_wizard(team):
    option = AnswerOption.objects.get(value="numb-saddle")
    question = option.question
    data = open_form(team["writer"], change_url(question))
    field = next(name for name, value in data.items() if name.endswith("-label") and value == option.label)
    save(team["writer"], change_url(question), data, **{field: "You have a runny nose"})
    assert latest_change().state == "waiting"
    assert AnswerOption.objects.get(pk=option.pk).label == option.label
    assert "runny nose" not in public(reverse("guide:triage"))


def test_999_to_000_is_refused_even_with_approval_and_by_the_override(team):
    uk = Country.objects.get(code="gb")
    edit(team["writer"], uk, emergency_number="000")
    change = latest_change()
    assert "999" in public("/") and "tel:000" not in public("/")
    response = decide(team["reviewer"], change, "approve")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("must be 112 or 999" in m for m in messages)
    decide(team["admin"], change, "override", reason="Urgent")
    assert change.state == "waiting"
    assert Country.objects.get(code="gb").emergency_number == "999"
    assert "tel:000" not in public("/")


def test_rewriting_emergency_advice_as_rest_at_home_stays_a_draft(team):
    sign = WarningSign.objects.filter(urgency="emergency").first()
    edit(team["writer"], sign, advice="Rest at home")
    assert WarningSign.objects.get(pk=sign.pk).advice != "Rest at home"
    assert "Rest at home" not in public(reverse("guide:warning_signs"))
    assert "Rest at home" not in cached_text()


# Adds, deletes, unpublishing.


def test_a_new_page_and_a_deletion_go_through_review(team):
    fact = ConditionFact.objects.first()
    data = open_form(team["writer"], add_url(ConditionFact))
    data |= {"kind": "cause", "name": "Sleeping on a new mattress", "slug": "new-mattress", "explanation": DRAFT}
    data |= {"last_reviewed": "2026-12-01", "next_review_due": "2027-12-01", "published": "on", "order": "9"}
    save(team["writer"], add_url(ConditionFact), data, note="A new cause")
    added = latest_change()
    assert added.action == "add" and added.object_id is None
    assert not ConditionFact.objects.filter(slug="new-mattress").exists()
    assert DRAFT not in public(reverse("guide:about"))
    decide(team["reviewer"], added, "approve")
    assert ConditionFact.objects.get(slug="new-mattress").pk == added.object_id
    assert DRAFT in public(reverse("guide:about"))

    delete = reverse("admin:guide_conditionfact_delete", args=[fact.pk])
    team["writer"].post(delete, {"post": "yes"})  # no note: refused
    assert ChangeRequest.objects.filter(action="delete").count() == 0
    team["writer"].post(delete, {"post": "yes", "change_note": "Duplicate of another cause"})
    deletion = latest_change()
    assert deletion.action == "delete" and ConditionFact.objects.filter(pk=fact.pk).exists()
    decide(team["reviewer"], deletion, "approve")
    assert not ConditionFact.objects.filter(pk=fact.pk).exists()


def test_the_lists_cannot_unpublish_or_bulk_delete(team):
    url = reverse("admin:guide_warningsign_changelist")
    html = team["writer"].get(url).content.decode()
    assert 'name="form-0-published"' not in html
    assert "delete_selected" not in html


# Nothing an editor writes is lost (issue 19 item 4): optimistic locking.


def test_a_save_from_a_form_opened_before_another_change_went_live_is_refused_and_kept(team):
    treatment = nsaids()
    stale = open_form(team["reviewer2"], change_url(treatment))
    edit(team["writer"], treatment, summary="First editor's summary")
    decide(team["reviewer"], latest_change(), "approve")
    response = save(team["reviewer2"], change_url(treatment), stale, summary=DRAFT)
    html = response.content.decode()
    assert response.status_code == 200
    assert "This page changed since you opened it" in html
    assert DRAFT in html  # their text is still in the form
    assert ChangeRequest.objects.count() == 1
    # Saving again, having seen the message, sends their version for review.
    again = save(team["reviewer2"], change_url(treatment), open_form_from(html), summary=DRAFT)
    assert again.status_code == 302 and latest_change().proposed["object"]["fields"]["summary"] == DRAFT


def open_form_from(html: str) -> dict:
    from tests.governance_support import flat
    from tests.html_forms import form_data

    return flat(form_data(html))


def test_approving_a_draft_written_on_an_older_page_is_refused(team):
    edit(team["writer"], nsaids(), summary="First")
    first = latest_change()
    edit(team["reviewer2"], nsaids(), summary="Second")
    second = latest_change()
    decide(team["reviewer"], first, "approve")
    decide(team["reviewer"], second, "approve")
    assert second.state == "waiting" and nsaids().summary == "First"


# Preview.


def test_the_preview_shows_the_draft_to_staff_only_and_no_cache_keeps_it(team):
    from pagecache import version

    treatment = nsaids()
    public(treatment.get_absolute_url())
    edit(team["writer"], treatment, summary=DRAFT)
    change = latest_change()
    url = reverse("admin:guide_changerequest_preview", args=[change.pk])
    response = team["reviewer"].get(url)
    html = response.content.decode()
    assert response.status_code == 200 and DRAFT in html and "Preview of a draft: not live" in html
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert not version._seen[0].token.startswith(("preview-", "draft-"))
    assert DRAFT not in public(treatment.get_absolute_url())
    assert DRAFT not in cached_text()
    assert Client().get(url).status_code == 302  # to the sign-in page
    assert nsaids().summary != DRAFT


# Emergency override.


def test_an_administrator_can_publish_in_an_emergency_with_a_reason_shown_as_such(team):
    edit(team["admin"], nsaids(), summary=DRAFT)
    change = latest_change()
    decide(team["admin"], change, "override")
    assert change.state == "waiting"  # a reason is required
    decide(team["admin"], change, "override", reason="Wrong dose on the live page")
    assert change.state == "approved" and change.override_reason == "Wrong dose on the live page"
    assert DRAFT in public(nsaids().get_absolute_url())
    assert nsaids().reviewed_by is None  # an override is not a review
    listing = team["reviewer"].get(reverse("admin:guide_changerequest_changelist")).content.decode()
    assert "Emergency override, no second person" in listing and "Wrong dose on the live page" in listing
    decide(team["writer"], change, "override", reason="x")


def test_a_writer_cannot_override(team):
    edit(team["writer"], nsaids(), summary=DRAFT)
    change = latest_change()
    decide(team["writer"], change, "override", reason="Because")
    assert change.state == "waiting"


# In public: what's changed.


def test_whats_changed_lists_approved_changes_newest_first_with_a_feed(team):
    edit(team["writer"], nsaids(), "Plainer summary", summary=DRAFT)
    decide(team["reviewer"], latest_change(), "approve")
    edit(team["writer"], WarningSign.objects.first(), "Secret draft note", why_we_ask="A draft reason")
    html = public(reverse("guide:whats_changed"))
    assert "Plainer summary" in html and "Secret draft note" not in html
    assert reverse("guide:whats_changed") in public("/")  # linked from the footer
    feed = public(reverse("guide:whats_changed_feed"))
    assert "<feed" in feed and "Plainer summary" in feed and "Secret draft note" not in feed


# The editors' home and an admin a clinician can work in.


def test_the_admin_home_shows_each_person_what_waits_for_them(team):
    edit(team["writer"], nsaids(), "Plainer summary", summary=DRAFT)
    change = latest_change()
    edit(team["writer"], WarningSign.objects.first(), "Clearer reason", why_we_ask="Because")
    decide(team["reviewer"], latest_change(), "send-back", comment="Say why in the person's words")
    Treatment.objects.filter(slug="moist-heat").update(last_reviewed="2025-01-01", next_review_due="2025-06-01")

    reviewer_home = team["reviewer"].get(reverse("admin:index")).content.decode()
    assert "Waiting for your review (1)" in reviewer_home and "Plainer summary" in reviewer_home
    assert "Pages past their review date" in reviewer_home and "Moist heat" in reviewer_home
    writer_home = team["writer"].get(reverse("admin:index")).content.decode()
    assert "Waiting for your review" not in writer_home
    assert "Your drafts waiting for review (1)" in writer_home and "Plainer summary" in writer_home
    assert "Sent back to you (1)" in writer_home and "Say why in the person" in writer_home
    assert reverse("admin:guide_changerequest_change", args=[change.pk]) in reviewer_home


def test_the_admin_home_groups_models_for_editors_and_keeps_accounts_from_writers(team):
    html = team["writer"].get(reverse("admin:index")).content.decode()
    sections = ["Reviews", "Pages people read", "Symptom checker", "Evidence", "Settings"]
    positions = [html.index(f">{name}<") for name in sections]
    assert positions == sorted(positions)
    assert "Authentication and authorization" not in html and "Axes" not in html and "OTP_TOTP" not in html
    assert team["writer"].get(reverse("admin:auth_user_changelist")).status_code == 403
    assert team["admin"].get(reverse("admin:auth_user_changelist")).status_code == 200


def test_a_reviewer_marks_pages_reviewed_and_the_page_says_who(team):
    treatment = Treatment.objects.get(slug="moist-heat")
    url = reverse("admin:guide_treatment_changelist")
    data = {"action": "mark_reviewed", "_selected_action": [treatment.pk]}
    team["writer"].post(url, data)
    assert Treatment.objects.get(pk=treatment.pk).last_reviewed == treatment.last_reviewed
    team["reviewer"].post(url, data)
    marked = Treatment.objects.get(pk=treatment.pk)
    assert marked.last_reviewed > treatment.last_reviewed
    assert (marked.next_review_due - marked.last_reviewed).days in range(365, 367)
    assert "Reviewed by Priya Shah, Physiotherapist" in public(marked.get_absolute_url())


def test_a_warning_sign_shows_the_rules_that_use_it_and_a_question_its_unused_answers(team):
    sign = Rule.objects.get(slug="cancer-with-nerve-signs").warning_sign
    html = team["writer"].get(change_url(sign)).content.decode()
    assert "Rules that give this sign" in html and "cancer" in html.lower()
    question = AnswerOption.objects.get(value="numb-saddle").question
    html = team["writer"].get(change_url(question)).content.decode()
    assert "What each answer leads to" in html and "Unused answers" in html


def test_pickers_show_a_signs_tier_and_an_answers_words(team):
    url = reverse("admin:autocomplete")
    params = {"app_label": "guide", "model_name": "rule", "field_name": "warning_sign", "term": "skin"}
    results = team["writer"].get(url, params).json()["results"]
    assert results and all(result["text"].startswith("[") for result in results)
    assert any(result["text"].startswith("[EMERGENCY]") for result in results)
    params = {"app_label": "guide", "model_name": "condition", "field_name": "options", "term": "numb"}
    results = team["writer"].get(url, params).json()["results"]
    assert results and all("(asked: " in result["text"] for result in results)


def test_citations_and_answers_are_only_edited_on_their_page(team):
    citation, option = Citation.objects.first(), AnswerOption.objects.first()
    for obj in (citation, option):
        url = reverse(f"admin:guide_{obj._meta.model_name}_change", args=[obj.pk])
        team["reviewer"].post(url, {"says": DRAFT, "label": DRAFT})
    assert Citation.objects.get(pk=citation.pk).says != DRAFT
    assert AnswerOption.objects.get(pk=option.pk).label != DRAFT


def test_during_a_preview_other_threads_see_the_live_version_and_no_cache_holds_the_draft(team, settings, monkeypatch):
    """While the preview's transaction holds the draft, what other threads share (the content version this
    process last read, the page cache) still names and holds only the live page. (Their own database
    connections cannot see the uncommitted draft; the Chromium test shows a reader meanwhile.)"""
    import threading

    from guide.governance import preview
    from pagecache import version

    settings.PAGECACHE_RECHECK_SECONDS = 3600  # other threads use the version this process last read
    treatment = nsaids()
    url = treatment.get_absolute_url()
    edit(team["writer"], treatment, summary=DRAFT)
    change = latest_change()
    public(url)  # the live page, stored under the live version
    live_token = version.current().token
    seen = {}
    render_page = preview._render_page

    def meanwhile(request, address):
        response = render_page(request, address)
        assert DRAFT in response.content.decode()  # inside the preview's transaction
        thread = threading.Thread(target=lambda: seen.update(token=version.current().token, cached=cached_text()))
        thread.start()
        thread.join()
        seen["inside"] = version.current().token
        return response

    monkeypatch.setattr(preview, "_render_page", meanwhile)
    html = team["reviewer"].get(reverse("admin:guide_changerequest_preview", args=[change.pk])).content.decode()
    assert DRAFT in html
    assert seen["inside"].startswith("preview-")  # the preview itself reads its own token
    assert seen["token"] == live_token  # every other thread: the live version
    assert treatment.summary in seen["cached"] and DRAFT not in seen["cached"]
    assert version.current().token == live_token and DRAFT not in cached_text()


def test_unpublishing_or_deleting_the_sites_own_country_is_refused_at_approval(team):
    uk = Country.objects.get(code="gb")
    edit(team["writer"], uk, published="")
    decide(team["reviewer"], latest_change(), "approve")
    assert latest_change().state == "waiting" and Country.objects.get(code="gb").published
    edit(team["writer"], Country.objects.get(code="us"), emergency_number="112")
    response = decide(team["reviewer"], latest_change(), "approve")
    assert any("must be 911" in str(m) for m in response.wsgi_request._messages)
