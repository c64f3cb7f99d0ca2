from django.contrib import admin

from portal.reference.models import (
    Industry,
    MilitarySpecialty,
    Occupation,
    Region,
    Skill,
    SpecialtyOccupation,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en"]
    search_fields = ["code", "name", "name_en"]


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "level"]
    list_filter = ["level"]
    search_fields = ["code", "name", "name_en"]
    autocomplete_fields = ["parent", "skills"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "code", "category"]
    list_filter = ["category"]
    search_fields = ["name", "name_en", "code"]


class SpecialtyOccupationInline(admin.TabularInline):
    model = SpecialtyOccupation
    extra = 0
    autocomplete_fields = ["occupation"]


@admin.register(MilitarySpecialty)
class MilitarySpecialtyAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "code", "branch"]
    list_filter = ["branch"]
    search_fields = ["name", "name_en", "code"]
    autocomplete_fields = ["skills"]
    inlines = [SpecialtyOccupationInline]
