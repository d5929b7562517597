from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0008_key_messages_myths_flare_up_and_walking_plans"),
        ("guide", "0008_triage_v3_ambulance_waiting_groups"),
    ]

    operations = []
