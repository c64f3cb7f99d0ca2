"""What the enterprises app holds about a person (portal/accounts/personal_data.py)."""

from enterprises.models import Branch, Enterprise, EnterpriseMember
from portal.accounts.personal_data import KEEP, STAFF_ACTING, declare, out_of_scope

declare(
    EnterpriseMember,
    owners="user",
    erase=KEEP,
    reason="a staff account is deactivated by its enterprise, not erased",
)
out_of_scope(Enterprise, fields="reviewed_by", reason=STAFF_ACTING)
out_of_scope(Branch, fields="reviewed_by", reason=STAFF_ACTING)
