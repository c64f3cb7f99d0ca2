"""Signals of the veterans app, for apps above it that it must not know (STYLE.md rule 9).

profile_changed: sent after the commit of a profile's creation or change, with `profile`
and `fields` (the names of what changed; every field on creation). The matching
(jobs.apps) listens to give the veteran fresh recommendations within minutes."""

from django.dispatch import Signal

profile_changed = Signal()
