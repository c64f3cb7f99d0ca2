from django.core.management.base import BaseCommand

from portal.reference.loading import load_reference_data
from portal.reference.models import Industry, MilitarySpecialty, Occupation, Region, Skill


class Command(BaseCommand):
    help = "Load or refresh the reference code lists from portal/reference/data/ (idempotent)."

    def handle(self, *args, **options):
        load_reference_data()
        counts = {
            model._meta.verbose_name_plural: model.objects.count()
            for model in (Region, Industry, Occupation, Skill, MilitarySpecialty)
        }
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in counts.items()))
