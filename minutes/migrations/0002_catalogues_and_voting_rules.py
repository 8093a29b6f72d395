"""Load the shortcoming catalogues and the default voting rules (minutes.reference_data)."""

from django.db import migrations

from minutes import reference_data


def load(apps, schema_editor):
    reference_data.load(apps)


def unload(apps, schema_editor):
    apps.get_model("minutes", "CatalogItem").objects.all().delete()
    apps.get_model("minutes", "VotingRule").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("minutes", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
