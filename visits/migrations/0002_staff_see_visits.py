"""Editors and Administrators (healinghaven 0004) may see the visits report."""

from django.db import migrations

GROUPS = ["Editors", "Administrators"]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="visits", model="pageviews")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_pageviews",
        defaults={"name": "Can view page views of a day"},
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="visits", codename="view_pageviews").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0001_daily_totals"),
        ("healinghaven", "0004_staff_groups_and_post_review"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
