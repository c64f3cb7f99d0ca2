"""What the enterprises app holds about a person (portal/accounts/personal_data.py)."""

from enterprises.models import (
    Branch,
    Commendation,
    Consultation,
    Enterprise,
    EnterpriseInvitation,
    EnterpriseMember,
    InvitationUpload,
    Prospect,
)
from portal.accounts.personal_data import KEEP, STAFF_ACTING, declare, out_of_scope

declare(
    EnterpriseMember,
    owners="user",
    erase=KEEP,
    reason="a staff account is deactivated by its enterprise, not erased",
)
out_of_scope(Enterprise, fields="reviewed_by", reason=STAFF_ACTING)
out_of_scope(Branch, fields="reviewed_by", reason=STAFF_ACTING)

# Invitations, screening and commendations (#19): the staff member who invited, recorded or
# decided. The invitee's contact person is not a user of the portal.
out_of_scope(EnterpriseInvitation, fields="invited_by", reason=STAFF_ACTING)
out_of_scope(InvitationUpload, fields="created_by", reason=STAFF_ACTING)
out_of_scope(Prospect, fields="decided_by", reason=STAFF_ACTING)
out_of_scope(Consultation, fields="recorded_by", reason=STAFF_ACTING)
out_of_scope(Commendation, fields="decided_by", reason=STAFF_ACTING)
