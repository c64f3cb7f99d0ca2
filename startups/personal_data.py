"""What the start-ups app holds about a person (portal/accounts/personal_data.py)."""

from portal.accounts.personal_data import (
    BLANK,
    ERASED,
    KEEP,
    STAFF_ACTING,
    declare,
    out_of_scope,
)
from startups.models import Mentor, MentorPair, MentorRequest, MentorSession, StartUp

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
