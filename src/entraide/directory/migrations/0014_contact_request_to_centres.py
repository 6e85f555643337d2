# The contact request moves to the centres (centres 0009): the directory forgets the
# model, the table and its rows stay where they are.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('centres', '0009_contact_request_from_directory'),
        ('directory', '0013_search_refresh_plpgsql'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name='ContactRequest')],
        ),
    ]
