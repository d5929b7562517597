"""The clinical review's corrections (issue 10), each guarded against coming back.

Findings 3, 4, 5, 10, 17 and the warning signs' part of 18 belong to the triage wizard's rewrite;
every other finding has a test here, named by its number. They read the shipped fixtures, and the
pages as a person sees them where the wording on the page is what matters.
"""

import re
from html import unescape

from django.test import TestCase
from django.urls import reverse

from guide.country_words import fill
from guide.models import Article, Citation, ConditionFact, Country, MedicineCheck, Source, Stretch, Treatment
from tests.conftest import FIXTURES
from tests.reading import visible_text
from tests.test_fixtures import SEEDS


def treatment(slug: str) -> Treatment:
    return Treatment.objects.get(slug=slug)


def own_text(slug: str) -> str:
    """A treatment's own words, as its page shows them (the sources' words are checked separately)."""
    t = treatment(slug)
    return " ".join([t.name, t.summary, t.what_it_is, t.how_to, t.when, t.cautions, t.evidence_summary])


def page_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return visible_text(response.content.decode())


def stance(source: str, slug: str) -> str:
    return Citation.objects.get(source__slug=source, treatment__slug=slug).stance


SIX = ["paracetamol", "opioids", "antidepressants", "tens", "ultrasound-therapy", "acupuncture"]


# Finding 20: a word a reader may not know is explained on every page that uses it.
JARGON = {
    "sciatica": ["down the leg", "down one leg", 'href="/articles/sciatica/"'],
    "spinal fusion": ["joins bones of the spine"],
    "weak opioid": ["milder than strong opioids"],
    "manual therapy": ["hands-on"],
    "muscle release": ["loosen a tight muscle"],
}


def public_urls() -> list[str]:
    urls = [reverse(f"guide:{name}") for name in ["home", "about", "sources", "warning_signs", "movement_guides"]]
    urls += [reverse(f"guide:{name}") for name in ["myths", "flare_up_plan", "walking_plan"]]  # issue 20
    for model in [Treatment, Stretch, Article, MedicineCheck]:
        urls += [page.get_absolute_url() for page in model.objects.published()]
    return urls


SEED_NUMBER = re.compile(r"\b(web articles?|seeds?) \d{3}\b", re.IGNORECASE)


class ClinicalReviewTests(TestCase):
    """Read-only checks of the shipped content, loaded once for the class: a load takes seconds."""

    fixtures = FIXTURES

    def test_1_nsaids_say_who_must_ask_a_pharmacist_first(self):
        cautions = treatment("nsaids").cautions
        for who in [
            "asthma",
            "65 or over",
            "blood thinner",
            "low-dose aspirin",
            "liver",
            "kidney",
            "heart",
            "high blood pressure",
            "stroke",
            "pregnant",
            "breastfeeding",
            "pharmacist",
        ]:
            assert who in cautions, who
        assert Citation.objects.filter(treatment__slug="nsaids", source__slug="nhs-nsaids").exists()

    def test_2_diazepam_and_opioids_warn_about_each_other_and_addiction(self):
        relaxants, opioids = treatment("muscle-relaxants").cautions, treatment("opioids").cautions
        assert re.search(r"diazepam with codeine or another opioid.*slow your breathing", relaxants, re.S)
        assert re.search(r"opioid with diazepam.*slow your breathing", opioids, re.S)
        assert "addictive" in relaxants and "addictive" in opioids
        for slug in ["muscle-relaxants", "opioids"]:
            assert stance("mhra-benzodiazepines-opioids", slug) == Citation.Stance.CAUTIONS
        assert Citation.objects.filter(treatment__slug="opioids", source__slug="mhra-opioids-addiction").exists()
        assert Citation.objects.filter(treatment__slug="muscle-relaxants", source__slug="nhs-diazepam").exists()

    def test_6_codeine_is_a_weak_opioid_and_pharmacy_co_codamol_is_for_3_days(self):
        text = own_text("opioids")
        assert "hydrocodone" not in text.lower()
        assert "strong painkiller" not in text.lower()
        assert "Codeine is a weak opioid" in text
        assert "do not take it for more than 3 days" in treatment("opioids").when
        assert Citation.objects.filter(treatment__slug="opioids", source__slug="nhs-co-codamol").exists()
        # The seed that names hydrocodone is corrected where it is quoted.
        assert (
            "not used in the UK" in Citation.objects.get(treatment__slug="opioids", source__slug="seed-002").correction
        )

    def test_7_muscle_relaxant_evidence_says_what_it_is_about(self):
        summary = treatment("muscle-relaxants").evidence_summary
        assert "not used for back pain in the UK" in summary
        assert "very little evidence on diazepam" in summary

    def test_8_heat_has_moderate_evidence_of_a_small_short_term_benefit(self):
        heat = treatment("moist-heat")
        assert "good evidence" not in own_text("moist-heat")
        assert "moderate evidence that heat eases back pain a little, for a short time" in heat.what_it_is
        corrections = Citation.objects.filter(treatment__slug__in=["moist-heat", "ice-pack", "hot-cold-shower"])
        assert not corrections.filter(correction__icontains="good evidence").exists()

    def test_9_a_guideline_that_advises_against_a_treatment_supports_its_page(self):
        for slug in SIX:
            cited = Citation.objects.filter(treatment__slug=slug, source__kind__in=["guideline", "systematic-review"])
            assert cited.exists(), slug
            assert not cited.filter(stance=Citation.Stance.DISAGREES).exists(), slug

    def test_9_disagrees_means_a_source_current_guidance_does_not_support(self):
        help_text = Citation._meta.get_field("stance").help_text
        assert "A guideline that advises against a treatment supports a page that says not to use it." in help_text
        assert "Disagrees: the source says something that current guidance does not support." in help_text
        # Every "disagrees" is a web article or organisation, and says what is right instead.
        disagreeing = Citation.objects.filter(stance=Citation.Stance.DISAGREES)
        assert set(disagreeing.values_list("source__kind", flat=True)) <= {"web-article", "organisation"}
        assert not disagreeing.filter(correction="").exists()

    def test_11_exercise_is_not_oversold_for_new_pain(self):
        exercise = treatment("exercise-and-stretching")
        assert "more strongly than almost any other treatment" not in exercise.what_it_is
        assert "For new back pain, keeping active matters most." in exercise.what_it_is
        assert "consider a group exercise programme" in exercise.evidence_summary

    def test_12_surgery_is_not_graded_as_an_option_for_a_spasm(self):
        surgery = treatment("surgery")
        assert surgery.evidence == Treatment.Evidence.NOT_RECOMMENDED
        assert "Surgery is not a treatment for a back spasm." in surgery.evidence_summary
        assert "only for sciatica, when scans match the symptoms" in surgery.evidence_summary
        assert "against spinal fusion" in surgery.evidence_summary and "research trials" in surgery.evidence_summary

    def test_13_after_a_fall_or_knock_with_bruising_use_ice_not_heat_for_2_days(self):
        for slug in ["moist-heat", "ice-pack"]:
            when = treatment(slug).when
            assert "fall or knock" in when and "ice, not heat, for the first 2 days" in when, slug
        assert stance("nhs-sprains-strains", "moist-heat") == Citation.Stance.CAUTIONS

    def test_14_finger_pressure_never_says_press_harder(self):
        pressure = treatment("finger-pressure")
        assert "press harder" not in own_text("finger-pressure").lower()
        assert "keep the pressure steady" in pressure.how_to
        assert "Stop if pressing makes the pain worse." in pressure.when
        # The seed that says "press harder" is shown, with what to do instead.
        seed = Citation.objects.get(treatment__slug="finger-pressure", source__slug="seed-001")
        assert "press harder" in seed.says and "keep the pressure steady" in seed.correction

    def test_15_no_day_or_two_in_bed_and_nice_is_not_cited_for_bed_rest(self):
        cautions = treatment("stay-active").cautions
        assert "day or two" not in cautions
        assert cautions.startswith("Do not stay in bed for long.")
        for citation in Citation.objects.filter(treatment__slug="stay-active"):
            if "bed" in citation.correction:
                assert "NICE" not in citation.correction, citation
                assert "Cochrane" in citation.correction or "NHS" in citation.correction, citation
        assert (
            "does not give advice about bed rest"
            in Citation.objects.get(treatment__slug="stay-active", source__slug="nice-ng59").says
        )
        assert stance("cochrane-bed-rest-2010", "stay-active") == Citation.Stance.SUPPORTS

    def test_16_paracetamol_gives_its_limits(self):
        cautions = treatment("paracetamol").cautions
        for limit in ["2 tablets of 500 mg", "4 doses in 24 hours", "at least 4 hours between doses"]:
            assert limit in cautions, limit
        assert "liver problems, drink a lot of alcohol, or weigh under 50 kg" in cautions
        assert Citation.objects.filter(treatment__slug="paracetamol", source__slug="nhs-paracetamol").exists()

    def test_18_one_leg_is_cited_to_sources_that_say_it(self):
        fact = ConditionFact.objects.get(slug="leg-numbness-weakness")
        sources = set(fact.citations.values_list("source__slug", flat=True))
        assert "nhs-back-pain" not in sources
        assert {"nhs-sciatica", "jensen-2019"} <= sources
        # New weakness is for today; numbness that is not getting worse can go to a GP.
        assert "If your foot is weak, so it drags or trips you, get help the same day." in fact.explanation
        in_the_uk = fill(fact.explanation, Country.objects.get(code="gb"), links=False)  # {gp}: each country's word
        assert "If the numbness is not getting worse, see a GP" in in_the_uk

    def test_19_seed_000s_ice_on_the_surrounding_muscles(self):
        assert "try it on the muscles around the sore spot" in treatment("ice-pack").how_to
        assert "surrounding muscles" in Citation.objects.get(treatment__slug="ice-pack", source__slug="seed-000").says

    def test_19_seed_002s_compression_and_nices_no_belts_or_corsets(self):
        supports = treatment("back-supports")
        assert supports.published and supports.evidence == Treatment.Evidence.NOT_RECOMMENDED
        assert supports.evidence_recommendation == "NICE NG59 1.2.3"
        seed = Citation.objects.get(treatment=supports, source__slug="seed-002")
        assert "compression" in seed.says and seed.stance == Citation.Stance.DISAGREES

    def test_19_seed_002s_try_another_nsaid_in_the_same_family(self):
        assert (
            "If one NSAID does not suit you, ask a pharmacist or GP about trying another." in treatment("nsaids").how_to
        )
        assert "try a different one" in Citation.objects.get(treatment__slug="nsaids", source__slug="seed-002").says

    def test_19_both_shower_timings_are_shown_and_attributed(self):
        text = page_text(self.client, reverse("guide:treatment", args=["hot-cold-shower"]))
        assert "“Lower back spasm treatment” suggests 2 to 3 minutes of warm water, then 30 seconds of cool." in text
        assert "“Back spasm treatments” says switch every 30 seconds." in text
        for seed in ["seed-001", "seed-004"]:
            assert Citation.objects.filter(treatment__slug="hot-cold-shower", source__slug=seed).exists()

    def test_20_jargon_is_explained_on_every_page_that_uses_it(self):
        unexplained = []
        for url in public_urls():
            html = self.client.get(url).content.decode()
            text = visible_text(html).lower()
            for term, explanations in JARGON.items():
                if term in text and not any(e.lower() in text or e in html for e in explanations):
                    unexplained.append(f"{url}: {term}")
        assert unexplained == []

    def test_20_grade_words_and_the_bodies_quoted_are_explained_beside_every_grade(self):
        for t in Treatment.objects.published():
            html = self.client.get(t.get_absolute_url()).content.decode()
            glossary = html[html.index('<details class="glossary">') :]
            glossary = visible_text(glossary[: glossary.index("</details>")])
            for label in Treatment.Evidence.labels:
                assert label in glossary, (t.slug, label)
            for name in ["NICE", "ACP", "Cochrane review"]:
                assert name in glossary, (t.slug, name)

    def test_20_seed_sources_are_named_by_their_titles_never_by_number(self):
        for slug in SEEDS:
            source = Source.objects.get(slug=slug)
            assert source.short_name == source.title
        named_by_number = [url for url in public_urls() if SEED_NUMBER.search(page_text(self.client, url))]
        assert named_by_number == []
        sources_page = page_text(self.client, reverse("guide:sources"))
        assert "How to Treat a Back Spasm at Home" in sources_page
        ice = page_text(self.client, reverse("guide:treatment", args=["ice-pack"]))
        assert "Disagrees “How to Treat a Back Spasm at Home” : Says" in ice

    def test_every_grade_names_the_recommendation_it_rests_on(self):
        for t in Treatment.objects.published().select_related("evidence_source"):
            recommendation = t.evidence_recommendation
            if t.evidence == Treatment.Evidence.UNPROVEN:
                assert recommendation.startswith("None ("), t.slug
            else:
                numbered = re.escape(t.evidence_source.short_name) + r" (\d+\.\d+\.\d+|recommendation \d)"
                assert re.search(numbered, recommendation), t.slug
            html = self.client.get(t.get_absolute_url()).content.decode()
            assert f"<span data-recommendation>{recommendation}</span>" in unescape(html), t.slug
        assert treatment("acupuncture").evidence_recommendation.startswith("NICE NG59 1.2.8")
        assert treatment("nsaids").evidence_recommendation.startswith("NICE NG59 1.2.16")
        assert treatment("paracetamol").evidence_recommendation == "NICE NG59 1.2.20"
        assert treatment("moist-heat").evidence_recommendation == "ACP 2017 recommendation 1"
