"""Ship the 42-HD/BTCTW example framework (minutes.quality_data), marked to be checked."""

from django.db import migrations


def load(apps, schema_editor):
    from minutes import quality_data

    quality_data.load(apps)


class Migration(migrations.Migration):
    dependencies = [("minutes", "0016_meeting_shapes_unknown_facts_pilot_parts_quality")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
