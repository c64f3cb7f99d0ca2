"""Audit actions in the past tense, as AuditAction declares them: the stored rows are
renamed (and back, on reverse), so old trails keep reading in words."""

from django.db import migrations

RENAMED = {
    "account.signup": "account.signed_up",
    "enterprise.register": "enterprise.registered",
    "enterprise.approve": "enterprise.approved",
    "enterprise.reject": "enterprise.rejected",
    "enterprise.suspend": "enterprise.suspended",
    "enterprise.reinstate": "enterprise.reinstated",
    "enterprise.member_invite": "enterprise.member_invited",
    "branch.create": "branch.created",
    "branch.approve": "branch.approved",
    "branch.reject": "branch.rejected",
    "batch.create": "batch.created",
    "agreement.create": "agreement.created",
    "agreement.sign": "agreement.signed",
    "agreement.activate": "agreement.activated",
    "agreement.expire": "agreement.expired",
    "agreement.terminate": "agreement.terminated",
    "application.interview": "application.invited_to_interview",
    "resume.upload": "resume.uploaded",
    "resume.delete": "resume.deleted",
    "follow_up.due": "follow_up.came_due",
    "training_institution.create": "training_institution.created",
    "training_institution.update": "training_institution.updated",
    "training_programme.create": "training_programme.created",
    "training_programme.update": "training_programme.updated",
    "enrolment.create": "enrolment.created",
    "enrolment.withdraw": "enrolment.withdrawn",
    "enrolment.start": "enrolment.started",
    "enrolment.complete": "enrolment.completed",
    "enrolment.drop": "enrolment.dropped",
    "consent.give": "consent.given",
    "consent.withdraw": "consent.withdrawn",
    "veteran_profile.create": "veteran_profile.created",
    "veteran_profile.update": "veteran_profile.updated",
}


def _rename(mapping):
    def run(apps, schema_editor):
        events = apps.get_model("accounts", "AuditEvent").objects
        for old, new in mapping.items():
            # One UPDATE per name, through the index on action.
            events.filter(action=old).update(action=new)

    return run


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_text_limits")]

    operations = [
        migrations.RunPython(
            _rename(RENAMED), _rename({new: old for old, new in RENAMED.items()})
        ),
    ]
