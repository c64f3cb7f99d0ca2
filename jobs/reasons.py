"""Why a post was recommended, in plain words.

Built only from the factor values the nightly matching stored on the Recommendation
(DESIGN.md §5, step 2), so the reasons a veteran reads are the numbers that ranked the
post. Each factor lies in [0, 1]; the levels are those of jobs/matching/factors.py:

- location_fit: 1 same city (one the veteran lives in or chose), 0.5 same province, 0.2 a
  move (a nationwide post, or a veteran willing to relocate);
- occupation_fit: the crosswalk of the veteran's military specialty along the CSCO tree,
  1 for the same occupation, 0.6 for the same minor group, 0.4 for the same middle group,
  0.2 for the same major group
  (less through a secondary fit); the crosswalk names the occupation when it lists it;
- salary_fit, industry_fit, education_fit: 1 when fully met (also when the veteran stated
  no wish, so those reasons check the wish too); agreement_bonus 0.6 for posts pledged
  under an active cooperation agreement, 0.4 for posts of an enterprise the ministry
  commended (its commendation current), both for 1; a regional agreement that names
  target provinces gives veterans from elsewhere 0.3 in place of 0.6 (said nothing of).
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jobs.matching import factors
from portal import formatting
from veterans.models import Education
from veterans.templatetags.veterans_extras import local_name

FULL = 0.99  # floats from the engine: 1.0 may arrive as 0.9999...
PARTLY = 0.5


def recommendation_reasons(rec, profile) -> list[str]:
    """The reasons for one recommendation, most telling first; empty factors say nothing.

    ``rec.post`` should come with its occupation, region and industry joined, and the
    profile with ``military_specialty__crosswalk`` and ``preferred_industries`` prefetched,
    to keep a page's queries flat.
    """
    reasons = [
        _skills(rec),
        _location(rec, profile),
        _occupation(rec, profile),
        _salary(rec, profile),
        _industry(rec, profile),
        _education(rec),
        _agreement(rec, profile),
    ]
    return [reason for reason in reasons if reason]


def _skills(rec) -> str:
    if not rec.skills_required:
        return ""
    return ngettext(
        "You have %(matched)d of the %(required)d required skill",
        "You have %(matched)d of the %(required)d required skills",
        rec.skills_required,
    ) % {"matched": rec.skills_matched, "required": rec.skills_required}


def _location(rec, profile) -> str:
    if rec.location_fit >= FULL:
        return _("Same city")
    if rec.location_fit >= PARTLY:
        return _("Same province")
    if rec.post.is_national:
        return _("Open to applicants nationwide")
    if rec.location_fit > 0 and profile.willing_to_relocate:
        return _("In %(region)s; you are willing to relocate") % {
            "region": rec.post.region.local_name
        }
    return ""


def _crosswalk_fits(profile, occupation_id: str) -> bool:
    specialty = profile.military_specialty
    if specialty is None:
        return False
    return any(link.occupation_id == occupation_id for link in specialty.crosswalk.all())


def _occupation(rec, profile) -> str:
    fit, occupation = rec.occupation_fit, rec.post.occupation
    if fit <= 0:
        return ""
    if _crosswalk_fits(profile, occupation.code):
        return _("Your specialty “%(specialty)s” fits “%(occupation)s”") % {
            "specialty": local_name(profile.military_specialty),
            "occupation": occupation.local_name,
        }
    if fit >= FULL:
        return _("Your experience fits “%(occupation)s”") % {"occupation": occupation.local_name}
    if fit >= PARTLY:
        return _("Close to the work your experience fits")
    return _("In the field of work your experience fits")


def _salary(rec, profile) -> str:
    if not profile.desired_salary or rec.salary_fit < PARTLY:
        return ""
    if rec.salary_fit >= FULL:
        return _("Pay meets your expectation of %(salary)s yuan") % {
            "salary": formatting.thousands(profile.desired_salary)
        }
    return _("Pay close to your expectation")


def _industry(rec, profile) -> str:
    # A veteran without preferred industries may get full marks everywhere: say nothing.
    preferred = {industry.pk for industry in profile.preferred_industries.all()}
    if rec.industry_fit < FULL or rec.post.industry_id not in preferred:
        return ""
    return _("An industry you prefer: %(industry)s") % {"industry": local_name(rec.post.industry)}


def _education_met(rec) -> bool:
    # Every post takes junior middle school; saying so would be noise.
    return rec.education_fit >= FULL and rec.post.min_education > Education.JUNIOR_MIDDLE


def _education(rec) -> str:
    return _("Your education meets the requirement") if _education_met(rec) else ""


def _aimed_at_home(rec, profile) -> bool:
    """The post's regional agreement aims it at veterans from the veteran's home province
    (``rec.post`` with its agreement joined)."""
    agreement = rec.post.agreement if rec.post.agreement_id else None
    return agreement is not None and agreement.aims_at(profile.home_region_id)


def _agreement(rec, profile) -> str:
    part, commended = factors.agreement_parts(rec.agreement_bonus)
    agreement = part == "aimed"
    if agreement and _aimed_at_home(rec, profile):
        return _("The post is aimed at veterans from your home province")
    if agreement and commended:
        return _(
            "Pledged under an employment cooperation agreement, by an enterprise the ministry "
            "commended"
        )
    if commended:
        return _("Posted by an enterprise the ministry commended")
    if agreement:
        return _("Pledged under an employment cooperation agreement")
    return ""


# --- the same numbers, told to the post's enterprise -----------------------------------


def candidate_reasons(candidate, profile) -> list[str]:
    """Why a veteran is among a post's best candidates, for the enterprise's staff: the
    factor values stored on the PostCandidate, in the third person. The agreement bonus is
    the enterprise's own and says nothing about the veteran, so it is left out.

    ``candidate.post`` should come with its occupation and industry joined, and the profile
    with ``military_specialty__crosswalk`` and ``preferred_industries`` prefetched.
    """
    reasons = [
        _candidate_skills(candidate),
        _candidate_location(candidate, profile),
        _candidate_occupation(candidate, profile),
        _candidate_salary(candidate, profile),
        _candidate_industry(candidate, profile),
        _("Education meets the requirement") if _education_met(candidate) else "",
    ]
    return [reason for reason in reasons if reason]


def _candidate_skills(candidate) -> str:
    if not candidate.skills_required:
        return ""
    return ngettext(
        "Has %(matched)d of the %(required)d required skill",
        "Has %(matched)d of the %(required)d required skills",
        candidate.skills_required,
    ) % {"matched": candidate.skills_matched, "required": candidate.skills_required}


def _candidate_location(candidate, profile) -> str:
    if candidate.location_fit >= FULL:
        return _("Lives in or wants to work in this city")
    if candidate.location_fit >= PARTLY:
        return _("Lives in or wants to work in this province")
    if candidate.location_fit > 0 and profile.willing_to_relocate:
        return _("Willing to relocate")
    return ""


def _candidate_occupation(candidate, profile) -> str:
    fit, occupation = candidate.occupation_fit, candidate.post.occupation
    if fit <= 0:
        return ""
    if _crosswalk_fits(profile, occupation.code):
        return _("Military specialty “%(specialty)s” fits “%(occupation)s”") % {
            "specialty": local_name(profile.military_specialty),
            "occupation": occupation.local_name,
        }
    if fit >= PARTLY:
        return _("Military experience close to this work")
    return _("Military experience in this field of work")


def _candidate_salary(candidate, profile) -> str:
    if not profile.desired_salary or candidate.salary_fit < PARTLY:
        return ""
    if candidate.salary_fit >= FULL:
        return _("The pay meets the expected %(salary)s yuan") % {
            "salary": formatting.thousands(profile.desired_salary)
        }
    return _("The pay is close to the expected %(salary)s yuan") % {
        "salary": formatting.thousands(profile.desired_salary)
    }


def _candidate_industry(candidate, profile) -> str:
    preferred = {industry.pk for industry in profile.preferred_industries.all()}
    if candidate.industry_fit < FULL or candidate.post.industry_id not in preferred:
        return ""
    return _("Prefers this industry")
