"""The Moderators group: admin access, the queue (changing comments) and the audit log."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("comments", "change_comment"),
    ("comments", "view_comment"),
    ("moderation", "view_auditevent"),
    ("moderation", "view_verdict"),
    ("moderation", "add_ban"),
    ("moderation", "change_ban"),
    ("moderation", "view_ban"),
]


def create_group(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Moderators")
    for app_label, codename in PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            group.permissions.add(permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Moderators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
        ("comments", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
