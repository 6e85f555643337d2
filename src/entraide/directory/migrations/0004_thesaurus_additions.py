"""Themes added to data/themes.json after 0003 (the thesaurus grew to about 290 themes).

Only codes that are not there yet are added: themes already installed belong
to the national coordinator, who edits them in the application.
"""

from django.db import migrations


def load(apps, schema_editor):
    from entraide.directory.thesaurus import load_themes, read_themes

    load_themes(apps.get_model("directory", "Theme"), apps.get_model("directory", "ThemeTerm"), read_themes())


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_load_thesaurus")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
