"""The social and broad health themes of seed 003 (chronic illness, psychological difficulties,
parenthood, sexual orientation and gender identity), added to installed thesauruses.

Only these codes, and only where they are not there yet: themes already installed belong
to the national coordinator, who edits them in the application. A new installation has
them already (0003 reads the same file).
"""

from django.db import migrations

SEED_003_CODES = frozenset(
    {"chronic-illness", "psychological-difficulties", "parenthood", "sexual-orientation-gender-identity"}
)


def load(apps, schema_editor):
    from entraide.directory.thesaurus import load_themes, read_themes

    entries = [entry for entry in read_themes() if entry["code"] in SEED_003_CODES]
    load_themes(apps.get_model("directory", "Theme"), apps.get_model("directory", "ThemeTerm"), entries)


class Migration(migrations.Migration):
    dependencies = [("directory", "0014_contact_request_to_centres")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
