"""JSON-LD for content pages, as nhs.uk publishes its own: a schema.org MedicalWebPage with its review date.

Each page says what it is about (the condition), when a clinician last reviewed it, who did when the
page names a reviewer (`reviewed_by`), and for a treatment, the therapy with the grade of its evidence
and the recommendation it rests on. Built from the view's context, so no view needs to change.
"""

from django.core.exceptions import DisallowedHost
from django.template import Context

SITE_NAME = "backcare"
CONDITION = {
    "@type": "MedicalCondition",
    "name": "Back spasm",
    "alternateName": ["Back muscle spasm", "Lower back pain"],
}


def absolute(request, path: str) -> str:
    try:
        return request.build_absolute_uri(path)
    except DisallowedHost:  # the 400 page for an unknown Host
        return path


def reviewer(page) -> dict | None:
    """schema.org's reviewedBy from the page's `reviewed_by`: a name, or an object with a name and a role."""
    who = getattr(page, "reviewed_by", None)
    if not who:
        return None
    if isinstance(who, str):
        return {"@type": "Person", "name": who}
    name = who.get("name") if isinstance(who, dict) else getattr(who, "name", "")
    role = who.get("role") if isinstance(who, dict) else getattr(who, "role", "")
    if not name:
        return None
    return {"@type": "Person", "name": str(name)} | ({"jobTitle": str(role)} if role else {})


def therapy(request, treatment) -> dict:
    return {
        "@type": "MedicalTherapy",
        "name": treatment.name,
        "description": treatment.summary,
        "url": absolute(request, treatment.get_absolute_url()),
        # schema.org's evidenceLevel takes levels A, B or C, which our grades do not map to: the grade and
        # the recommendation it rests on go in a guideline recommendation instead.
        "guideline": {
            "@type": "MedicalGuidelineRecommendation",
            "name": treatment.evidence_recommendation,
            "recommendationStrength": treatment.get_evidence_display(),
            "evidenceOrigin": treatment.evidence_summary,
        },
    }


def reviewed_thing(context: Context):
    """The page's main row (a treatment, a stretch, an article...) or its review dates, if it has either."""
    for name in ("treatment", "stretch", "article", "check", "statement"):
        if (page := context.get(name)) is not None and hasattr(page, "last_reviewed"):
            return name, page
    if (review := context.get("review")) is not None:
        return "review", review
    return None, None


def for_page(context: Context) -> dict | None:
    """The page's MedicalWebPage, or None for a page that is not content (a wizard step, an error)."""
    request = context.get("request")
    kind, page = reviewed_thing(context)
    if request is None or page is None:
        return None
    last_reviewed = page["last_reviewed"] if isinstance(page, dict) else page.last_reviewed
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "url": absolute(request, request.path),
        "inLanguage": "en-GB",
        "isPartOf": {"@type": "WebSite", "name": SITE_NAME, "url": absolute(request, "/")},
        "about": CONDITION,
        "lastReviewed": last_reviewed.isoformat(),
    }
    if kind == "statement":
        data["@type"] = "WebPage"
        data.pop("about")
    for attribute in ("name", "title"):
        if name := getattr(page, attribute, None):
            data["name"] = name
            break
    if who := reviewer(page):
        data["reviewedBy"] = who
    if kind == "treatment":
        data["mainEntity"] = therapy(request, page)
    return data
