"""Deciding on a draft: approve it (a second person), send it back, or publish in an emergency (an administrator).

Approval writes the draft to the live tables in one transaction and checks, before it commits, that
the live page has not changed since the draft was written, that every country's emergency number is
on the checked list, and that the triage safety gate finds nothing newly unsafe. Any failure rolls
the whole approval back, and the reviewer is told why. The content-version signals bump the page
cache's version in the same transaction, so every cached page goes stale when it commits.
"""

import calendar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from guide import safety_gate
from guide.governance import graph
from guide.governance.models import ChangeRequest, name_of
from guide.governance.numbers import wrong_numbers

STALE = (
    "The live page has changed since this draft was written, so approving it would undo that change. "
    "Send it back, and ask the author to make the change again on the current page."
)


class Refused(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def can_approve(user, change: ChangeRequest) -> bool:
    return (
        change.state == ChangeRequest.State.WAITING
        and user.pk != change.author_id
        and user.has_perm("guide.approve_changerequest")
    )


def can_override(user, change: ChangeRequest) -> bool:
    return change.state == ChangeRequest.State.WAITING and user.has_perm("guide.publish_without_review")


def submit(*, model, obj_pk, action: str, proposed, base, note: str, author, label: str) -> ChangeRequest:
    return ChangeRequest.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_id=obj_pk,
        action=action,
        proposed=proposed,
        base=base,
        note=note.strip(),
        author=author,
        label=label[:300],
    )


def live_graph(change: ChangeRequest) -> dict | None:
    if change.object_id is None:
        return None
    obj = change.model._default_manager.filter(pk=change.object_id).first()
    return graph.graph_of(obj) if obj is not None else None


def is_stale(change: ChangeRequest) -> bool:
    return change.action != ChangeRequest.Action.ADD and live_graph(change) != change.base


def write(change: ChangeRequest, reason: str):
    """Apply the draft to the live tables (the caller holds the transaction). Returns the live row or None."""
    model = change.model
    if change.action == ChangeRequest.Action.DELETE:
        graph.delete(model, change.object_id, history_user=change.author, reason=reason)
        return None
    return graph.apply(
        model,
        change.proposed,
        change.base,
        new=change.action == ChangeRequest.Action.ADD,
        history_user=change.author,
        reason=reason,
    )


def publish(change: ChangeRequest, reviewer, *, comment: str = "", override_reason: str = "") -> ChangeRequest:
    """Make the draft live, or raise Refused with the reasons and leave everything as it was."""
    from guide.models import Country

    how = f"emergency override by {name_of(reviewer)}" if override_reason else f"approved by {name_of(reviewer)}"
    reason = f"{change.note} ({how})"
    try:
        with transaction.atomic():
            if is_stale(change):
                raise Refused([STALE])
            before = safety_gate.problems()
            obj = write(change, reason)
            problems = country_problems(obj) if change.model is Country else []
            after = safety_gate.problems()
            problems += [p for key, p in after.items() if key not in before or key == safety_gate.MISSING]
            if problems:
                raise Refused(problems)
            change.state = ChangeRequest.State.APPROVED
            change.reviewer = reviewer
            change.comment = comment
            change.override_reason = override_reason
            change.decided_at = timezone.now()
            if obj is not None:
                change.object_id = obj.pk
                change.public_url = _url_of(obj)
            change.save()
    except Refused:
        raise
    return change


def country_problems(country) -> list[str]:
    """A country's emergency number must be on the checked list; the deployment's own must stay published."""
    from guide.models import Country

    problems = wrong_numbers([country]) if country is not None and country.published else []
    if not Country.objects.published().filter(code=settings.BACKCARE_COUNTRY).exists():
        problems.append(
            f"The site's own country (“{settings.BACKCARE_COUNTRY}”) must stay published: every page shows "
            "its numbers to people who have not chosen a country."
        )
    return problems


def _url_of(obj) -> str:
    try:
        return obj.get_absolute_url()
    except Exception:  # a part with no page of its own (a check-in, a screen): listed without a link
        return ""


def approve(change: ChangeRequest, reviewer, comment: str = "") -> ChangeRequest:
    if reviewer.pk == change.author_id:
        raise Refused(["You wrote this change, so someone else must approve it."])
    if not reviewer.has_perm("guide.approve_changerequest"):
        raise Refused(["Only a clinical reviewer can approve a change."])
    if change.state != ChangeRequest.State.WAITING:
        raise Refused([f"This change is not waiting for review: it is {change.get_state_display().lower()}."])
    return publish(change, reviewer, comment=comment)


def override(change: ChangeRequest, administrator, reason: str) -> ChangeRequest:
    if not administrator.has_perm("guide.publish_without_review"):
        raise Refused(["Only an administrator can publish without a second person."])
    if not reason.strip():
        raise Refused(["Say why this cannot wait for a second person. The reason is kept and shown."])
    if change.state != ChangeRequest.State.WAITING:
        raise Refused([f"This change is not waiting for review: it is {change.get_state_display().lower()}."])
    return publish(change, administrator, override_reason=reason.strip())


def send_back(change: ChangeRequest, reviewer, comment: str) -> ChangeRequest:
    if reviewer.pk == change.author_id or not reviewer.has_perm("guide.approve_changerequest"):
        raise Refused(["Only a clinical reviewer who did not write it can send a change back."])
    if not comment.strip():
        raise Refused(["Say what needs to change, so the author can fix it."])
    if change.state != ChangeRequest.State.WAITING:
        raise Refused([f"This change is not waiting for review: it is {change.get_state_display().lower()}."])
    change.state = ChangeRequest.State.SENT_BACK
    change.reviewer, change.comment, change.decided_at = reviewer, comment.strip(), timezone.now()
    change.save()
    return change


def withdraw(change: ChangeRequest, user) -> ChangeRequest:
    if user.pk != change.author_id or change.state not in {ChangeRequest.State.WAITING, ChangeRequest.State.SENT_BACK}:
        raise Refused(["Only its author can withdraw a change that is not yet live."])
    change.state = ChangeRequest.State.WITHDRAWN
    change.save()
    return change


def mark_reviewed(page, reviewer, today=None, months: int = 12) -> ChangeRequest:
    """A clinical reviewer checked the live page and it needs no change: record who, and move the dates on.

    Only the two review dates change, so no second person is needed; it is kept as an approved change
    ("Reviewed, no change needed") so the page shows who reviewed it and when.
    """
    if not reviewer.has_perm("guide.approve_changerequest"):
        raise Refused(["Only a clinical reviewer can mark a page reviewed."])
    today = today or timezone.localdate()
    base = graph.graph_of(page)
    fields = base["object"]["fields"] | {
        "last_reviewed": today.isoformat(),
        "next_review_due": _months_later(today, months).isoformat(),
    }
    change = submit(
        model=type(page),
        obj_pk=page.pk,
        action=ChangeRequest.Action.CHANGE,
        proposed=base | {"object": base["object"] | {"fields": fields}},
        base=base,
        note="Reviewed, no change needed",
        author=reviewer,
        label=str(page),
    )
    return publish(change, reviewer)


def _months_later(day, months: int):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
