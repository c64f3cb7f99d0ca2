"""Public code lists: the lowest layer, imported by every other app and importing none."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def optional_region(verbose_name) -> models.ForeignKey:
    """A link to a Region that may be empty (a ministry account, the nation's report, an
    agreement the ministry signs), with no way back from the region."""
    return models.ForeignKey(
        "reference.Region",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class RegionQuerySet(models.QuerySet):
    def provinces(self):
        return self.filter(level=Region.Level.PROVINCE)

    def cities(self):
        return self.filter(level=Region.Level.CITY)

    def districts(self):
        return self.filter(level=Region.Level.DISTRICT)

    def within(self, region):
        """The region and every region below it (GB/T 2260 codes nest by prefix)."""
        return self.filter(code__startswith=region.scope_prefix)


def name_in_language(name: str, name_en: str) -> str:
    """The English name in pages of any language but Chinese, when there is one."""
    if name_en and not (translation.get_language() or "zh").startswith("zh"):
        return name_en
    return name


# The four municipalities directly under the central government (直辖市).
MUNICIPALITY_CODES = frozenset({"110000", "120000", "310000", "500000"})


def codes_governing(code: str) -> set[str]:
    """The codes of a region and of the city and province it may lie in, from the code
    alone (GB/T 2260 codes nest: a district's city and province share its first four and
    two digits)."""
    return {code, code[:4] + "00", code[:2] + "0000"}


class Region(models.Model):
    """A GB/T 2260 administrative division: province > prefecture-level city > district."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        DISTRICT = "district", _("District")

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=64)
    # Hanyu Pinyin, or the name in established use (scripts/build_reference_data.py).
    name_en = models.CharField(_("English name"), max_length=128, blank=True, default="")
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children"
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^\d{6}$"), name="region_code_6_digits"
            ),
            models.CheckConstraint(
                condition=models.Q(level="province", parent__isnull=True)
                | (~models.Q(level="province") & models.Q(parent__isnull=False)),
                name="region_parent_iff_not_province",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def local_name(self) -> str:
        """The name in the active language: 深圳市 in Chinese pages, Shenzhen in English ones
        (the English name, when the reference data has one)."""
        return name_in_language(self.name, self.name_en)

    @property
    def place_name(self) -> str:
        """The region under the regions above it, in the active language (广东省 · 深圳市 ·
        南山区; a municipality once: 北京市 · 朝阳区). Load the parents with the region
        (select_related("region__parent__parent")) to read it in a list without queries."""
        names = []
        region = self
        while region is not None:
            if not names or names[0] != region.local_name:
                names.insert(0, region.local_name)
            region = region.parent if region.parent_id else None
        return " · ".join(names)

    @property
    def province_kind(self) -> str:
        """What kind of province-level unit this is, for words that differ (北京市全市,
        广东省全省, 广西壮族自治区全区): municipality, autonomous_region, sar or province."""
        if self.code in MUNICIPALITY_CODES:
            return "municipality"
        if self.name.endswith("特别行政区"):
            return "sar"
        if self.name.endswith("自治区"):
            return "autonomous_region"
        return "province"

    @property
    def scope_prefix(self) -> str:
        """Code prefix shared by this region and all regions below it."""
        return {"province": self.code[:2], "city": self.code[:4]}.get(self.level, self.code)

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"

    @property
    def city_scope_prefix(self) -> str:
        """The scope prefix of the city this region lies in (a district's city, a city
        itself; a province's own prefix)."""
        return self.code[:2] if self.level == self.Level.PROVINCE else self.code[:4]

    @property
    def codes_above(self) -> list[str]:
        """This region's code and those of the regions it lies in, itself first (no query)."""
        codes = [self.code]
        if self.level == self.Level.DISTRICT:
            codes.append(self.parent_id)
        if self.level != self.Level.PROVINCE:
            codes.append(self.province_code)
        return codes

    def contains(self, other) -> bool:
        code = other.code if isinstance(other, Region) else other
        return bool(code) and code.startswith(self.scope_prefix)


class Industry(models.Model):
    """A section (门类) of GB/T 4754-2017, A to T."""

    code = models.CharField(_("code"), max_length=1, primary_key=True)
    name = models.CharField(_("name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=128)

    class Meta:
        ordering = ["code"]
        verbose_name = _("industry")
        verbose_name_plural = _("industries")

    def __str__(self):
        return self.name

    @property
    def local_name(self) -> str:
        """The name in the active language: 制造业 in Chinese pages and answers, Manufacturing
        in English ones."""
        return name_in_language(self.name, self.name_en)


class Occupation(models.Model):
    """A CSCO 2022 occupation: major (2) > middle (2-02) > minor (2-02-10) > detailed."""

    class Level(models.TextChoices):
        MAJOR = "major", _("Major group")
        MIDDLE = "middle", _("Middle group")
        MINOR = "minor", _("Minor group")
        DETAILED = "detailed", _("Occupation")

    code = models.CharField(_("code"), max_length=12, primary_key=True)
    name = models.CharField(_("name"), max_length=128)
    # Our own translation (occupations_en.csv): CSCO 2022 publishes no English names.
    name_en = models.CharField(_("English name"), max_length=160, blank=True, default="")
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children"
    )
    skills = models.ManyToManyField("Skill", blank=True, related_name="occupations")

    class Meta:
        ordering = ["code"]
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")

    def __str__(self):
        return f"{self.name}（{self.code}）"

    @property
    def local_name(self) -> str:
        """The name in the active language: 保安员 in Chinese pages, Security guards in
        English ones."""
        return name_in_language(self.name, self.name_en)

    @property
    def major_code(self) -> str:
        return self.code[:1]

    @property
    def minor_code(self) -> str:
        return self.code[:7]


class Skill(models.Model):
    code = models.SlugField(_("code"), max_length=48, unique=True)
    name = models.CharField(_("name"), max_length=64, unique=True)
    name_en = models.CharField(_("English name"), max_length=128)
    category = models.CharField(_("category"), max_length=32, db_index=True)

    class Meta:
        ordering = ["category", "name"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self):
        return self.name


class MilitarySpecialty(models.Model):
    code = models.SlugField(_("code"), max_length=48, unique=True)
    name = models.CharField(_("name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=128)
    branch = models.CharField(_("service branch"), max_length=32)
    skills = models.ManyToManyField(Skill, blank=True, related_name="specialties")
    occupations = models.ManyToManyField(
        Occupation, through="SpecialtyOccupation", related_name="specialties"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("military specialty")
        verbose_name_plural = _("military specialties")

    def __str__(self):
        return self.name


class SpecialtyOccupation(models.Model):
    """The crosswalk from a military specialty to the civilian occupations it fits."""

    class Fit(models.TextChoices):
        PRIMARY = "primary", _("Primary fit")
        SECONDARY = "secondary", _("Secondary fit")

    specialty = models.ForeignKey(MilitarySpecialty, models.CASCADE, related_name="crosswalk")
    occupation = models.ForeignKey(Occupation, models.PROTECT, related_name="+")
    fit = models.CharField(_("fit"), max_length=16, choices=Fit.choices, default=Fit.PRIMARY)

    class Meta:
        verbose_name = _("specialty-occupation crosswalk")
        verbose_name_plural = _("specialty-occupation crosswalk")
        constraints = [
            models.UniqueConstraint(
                fields=["specialty", "occupation"], name="crosswalk_unique_pair"
            ),
        ]

    def __str__(self):
        return f"{self.specialty} → {self.occupation} ({self.get_fit_display()})"
