"""Loads the code lists shipped in portal/reference/data/ (see LICENSE-NOTES.md there).

Idempotent: rows are upserted by their code, links are added if missing, nothing is
deleted. Called by migration 0002 (so every database, the test one included, has the
lists) and by `manage.py load_reference` after a data file changes.
"""

import csv
from pathlib import Path

from django.apps import apps as django_apps
from django.db import transaction

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_rows(name: str) -> list[dict]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def upsert(model, objects: list, unique: str, fields: list[str]) -> None:
    model.objects.bulk_create(
        objects,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=[unique],
        update_fields=fields,
    )


def load_code_trees(apps) -> None:
    """Regions and occupations: a parent is always listed before its children's rows
    are needed, and foreign keys are checked at commit, so one bulk upsert each works."""
    for model_name, file_name in (("Region", "regions.csv"), ("Occupation", "occupations.csv")):
        model = apps.get_model("reference", model_name)
        rows = read_rows(file_name)
        if model_name == "Occupation":
            # Our own English names, in a file of their own (see LICENSE-NOTES.md).
            english_names = dict((r["code"], r["name_en"]) for r in read_rows("occupations_en.csv"))
            rows = [{**r, "name_en": english_names.get(r["code"], "")} for r in rows]
        # English names, once the model has the field (regions: migration 0003,
        # occupations: 0004; 0002 loads with the models of its time).
        english = [
            "name_en"
            for field in model._meta.get_fields()
            if field.name == "name_en" and "name_en" in rows[0]
        ]
        objects = [
            model(
                code=r["code"],
                name=r["name"],
                level=r["level"],
                parent_id=r["parent_code"] or None,
                **{name: r[name] for name in english},
            )
            for r in rows
        ]
        upsert(model, objects, "code", ["name", *english, "level", "parent"])


def load_flat_lists(apps) -> None:
    Industry = apps.get_model("reference", "Industry")
    Skill = apps.get_model("reference", "Skill")
    Specialty = apps.get_model("reference", "MilitarySpecialty")
    upsert(
        Industry, [Industry(**r) for r in read_rows("industries.csv")], "code", ["name", "name_en"]
    )
    upsert(
        Skill,
        [Skill(**r) for r in read_rows("skills.csv")],
        "code",
        ["name", "name_en", "category"],
    )
    upsert(
        Specialty,
        [Specialty(**r) for r in read_rows("military_specialties.csv")],
        "code",
        ["name", "name_en", "branch"],
    )


def load_links(apps) -> None:
    skill_ids = dict(apps.get_model("reference", "Skill").objects.values_list("code", "id"))
    Specialty = apps.get_model("reference", "MilitarySpecialty")
    specialty_ids = dict(Specialty.objects.values_list("code", "id"))
    Crosswalk = apps.get_model("reference", "SpecialtyOccupation")
    Crosswalk.objects.bulk_create(
        [
            Crosswalk(
                specialty_id=specialty_ids[r["specialty_code"]],
                occupation_id=r["occupation_code"],
                fit=r["fit"],
            )
            for r in read_rows("specialty_occupations.csv")
        ],
        update_conflicts=True,
        unique_fields=["specialty", "occupation"],
        update_fields=["fit"],
    )
    SpecialtySkill = Specialty.skills.through
    SpecialtySkill.objects.bulk_create(
        [
            SpecialtySkill(
                militaryspecialty_id=specialty_ids[r["specialty_code"]],
                skill_id=skill_ids[r["skill_code"]],
            )
            for r in read_rows("specialty_skills.csv")
        ],
        ignore_conflicts=True,
    )
    OccupationSkill = apps.get_model("reference", "Occupation").skills.through
    OccupationSkill.objects.bulk_create(
        [
            OccupationSkill(occupation_id=r["occupation_code"], skill_id=skill_ids[r["skill_code"]])
            for r in read_rows("occupation_skills.csv")
        ],
        ignore_conflicts=True,
    )


def load_reference_data(apps=django_apps) -> None:
    with transaction.atomic():
        load_code_trees(apps)
        load_flat_lists(apps)
        load_links(apps)
