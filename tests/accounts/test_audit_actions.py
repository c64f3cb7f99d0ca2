import importlib

import pytest
from django.apps import apps
from django.template import Context, Template

from portal.accounts.models import AuditAction, AuditEvent
from portal.accounts.services import audit_event_record
from tests import factories as f

migration = importlib.import_module("portal.accounts.migrations.0004_audit_actions_past_tense")


def test_every_declared_action_is_in_the_past_tense_or_a_state_reached():
    # "<object>.<verb>": no bare infinitive such as "approve" or "create" is declared.
    infinitives = {"approve", "reject", "create", "update", "sign", "give", "withdraw", "start"}
    assert not [action for action in AuditAction.values if action.split(".")[1] in infinitives]


def test_recording_an_undeclared_action_is_refused(db):
    user = f.UserFactory()
    with pytest.raises(ValueError):
        audit_event_record(actor=user, action="enterprise.approve", target=user)
    assert not AuditEvent.objects.exists()


def test_the_migration_renames_stored_actions_to_the_declared_ones(db):
    user = f.UserFactory()
    for old in ("enterprise.approve", "consent.give", "application.interview"):
        AuditEvent.objects.create(action=old, target=user)
    migration._rename(migration.RENAMED)(apps, None)
    stored = set(AuditEvent.objects.values_list("action", flat=True))
    assert stored == {"enterprise.approved", "consent.given", "application.invited_to_interview"}


def test_the_migration_renames_only_into_declared_actions():
    assert set(migration.RENAMED.values()) <= set(AuditAction.values)


def test_a_trail_reads_the_declared_label_and_an_unknown_code_as_it_is():
    template = Template("{% load audit_trail %}{{ a|action_label }}|{{ b|action_label }}")
    text = template.render(Context({"a": "enterprise.approved", "b": "legacy.thing"}))
    assert text == "Approved the enterprise|legacy.thing"
