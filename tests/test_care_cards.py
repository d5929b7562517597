"""Home and the warning signs, as rendered: what works first, and care cards that say each thing once."""

import html as markup
import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from guide import countries, country_words
from guide.models import TierAdvice, WarningSign


@pytest.fixture(autouse=True)
def guide(loaded_guide, db):
    """The real guide, loaded once for the module."""


def text(html: str) -> str:
    return markup.unescape(" ".join(re.sub(r"<[^>]+>", " ", html).split()))


def test_home_lists_what_to_do_now_best_evidenced_first(client):
    html = client.get(reverse("guide:home")).content.decode()
    actions = re.findall(r'<li>([^<]+) <a href="([^"]+)"', html.split('id="right-now-heading"')[1])
    assert [href for _, href in actions[:3]] == [
        "/treatments/stay-active/",
        "/treatments/moist-heat/",
        "/treatments/nsaids/check/",  # a medicine's safety check comes before how to take it
    ]
    assert actions[3][1] == "/treatments/resting-positions/"


def test_home_has_a_care_card_per_tier_with_the_emergency_one_first(client):
    html = client.get(reverse("guide:home")).content.decode()
    assert re.findall(r'data-care-card="([\w-]+)"', html) == ["emergency", "urgent", "gp"]
    assert 'href="tel:999"' in html and 'href="tel:111"' in html
    assert 'href="https://111.nhs.uk/"' in html and 'href="https://www.nhs.uk/service-search/find-a-gp"' in html


def test_each_sign_is_one_bullet_and_each_card_shares_one_line_of_advice(client):
    html = client.get(reverse("guide:warning_signs")).content.decode()
    cards = dict(re.findall(r'data-care-card="([\w-]+)">(.*?)</section>', html, re.DOTALL))
    assert list(cards) == ["emergency", "urgent", "gp"]
    for tier, card in cards.items():
        bullets = re.findall(r'<li id="([\w-]+)">([^<]+)</li>', card)
        signs = WarningSign.objects.published().filter(urgency=tier)
        assert bullets == [(sign.slug, sign.in_brief) for sign in signs]
        home = countries.deployment_default(countries.published())
        lead = country_words.fill(TierAdvice.objects.get(tier=tier).lead_for(signs), home, links=False)
        assert card.count(f'<p class="care-card-lead">{escape(lead)}</p>') == 1
        # Each sign's own advice is there once, folded under the bullets.
        folded = card.split('class="fold sign-details"')[1]
        for sign in signs:
            advice = country_words.fill(sign.advice.split("\n\n")[-1], home, links=False)
            assert text(folded).count(text(advice)) >= 1
    # Advice that signs share is said once, for all of them.
    assert text(html).count("The nerves at the bottom of the spine may be squashed.") == 1


def test_the_999_card_tells_people_to_call_for_an_ambulance_never_to_get_a_lift(client):
    """Clinical review N1: the card lists chest pain and a serious accident, which need an ambulance."""
    card = client.get(reverse("guide:warning_signs")).content.decode().split('data-care-card="emergency"')[1]
    lead = text(card.split('class="care-card-lead">')[1].split("</p>")[0])
    assert lead == "Ask for an ambulance. Do not go to hospital by car, even if someone can take you."
    assert "if someone can take you." not in lead.replace("even if someone can take you.", "")
