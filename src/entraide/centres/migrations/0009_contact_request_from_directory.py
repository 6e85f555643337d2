# The contact request moves from the directory to the centres, which work with it.
# Only Django's idea of the model moves: the table (directory_contactrequest), its
# index and its constraints stay as they are, and so do the rows.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_organisation_institution_type'),
        ('centres', '0008_import_running'),
        ('directory', '0013_search_refresh_plpgsql'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='ContactRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('channel', models.CharField(choices=[('web', 'form on the website'), ('phone', 'phone'), ('email', 'email'), ('in_person', 'in person')], default='web', max_length=10, verbose_name='channel')),
                        ('name', models.CharField(max_length=100, verbose_name='name or pseudonym')),
                        ('email', models.EmailField(blank=True, max_length=254, verbose_name='email address')),
                        ('phone', models.CharField(blank=True, max_length=40, verbose_name='phone')),
                        ('language', models.CharField(choices=[('fr', 'Français'), ('de', 'Deutsch'), ('it', 'Italiano'), ('en', 'English')], max_length=2, verbose_name='preferred language')),
                        ('message', models.TextField(blank=True, max_length=2000, verbose_name='message')),
                        ('share_contact', models.BooleanField(default=False)),
                        ('share_message', models.BooleanField(default=False)),
                        ('consent_text', models.TextField()),
                        ('consent_version', models.CharField(max_length=20)),
                        ('consented_at', models.DateTimeField()),
                        ('status', models.CharField(choices=[('new', 'new'), ('counselling', 'in counselling'), ('forwarded', 'forwarded to the group'), ('closed', 'closed')], default='new', max_length=12)),
                        ('outcome', models.CharField(blank=True, choices=[('joined', 'joined a group'), ('referred', 'referred to another service'), ('no_group', 'no suitable group yet'), ('not_reached', 'could not be reached'), ('withdrawn', 'no longer wishes to be in contact'), ('other', 'other')], max_length=12, verbose_name='outcome')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('status_changed_at', models.DateTimeField(blank=True, null=True)),
                        ('forwarded_at', models.DateTimeField(blank=True, null=True)),
                        ('closed_at', models.DateTimeField(blank=True, null=True)),
                        ('reminded_at', models.DateTimeField(blank=True, null=True)),
                        ('anonymised_at', models.DateTimeField(blank=True, null=True)),
                        ('centre', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='contact_requests', to='accounts.organisation')),
                        ('group', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='contact_requests', to='directory.group')),
                        ('theme', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='directory.theme')),
                    ],
                    options={
                        'db_table': 'directory_contactrequest',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [models.Index(fields=['centre', 'status', 'created_at'], name='directory_c_centre__3a4b42_idx')],
                        'constraints': [
                            models.CheckConstraint(condition=models.Q(models.Q(('email', ''), _negated=True), models.Q(('phone', ''), _negated=True), ('anonymised_at__isnull', False), _connector='OR'), name='contact_request_has_a_way_to_reach'),
                            models.CheckConstraint(condition=models.Q(('status__in', ['new', 'counselling', 'forwarded', 'closed'])), name='contact_request_status_valid'),
                            models.CheckConstraint(condition=models.Q(('outcome', ''), ('outcome__in', ['joined', 'referred', 'no_group', 'not_reached', 'withdrawn', 'other']), _connector='OR'), name='contact_request_outcome_valid'),
                        ],
                    },
                ),
                # The notes' foreign key keeps pointing at the same table.
                migrations.AlterField(
                    model_name='counsellingnote',
                    name='request',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notes', to='centres.contactrequest'),
                ),
            ],
        ),
    ]
