"""The groups "Writers", "Clinical reviewers" and "Administrators", with the permissions each needs."""

from django.db import migrations

from guide.governance.roles import create_groups


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0010_governance_drafts_and_profiles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("axes", "0010_accessattemptexpiration"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
