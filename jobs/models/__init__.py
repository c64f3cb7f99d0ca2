"""The jobs app's models, one module per aggregate; every name is importable from here."""

from jobs.models.applications import Application, FollowUp, Placement
from jobs.models.digests import RecommendationDigest
from jobs.models.events import EventRegistration, RecruitmentEvent
from jobs.models.feedback import Feedback
from jobs.models.guarantees import InterviewGuarantee, TrainingAgreementLink
from jobs.models.hires import OfflineHire
from jobs.models.imports import PostImport
from jobs.models.interviews import SLOTS_MAX, Interview, InterviewSlot
from jobs.models.invitations import Invitation
from jobs.models.matching import (
    MatchingRun,
    MatchingShard,
    MatchingSnapshot,
    PostCandidate,
    Recommendation,
)
from jobs.models.messages import MESSAGE_MAX, Message, MessageReport
from jobs.models.notices import Notice, NoticeAttachment
from jobs.models.posts import (
    MATERIAL_FIELDS,
    JobPost,
    JobPostQuerySet,
    PostReport,
    Verification,
    VerificationEvidence,
    open_to_applications_q,
)
from jobs.models.referrals import Referral, add_working_days
from jobs.models.saved import SavedPost, SavedSearch, new_unsubscribe_token

__all__ = [
    "MATERIAL_FIELDS",
    "MESSAGE_MAX",
    "SLOTS_MAX",
    "Interview",
    "InterviewGuarantee",
    "TrainingAgreementLink",
    "InterviewSlot",
    "Invitation",
    "Message",
    "MessageReport",
    "Application",
    "EventRegistration",
    "Feedback",
    "FollowUp",
    "JobPost",
    "JobPostQuerySet",
    "MatchingRun",
    "MatchingShard",
    "MatchingSnapshot",
    "Notice",
    "NoticeAttachment",
    "OfflineHire",
    "Placement",
    "PostCandidate",
    "PostImport",
    "PostReport",
    "Recommendation",
    "RecommendationDigest",
    "Referral",
    "RecruitmentEvent",
    "SavedPost",
    "SavedSearch",
    "Verification",
    "VerificationEvidence",
    "add_working_days",
    "new_unsubscribe_token",
    "open_to_applications_q",
]
