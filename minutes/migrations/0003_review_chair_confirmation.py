# The chair's sign-off on the minutes (review and approval).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("minutes", "0002_catalogues_and_voting_rules"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="chair_confirmed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="chủ trì xác nhận lúc"),
        ),
        migrations.AddField(
            model_name="meeting",
            name="chair_confirmed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="chủ trì xác nhận",
            ),
        ),
        migrations.AddField(
            model_name="meeting",
            name="chair_confirmed_digest",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="historicalmeeting",
            name="chair_confirmed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="chủ trì xác nhận lúc"),
        ),
        migrations.AddField(
            model_name="historicalmeeting",
            name="chair_confirmed_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="chủ trì xác nhận",
            ),
        ),
        migrations.AddField(
            model_name="historicalmeeting",
            name="chair_confirmed_digest",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
    ]
