"""The three groups the project ships with, and exactly the permissions each needs.

- Writers draft changes to any page: every change they save waits for a clinical reviewer.
- Clinical reviewers do the same, and approve or send back other people's changes.
- Administrators look after people (accounts, groups, profiles, second factors, lock-outs) and can
  publish in an emergency without a second person, with a reason that is kept and shown.

Created by migration 0011; `manage.py start` puts the local admin in Administrators.
"""

WRITERS = "Writers"
CLINICAL_REVIEWERS = "Clinical reviewers"
ADMINISTRATORS = "Administrators"

GOVERNANCE_MODELS = {"changerequest", "profile"}
EDIT = ("view", "add", "change", "delete")


def content_models(apps) -> list:
    """Every guide model editors work on: all but the drafts, the profiles and the revisions."""
    return [
        model
        for model in apps.get_app_config("guide").get_models()
        if model._meta.model_name not in GOVERNANCE_MODELS and not model._meta.model_name.startswith("historical")
    ]


def permissions_by_group(apps) -> dict[str, set[tuple[str, str]]]:
    """(app label, codename) for each group."""
    content = {("guide", f"{action}_{model._meta.model_name}") for model in content_models(apps) for action in EDIT}
    writers = content | {("guide", "view_changerequest"), ("guide", "view_profile")}
    reviewers = writers | {("guide", "approve_changerequest")}
    people = {
        *(("auth", f"{action}_{model}") for model in ("user", "group") for action in EDIT),
        *(("guide", f"{action}_profile") for action in EDIT),
        ("otp_totp", "view_totpdevice"),
        ("otp_totp", "delete_totpdevice"),
        *(
            ("axes", f"{action}_{model}")
            for model in ("accessattempt", "accessfailurelog")
            for action in ("view", "delete")
        ),
        ("axes", "view_accesslog"),
    }
    administrators = writers | people | {("guide", "publish_without_review")}
    return {WRITERS: writers, CLINICAL_REVIEWERS: reviewers, ADMINISTRATORS: administrators}


def create_groups(apps, schema_editor=None) -> None:
    """The migration: on a fresh database, permissions are only made after all migrations, so make them first."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    set_permissions(apps)


def keep_groups(sender, **kwargs) -> None:
    """After every migrate (and a test database's flush): the groups exist, and new models join them."""
    from django.apps import apps

    set_permissions(apps)


def set_permissions(apps) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in permissions_by_group(apps).items():
        group, _ = Group.objects.get_or_create(name=name)
        found = [
            permission
            for app_label, codename in sorted(wanted)
            if (permission := Permission.objects.filter(content_type__app_label=app_label, codename=codename).first())
        ]
        group.permissions.set(found)
