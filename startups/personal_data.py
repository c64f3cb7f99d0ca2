"""What the start-ups app holds about a person (portal/accounts/personal_data.py)."""

from portal.accounts.personal_data import (
    BLANK,
    ERASED,
    KEEP,
    STAFF_ACTING,
    declare,
    free_text,
    out_of_scope,
)
from startups.models import (
    CaseContact,
    CaseFollowUp,
    EntrepreneurCase,
    Mentor,
    MentorPair,
    MentorRequest,
    MentorSession,
    StartUp,
    SupportApplication,
)

declare(
    StartUp,
    owners="founder__user",
    erase=KEEP,
    reason="the business is a record of its own (and of the enterprise it may have become); "
    "its founder is the anonymised profile",
)
out_of_scope(StartUp, fields="reviewed_by", reason=STAFF_ACTING)
declare(
    Mentor,
    owners="profile__user",
    erase=BLANK,
    blank={"experience": ERASED, "active": False},
)
declare(MentorRequest, owners="veteran__user", erase=BLANK, blank={"need": ERASED})
out_of_scope(MentorPair, fields="paired_by", reason=STAFF_ACTING)
out_of_scope(MentorSession, fields="recorded_by", reason=STAFF_ACTING)

# The bureau's case record (#21): the support given (loans and subsidies granted) counts in
# the figures, and its person is the anonymised profile; the officers' notes may quote the
# person and are scrubbed like other text written about them.
declare(
    EntrepreneurCase,
    owners="veteran__user",
    erase=KEEP,
    reason="the bureau's record of the support given, counted in the quarterly figures; its "
    "person is the anonymised profile",
)
out_of_scope(EntrepreneurCase, fields="opened_by", reason=STAFF_ACTING)
free_text(EntrepreneurCase, ("internal_note",))
free_text(CaseContact, ("topic", "internal_note"))
for model in (CaseContact, SupportApplication, CaseFollowUp):
    out_of_scope(model, fields="recorded_by", reason=STAFF_ACTING)
