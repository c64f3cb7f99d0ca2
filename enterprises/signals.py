"""Signals of the enterprises app, for apps above it that it must not know (STYLE.md rule 9).

agreement_ended: sent inside the transaction that terminates or expires an agreement, with
`agreement` (locked, its new status saved) and `actor` (None for the daily expiry). What a
listener writes commits or rolls back with the agreement's own change. The training
cooperation (jobs.apps) listens to lapse the interviews its owed guarantees still promise.
"""

from django.dispatch import Signal

agreement_ended = Signal()
