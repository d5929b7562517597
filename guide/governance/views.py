"""The public "What's changed" page and its Atom feed: every approved change, newest first, with its note."""

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from guide.governance.models import ChangeRequest
from guide.views import render_page
from pagecache.decorators import cached_until_edited

SHOWN = 100


def public_changes():
    return ChangeRequest.objects.public_log()[:SHOWN]


@require_safe
@cached_until_edited
def whats_changed(request: HttpRequest) -> HttpResponse:
    return render_page(request, "guide/whats_changed.html", {"changes": public_changes()})


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    title = "backcare: what's changed"
    subtitle = "Every change to the guide, once a clinical reviewer has approved it."
    link = reverse_lazy("guide:whats_changed")

    def items(self):
        return public_changes()

    def item_title(self, item: ChangeRequest) -> str:
        return f"{item.label}: {item.note}"

    def item_description(self, item: ChangeRequest) -> str:
        return item.note

    def item_link(self, item: ChangeRequest) -> str:
        return item.public_url or reverse("guide:whats_changed") + f"#change-{item.pk}"

    def item_guid(self, item: ChangeRequest) -> str:
        return f"backcare-change-{item.pk}"

    item_guid_is_permalink = False

    def item_updateddate(self, item: ChangeRequest):
        return item.decided_at

    def item_pubdate(self, item: ChangeRequest):
        return item.decided_at


changes_feed = require_safe(cached_until_edited(ChangesFeed()))
