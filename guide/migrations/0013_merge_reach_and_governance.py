"""Joins issue 21's migrations (search, feedback, statements) and issue 24's (drafts, roles): no change."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0011_governance_roles"),
        ("guide", "0012_reach_statements"),
    ]

    operations = []
