"""The models of start-ups and the support around them (startups/models/startups.py), and
the bureau's case record of each entrepreneur (startups/models/cases.py)."""

from startups.models.cases import (
    CaseContact,
    CaseFollowUp,
    EntrepreneurCase,
    Incubation,
    SupportApplication,
)
from startups.models.startups import (
    EligibilityRule,
    Mentor,
    MentorPair,
    MentorRequest,
    MentorSession,
    StartUp,
    SupportBase,
    SupportPolicy,
)

__all__ = [
    "CaseContact",
    "CaseFollowUp",
    "EligibilityRule",
    "EntrepreneurCase",
    "Incubation",
    "Mentor",
    "MentorPair",
    "MentorRequest",
    "MentorSession",
    "StartUp",
    "SupportApplication",
    "SupportBase",
    "SupportPolicy",
]
