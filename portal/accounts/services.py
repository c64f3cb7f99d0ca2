from django.contrib.contenttypes.models import ContentType

from portal.accounts.models import AuditEvent


def audit_event_record(*, actor, action: str, target, note: str = "", **data) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
        note=note,
        data=data,
    )
