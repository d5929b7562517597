"""What the admin shows so the symptom checker can be edited as one thing (editor review, items 5 and 6).

A warning sign is what the person reads. An answer is what they tick. A rule says which answers lead
to which sign, and so to which tier. These helpers show each piece beside the others.
"""

from django.urls import reverse
from django.utils.html import format_html, format_html_join

EXPLAINED = (
    "How the symptom checker fits together: a warning sign is what the person reads, with its urgency "
    "(the tier). An answer is what they tick, inside a question. A rule says which answers lead to which "
    "warning sign. A sign does nothing until a rule uses it."
)


def tier_label(sign) -> str:
    return sign.get_urgency_display().split(":")[0].upper()


def rules_using(sign) -> str:
    rules = sign.rules.prefetch_related("conditions__options__question").order_by("order", "slug")
    if not rules:
        return "No rule uses this sign yet, so the symptom checker never gives it. Add a rule that does."
    items = []
    for rule in rules:
        needs = " and ".join(
            "(" + " or ".join(f"“{option.label}”" for option in condition.options.all()) + ")"
            for condition in rule.conditions.all()
        )
        url = reverse("admin:guide_rule_change", args=[rule.pk])
        items.append((url, rule.name, "" if rule.published else " (not published)", needs or "no conditions"))
    return format_html("<ul>{}</ul>", format_html_join("", '<li><a href="{}">{}</a>{}: when {}</li>', items))


def unused_answers(question) -> str:
    unused = [
        option
        for option in question.options.all()
        if not option.conditions.exists() and not option.routes.exists() and not option.follow_ups.exists()
    ]
    if not unused:
        return "Every answer is used by a rule, a route or a follow-up question."
    return format_html(
        "No rule, route or follow-up uses these answers, so ticking them changes nothing on the result:<ul>{}</ul>",
        format_html_join("", "<li>{}</li>", ((option.label,) for option in unused)),
    )


def answers_and_uses(question) -> str:
    rows = []
    for option in question.options.all():
        rules = [
            f"{condition.rule.name} ({tier_label(condition.rule.warning_sign)})"
            for condition in option.conditions.select_related("rule__warning_sign")
        ]
        routes = [route.name for route in option.routes.all()]
        rows.append((option.label, "; ".join(rules + routes) or "nothing"))
    return format_html(
        "<table><thead><tr><th>Answer</th><th>Used by</th></tr></thead><tbody>{}</tbody></table>",
        format_html_join("", "<tr><td>{}</td><td>{}</td></tr>", rows),
    )
