import healinghaven.models
from django.db import migrations, models


def rows_to_days(apps, schema_editor):
    """One row per weekday becomes one row per set of hours: Monday – Friday in one."""
    OpeningHours = apps.get_model("healinghaven", "OpeningHours")
    kept = {}
    for row in OpeningHours.objects.order_by("sort_order", "pk"):
        key = (row.settings_id, row.opens, row.closes)
        if key in kept:
            kept[key].weekdays.append(row.weekday)
            row.delete()
        else:
            row.weekdays = [row.weekday]
            kept[key] = row
    for row in kept.values():
        row.weekdays.sort()
        row.save(update_fields=["weekdays"])


def days_to_rows(apps, schema_editor):
    OpeningHours = apps.get_model("healinghaven", "OpeningHours")
    for row in OpeningHours.objects.all():
        first, *others = row.weekdays or [0]
        for day in others:
            OpeningHours.objects.create(
                settings_id=row.settings_id, weekday=day, opens=row.opens, closes=row.closes
            )
        row.weekday = first
        row.save(update_fields=["weekday"])


class Migration(migrations.Migration):
    dependencies = [
        ("healinghaven", "0010_video_block_and_accessibility_page"),
    ]

    operations = [
        migrations.AddField(
            model_name="openinghours",
            name="weekdays",
            field=healinghaven.models.WeekdaysField(
                default=list, help_text="The days with these hours.", verbose_name="days"
            ),
        ),
        migrations.AlterField(
            model_name="openinghours",
            name="weekday",
            field=models.PositiveSmallIntegerField(default=0),  # lets it be undone
        ),
        migrations.RunPython(rows_to_days, days_to_rows),
        migrations.RemoveField(model_name="openinghours", name="weekday"),
    ]
