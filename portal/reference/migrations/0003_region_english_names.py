from django.db import migrations, models

from portal.reference.loading import load_code_trees


def load(apps, schema_editor):
    """The English names of the regions shipped in regions.csv (an upsert: nothing else
    changes)."""
    load_code_trees(apps)


class Migration(migrations.Migration):
    dependencies = [("reference", "0002_load_reference_data")]

    operations = [
        migrations.AddField(
            model_name="region",
            name="name_en",
            field=models.CharField(
                blank=True, default="", max_length=128, verbose_name="English name"
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
