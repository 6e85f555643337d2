"""The initial themes thesaurus (data/themes.json): every installation starts with it."""

from django.db import migrations


def load(apps, schema_editor):
    from entraide.directory.thesaurus import load_themes, read_themes

    load_themes(apps.get_model("directory", "Theme"), apps.get_model("directory", "ThemeTerm"), read_themes())


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_contact_request")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
