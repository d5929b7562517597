from django.urls import path

from guide import check_views, feedback_views, person_views, recovery_views, seo, statement_views, triage_views, views
from guide.governance import views as governance_views
from guide.models import MOVEMENT_GUIDES_SLUG
from guide.search.views import search_page
from guide.statement_models import STATEMENT_SLUGS

app_name = "guide"

urlpatterns = [
    path("", views.home, name="home"),
    path("treatments/", views.treatment_list, name="treatments"),
    path("treatments/<slug:slug>/", views.treatment_detail, name="treatment"),
    path("treatments/<slug:slug>/check/", check_views.medicine_check, name="medicine_check"),
    path("stretches/", views.stretch_list, name="stretches"),
    # Before stretches/<slug>/, which would otherwise take this address as a stretch's.
    path(f"stretches/{MOVEMENT_GUIDES_SLUG}/", views.movement_guides, name="movement_guides"),
    path(
        f"stretches/{MOVEMENT_GUIDES_SLUG}/<slug:slug>/<int:order>.svg",
        views.movement_step_drawing,
        name="movement_step_drawing",
    ),
    path("stretches/<slug:slug>/", views.stretch_detail, name="stretch"),
    path(
        "stretches/<slug:slug>/<str:position>.svg",
        views.stretch_illustration,
        name="stretch_illustration",
    ),
    path("warning-signs/", views.warning_signs, name="warning_signs"),
    path("warning-signs/card/", person_views.warning_card, name="warning_card"),
    path("emergency-numbers/", person_views.numbers, name="numbers"),
    path("about-back-spasms/", views.about, name="about"),
    path("back-pain-myths/", recovery_views.myths, name="myths"),
    path("flare-up-plan/", recovery_views.flare_up_plan, name="flare_up_plan"),
    path("walking-plan/", recovery_views.walking_plan, name="walking_plan"),
    path("walking-plan/<slug:slug>/calendar/", recovery_views.walking_calendar, name="walking_calendar"),
    path("sources/", views.sources, name="sources"),
    path("search/", search_page, name="search"),
    path("sitemap.xml", seo.sitemap_xml, {"sitemaps": seo.sitemaps()}, name="sitemap"),
    path("robots.txt", seo.robots_txt, name="robots"),
    path("feedback/", feedback_views.page_feedback, name="feedback"),
    *(
        path(f"{slug}/", statement_views.statement, {"slug": slug}, name=slug.replace("-", "_"))
        for slug in STATEMENT_SLUGS
    ),
    path("whats-changed/", governance_views.whats_changed, name="whats_changed"),
    path("whats-changed/feed/", governance_views.changes_feed, name="whats_changed_feed"),
    path("articles/<slug:slug>/", views.article, name="article"),
    path("triage/", triage_views.start, name="triage"),
    path("triage/answers/", triage_views.answer, name="triage_answer"),
    path("triage/how-we-test/", triage_views.testing, name="triage_testing"),
    path("triage/safety-case/", triage_views.safety_case_page, name="triage_safety_case"),
    path("triage/summary/", person_views.appointment_summary, name="triage_summary"),
    path("triage/check-ins/", person_views.check_in_calendar, name="triage_check_ins"),
]
