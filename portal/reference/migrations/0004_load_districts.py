from django.db import migrations

from portal.reference.loading import load_code_trees


def load(apps, schema_editor):
    """The districts and counties added to regions.csv (an upsert: the provinces and cities
    already loaded keep their codes, names and levels)."""
    load_code_trees(apps)


class Migration(migrations.Migration):
    dependencies = [("reference", "0003_region_english_names")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
