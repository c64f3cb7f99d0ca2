"""What the dashboards app holds about a person (portal/accounts/personal_data.py): only
staff members acting in their work (who closed a follow-up, who recorded a meeting, who
took part in it, who owns an action item)."""

from dashboards.models import ActionItem, PledgeFollowUp, QuarterlyMeeting
from portal.accounts.personal_data import STAFF_ACTING, out_of_scope

out_of_scope(PledgeFollowUp, fields="closed_by", reason=STAFF_ACTING)
out_of_scope(QuarterlyMeeting, fields=("recorded_by", "participants"), reason=STAFF_ACTING)
out_of_scope(ActionItem, fields="owner", reason=STAFF_ACTING)
