"""What the jobs app holds about a person (portal/accounts/personal_data.py).

The records of a job search (applications, placements, registrations, referrals) are kept
on erasure: the enterprise's pipeline, the bureau's follow-ups and the quarterly figures
count them, and once the profile is anonymised they name no one. What the person wrote
(notes to the employer, messages, report details) is blanked; what the matching made for
them and what they saved is deleted."""

from django.utils.translation import gettext_lazy as _

from jobs.models import (
    Application,
    EventRegistration,
    Feedback,
    FollowUp,
    Interview,
    InterviewGuarantee,
    Invitation,
    JobPost,
    Message,
    MessageReport,
    Notice,
    OfflineHire,
    Placement,
    PostCandidate,
    PostImport,
    PostReport,
    Recommendation,
    RecommendationDigest,
    RecruitmentEvent,
    Referral,
    SavedPost,
    SavedSearch,
    TrainingAgreementLink,
    Verification,
)
from portal.accounts.personal_data import (
    BLANK,
    DELETE,
    ERASED,
    KEEP,
    STAFF_ACTING,
    declare,
    free_text,
    out_of_scope,
)

COUNTED = "counted in the enterprise's pipeline and the figures; names only the anonymised profile"

declare(Application, owners="veteran__user", erase=BLANK, blank={"note": ""})
for model in (Placement, OfflineHire, Invitation, Referral, InterviewGuarantee):
    declare(model, owners="veteran__user", erase=KEEP, reason=COUNTED)
declare(
    EventRegistration,
    owners="veteran__user",
    erase=KEEP,
    reason=COUNTED,
    label=_("registrations for recruitment events"),
)
for model in (Recommendation, PostCandidate, RecommendationDigest, SavedPost, SavedSearch):
    declare(model, owners="veteran__user", erase=DELETE)
declare(Message, owners="sender", erase=BLANK, blank={"body": ERASED})
declare(PostReport, owners="reporter", erase=BLANK, blank={"detail": ""})
declare(MessageReport, owners="reporter", erase=BLANK, blank={"detail": ""})

out_of_scope(JobPost, fields=("reviewed_by", "created_by"), reason=STAFF_ACTING)
out_of_scope(Verification, fields="verified_by", reason=STAFF_ACTING)
out_of_scope(PostReport, fields="handled_by", reason=STAFF_ACTING)
out_of_scope(MessageReport, fields="handled_by", reason=STAFF_ACTING)
out_of_scope(FollowUp, fields="recorded_by", reason=STAFF_ACTING)
out_of_scope(RecruitmentEvent, fields="organiser", reason=STAFF_ACTING)
out_of_scope(OfflineHire, fields="recorded_by", reason=STAFF_ACTING)
out_of_scope(PostImport, fields="created_by", reason=STAFF_ACTING)
out_of_scope(Interview, fields="proposed_by", reason=STAFF_ACTING)
out_of_scope(Invitation, fields="invited_by", reason=STAFF_ACTING)
out_of_scope(Referral, fields=("referred_by", "answered_by"), reason=STAFF_ACTING)
out_of_scope(TrainingAgreementLink, fields="linked_by", reason=STAFF_ACTING)

# Text staff wrote about the person, which may quote their name or number.
free_text(Message, ("body",))
free_text(FollowUp, ("note", "left_reason"))
free_text(Referral, ("note",))
free_text(Invitation, ("note",))
free_text(OfflineHire, ("note",))

# Feedback (#20): the ratings stay in the aggregates (anonymous once the profile is), the
# comment the person wrote is blanked. Notices name the officer who wrote or published them.
declare(
    Feedback,
    owners="veteran__user",
    erase=BLANK,
    blank={"comment": ""},
)
out_of_scope(Notice, fields=("created_by", "published_by"), reason=STAFF_ACTING)
