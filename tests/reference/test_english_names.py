"""Regions carry English names (#17): Pinyin or the name in established use, shown in
English pages; occupations have none to show (CSCO publishes none)."""

import csv
import subprocess
import sys

import pytest
from django.utils import translation

from portal.reference.loading import DATA_DIR
from portal.reference.models import Region

pytestmark = pytest.mark.django_db


def test_every_shipped_region_has_an_english_name_loaded():
    assert not Region.objects.filter(name_en="").exists()
    assert Region.objects.count() == 3226


@pytest.mark.parametrize(
    ("code", "english"),
    [
        ("440300", "Shenzhen"),
        ("110000", "Beijing"),
        ("610000", "Shaanxi"),
        ("140000", "Shanxi"),
        ("610100", "Xi'an"),
        ("650100", "Urumqi"),
        ("222400", "Yanbian Autonomous Prefecture"),
        ("469025", "Baisha Autonomous County"),
        ("140400", "Changzhi"),
    ],
)
def test_a_region_reads_its_english_name_in_english_and_its_chinese_name_in_chinese(code, english):
    region = Region.objects.get(code=code)
    with translation.override("en"):
        assert region.local_name == english
    with translation.override("zh-hans"):
        assert region.local_name == region.name


def test_the_build_script_checks_the_english_names_of_the_shipped_regions():
    with open(DATA_DIR / "regions.csv", encoding="utf-8") as handle:
        assert all(row["name_en"] for row in csv.DictReader(handle))
    checked = subprocess.run(
        [sys.executable, "scripts/build_reference_data.py", "--check"],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("110000", "municipality"),
        ("440000", "province"),
        ("450000", "autonomous_region"),
        ("810000", "sar"),
    ],
)
def test_a_province_level_unit_knows_its_kind(code, kind):
    assert Region.objects.get(code=code).province_kind == kind
