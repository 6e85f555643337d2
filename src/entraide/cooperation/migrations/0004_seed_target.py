"""Seed 000's national target, 80 units in cooperation by the end of 2025, now as data.

Existing installs keep the figure they showed; the national office changes it or
adds the next targets on the monitoring's targets page.
"""

from datetime import date

from django.db import migrations


def seed_target(apps, schema_editor):  # type: ignore[no-untyped-def]
    target = apps.get_model("cooperation", "CooperationTarget")
    target.objects.get_or_create(
        counts="units",
        due_on=date(2025, 12, 31),
        defaults={"value": 80},
    )


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0003_target")]

    operations = [migrations.RunPython(seed_target, migrations.RunPython.noop)]
