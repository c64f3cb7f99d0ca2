from django.db import migrations, models

from portal.reference.loading import load_code_trees


def load(apps, schema_editor):
    """The occupations' English names from occupations_en.csv (an upsert: nothing else
    changes)."""
    load_code_trees(apps)


class Migration(migrations.Migration):
    dependencies = [("reference", "0003_region_english_names")]

    operations = [
        migrations.AddField(
            model_name="occupation",
            name="name_en",
            field=models.CharField(
                blank=True, default="", max_length=160, verbose_name="English name"
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
