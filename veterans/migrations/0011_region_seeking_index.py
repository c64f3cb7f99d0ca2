from django.conf import settings
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    """Built CONCURRENTLY: on a national table of millions of veterans a plain CREATE
    INDEX would hold every registration and profile edit for its duration."""

    atomic = False

    dependencies = [
        ("reference", "0005_merge_districts_and_occupation_names"),
        ("veterans", "0010_merge_institutions_stations_confirmation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="veteranprofile",
            index=models.Index(
                fields=["home_region", "seeking_status"], name="veteran_region_seeking_idx"
            ),
        ),
    ]
