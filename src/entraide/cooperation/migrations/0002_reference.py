from django.db import migrations

from entraide.cooperation.reference import load_reference


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0001_initial")]

    operations = [migrations.RunPython(load_reference, migrations.RunPython.noop)]
