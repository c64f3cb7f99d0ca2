"""Regions and occupations carry English names (#17): regions Pinyin or the name in
established use, occupations our own translation (occupations_en.csv); both shown in English
pages."""

import csv
import re
import subprocess
import sys

import pytest
from django.utils import translation

from portal.reference.loading import DATA_DIR
from portal.reference.models import Occupation, Region

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


# Chinese characters and full-width punctuation.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def test_every_occupation_has_an_english_name_without_chinese_characters():
    names = dict(Occupation.objects.values_list("code", "name_en"))
    assert len(names) == 2148
    assert [code for code, name in names.items() if not name.strip() or CJK.search(name)] == []


def test_the_shipped_english_names_cover_every_occupation_code():
    with open(DATA_DIR / "occupations_en.csv", encoding="utf-8") as handle:
        english = {row["code"]: row["name_en"] for row in csv.DictReader(handle)}
    with open(DATA_DIR / "occupations.csv", encoding="utf-8") as handle:
        assert english.keys() == {row["code"] for row in csv.DictReader(handle)}


@pytest.mark.parametrize(
    ("code", "english"),
    [
        ("1-01", "Heads of Communist Party of China organs and grassroots organisations"),
        ("4-07-05-01", "Security guards"),
        ("4-02-02-02", "Road freight truck drivers"),
        ("2-02-10-03", "Computer software engineers"),
    ],
)
def test_an_occupation_reads_its_english_name_in_english_and_its_chinese_name_in_chinese(
    code, english
):
    occupation = Occupation.objects.get(code=code)
    with translation.override("en"):
        assert occupation.local_name == english
    with translation.override("zh-hans"):
        assert occupation.local_name == occupation.name
