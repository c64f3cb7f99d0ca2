"""Writes of the jobs app: one function per transition (STYLE.md rule 4).

Each locks the row it changes, checks who is acting, calls the model's transition method,
saves, records one AuditEvent per object whose status moved, and e-mails the people who
wait for the news after commit. Lock order, to keep concurrent services deadlock-free:
the post first, then its agreement, applications or reports.
"""

from jobs.services.applications import (  # noqa: F401
    CONTACT_CONSENT_VERSION,
    application_advance,
    application_contact_reveal,
    application_digest_send,
    application_hire,
    application_resume_open,
    application_submit,
    application_withdraw,
    follow_up_contact_reveal,
    follow_up_mark_due,
    follow_up_record,
    follow_ups_mark_due,
    place_veteran,
)
from jobs.services.bulk import post_import_run, post_import_start  # noqa: F401
from jobs.services.common import (  # noqa: F401
    EDITABLE_FIELDS,
    EDITABLE_STATUSES,
    HANDLED_FIELDS,
    PIPELINE_STEPS,
    RECORDED_FIELDS,
    REVIEW_FIELDS,
)
from jobs.services.events import (  # noqa: F401
    event_registration_cancel,
    event_registration_create,
    recruitment_event_create,
)
from jobs.services.hires import (  # noqa: F401
    event_attendance_record,
    offline_hire_confirm,
    offline_hire_decline,
    offline_hire_record,
    offline_hires_expire,
)
from jobs.services.interviews import (  # noqa: F401
    interview_accept,
    interview_ask_another_time,
    interview_cancel,
    interview_decline,
    interview_propose,
    interview_remind,
    interviews_remind,
)
from jobs.services.invitations import (  # noqa: F401
    invitation_apply,
    invitation_decline,
    invitation_send,
)
from jobs.services.matching import (  # noqa: F401
    matching_profile_changed,
    matching_run_fail,
    matching_run_finish,
    matching_run_start,
    matching_shard_run,
    matching_veteran_refresh,
)
from jobs.services.messages import (  # noqa: F401
    message_report_create,
    message_report_dismiss,
    message_report_uphold,
    message_send,
    message_side,
)
from jobs.services.posts import (  # noqa: F401
    expire_due_posts,
    job_post_approve,
    job_post_clone,
    job_post_close,
    job_post_create,
    job_post_expire,
    job_post_reject,
    job_post_repost,
    job_post_submit,
    job_post_update,
    post_report_confirm,
    post_report_create,
    post_report_dismiss,
    verification_evidence_attach,
    verification_evidence_open,
    verification_record,
)
from jobs.services.saved import (  # noqa: F401
    ALERT_POSTS,
    ALERT_SETTLE,
    MAX_SAVED_SEARCHES,
    saved_post_add,
    saved_post_remove,
    saved_search_create,
    saved_search_delete,
    saved_search_send_alert,
    saved_search_set_alerts,
    saved_search_unsubscribe,
)
