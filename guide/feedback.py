"""Page feedback: the rules for what a reader may send, and the limit on how much.

The form sits on cached public pages, so it carries no CSRF token (a token would make every page
personal and uncacheable). Instead the endpoint refuses a post that a browser says came from another
site (Origin and Sec-Fetch-Site), which is what a CSRF token would stop; and a post changes nothing
for anyone, it only adds a row editors read.
"""

import re
import time
import unicodedata

from django import forms
from django.core.cache import cache
from django.http import HttpRequest
from django.urls import Resolver404, resolve

from guide.feedback_models import PageFeedback

MAX_TEXT = 500
# Per worker process, for all readers together: a flood is refused without knowing who sent it.
# Per-address limits belong at the edge (nginx limit_req on POSTs), which keeps no address in the app.
PER_MINUTE = 30
LINK = re.compile(r"(https?://|www\.|<\s*a\b|\[url|\.(com|net|org|ru|xyz|top|info)\b)", re.IGNORECASE)
# The pages feedback may be about: the public pages of the guide, by their view's name.
NOT_PAGES = {"guide:search", "guide:feedback", "guide:triage_answer", "guide:sitemap", "guide:robots"}


def public_page(path: str) -> bool:
    if not path.startswith("/") or "?" in path or "#" in path or len(path) > 200:
        return False
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name.startswith("guide:") and match.view_name not in NOT_PAGES


class FeedbackForm(forms.Form):
    page = forms.CharField(max_length=200)
    answer = forms.ChoiceField(choices=PageFeedback.Answer.choices)
    text = forms.CharField(
        required=False,
        max_length=MAX_TEXT,
        strip=True,
        error_messages={
            "max_length": f"Please keep it shorter: at most {MAX_TEXT} letters.",
            "null_characters_not_allowed": "Your message had characters we cannot read. Please type it again.",
        },
    )

    def clean_page(self):
        page = self.cleaned_data["page"]
        if not public_page(page):
            raise forms.ValidationError("We could not tell which page this was about.")
        return page

    def clean_text(self):
        text = self.cleaned_data["text"]
        if any(unicodedata.category(ch) in {"Cc", "Cf", "Co", "Cs"} and ch not in "\n\r\t" for ch in text):
            raise forms.ValidationError("Your message had characters we cannot read. Please type it again.")
        if LINK.search(text):
            raise forms.ValidationError("Please leave out web links. Say in words what is wrong.")
        return " ".join(text.split())

    def clean(self):
        data = super().clean()
        if data.get("answer") == PageFeedback.Answer.PROBLEM and not data.get("text"):
            self.add_error("text", "Say what is wrong with the page, in a sentence.")
        return data

    def save(self) -> PageFeedback:
        data = self.cleaned_data
        return PageFeedback.objects.create(page=data["page"], answer=data["answer"], text=data["text"])


def from_another_site(request: HttpRequest) -> bool:
    """True when the browser says this post came from another site's page."""
    site = request.headers.get("Sec-Fetch-Site")
    if site and site not in {"same-origin", "none"}:
        return True
    origin = request.headers.get("Origin")
    return bool(origin) and origin != f"{request.scheme}://{request.get_host()}"


def over_limit() -> bool:
    """Count this post in the current minute, for everyone together; True past PER_MINUTE."""
    key = f"feedback-minute:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        return cache.incr(key) > PER_MINUTE
    except ValueError:  # evicted between add and incr
        return False
