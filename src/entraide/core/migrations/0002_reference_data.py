"""The 26 cantons and the languages: reference data that every installation needs."""

from django.db import migrations

LANGUAGES = [
    # code, fr, de, it, en, interface, national
    ("fr", "français", "Französisch", "francese", "French", True, True),
    ("de", "allemand", "Deutsch", "tedesco", "German", True, True),
    ("it", "italien", "Italienisch", "italiano", "Italian", True, True),
    ("rm", "romanche", "Rätoromanisch", "romancio", "Romansh", False, True),
    ("en", "anglais", "Englisch", "inglese", "English", True, False),
]

# Official codes in the order of the Federal Constitution, names in fr/de/it/en,
# official languages of the canton.
CANTONS = [
    ("ZH", "Zurich", "Zürich", "Zurigo", "Zurich", "de"),
    ("BE", "Berne", "Bern", "Berna", "Bern", "de fr"),
    ("LU", "Lucerne", "Luzern", "Lucerna", "Lucerne", "de"),
    ("UR", "Uri", "Uri", "Uri", "Uri", "de"),
    ("SZ", "Schwytz", "Schwyz", "Svitto", "Schwyz", "de"),
    ("OW", "Obwald", "Obwalden", "Obvaldo", "Obwalden", "de"),
    ("NW", "Nidwald", "Nidwalden", "Nidvaldo", "Nidwalden", "de"),
    ("GL", "Glaris", "Glarus", "Glarona", "Glarus", "de"),
    ("ZG", "Zoug", "Zug", "Zugo", "Zug", "de"),
    ("FR", "Fribourg", "Freiburg", "Friburgo", "Fribourg", "fr de"),
    ("SO", "Soleure", "Solothurn", "Soletta", "Solothurn", "de"),
    ("BS", "Bâle-Ville", "Basel-Stadt", "Basilea Città", "Basel-Stadt", "de"),
    ("BL", "Bâle-Campagne", "Basel-Landschaft", "Basilea Campagna", "Basel-Landschaft", "de"),
    ("SH", "Schaffhouse", "Schaffhausen", "Sciaffusa", "Schaffhausen", "de"),
    ("AR", "Appenzell Rhodes-Extérieures", "Appenzell Ausserrhoden", "Appenzello Esterno", "Appenzell Ausserrhoden", "de"),
    ("AI", "Appenzell Rhodes-Intérieures", "Appenzell Innerrhoden", "Appenzello Interno", "Appenzell Innerrhoden", "de"),
    ("SG", "Saint-Gall", "St. Gallen", "San Gallo", "St. Gallen", "de"),
    ("GR", "Grisons", "Graubünden", "Grigioni", "Grisons", "de rm it"),
    ("AG", "Argovie", "Aargau", "Argovia", "Aargau", "de"),
    ("TG", "Thurgovie", "Thurgau", "Turgovia", "Thurgau", "de"),
    ("TI", "Tessin", "Tessin", "Ticino", "Ticino", "it"),
    ("VD", "Vaud", "Waadt", "Vaud", "Vaud", "fr"),
    ("VS", "Valais", "Wallis", "Vallese", "Valais", "fr de"),
    ("NE", "Neuchâtel", "Neuenburg", "Neuchâtel", "Neuchâtel", "fr"),
    ("GE", "Genève", "Genf", "Ginevra", "Geneva", "fr"),
    ("JU", "Jura", "Jura", "Giura", "Jura", "fr"),
]


def load(apps, schema_editor):
    Language = apps.get_model("core", "Language")
    Canton = apps.get_model("core", "Canton")
    for position, (code, fr, de, it, en, interface, national) in enumerate(LANGUAGES):
        Language.objects.update_or_create(
            code=code,
            defaults=dict(
                name=fr, name_fr=fr, name_de=de, name_it=it, name_en=en,
                is_interface=interface, is_national=national, position=position,
            ),
        )
    for position, (code, fr, de, it, en, languages) in enumerate(CANTONS):
        canton, _ = Canton.objects.update_or_create(
            code=code,
            defaults=dict(name=fr, name_fr=fr, name_de=de, name_it=it, name_en=en, position=position),
        )
        canton.languages.set(languages.split())


def unload(apps, schema_editor):
    apps.get_model("core", "Canton").objects.all().delete()
    apps.get_model("core", "Language").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
