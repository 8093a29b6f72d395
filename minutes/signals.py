"""Signals of the minutes workflow.

`minutes_transitioned` is sent by every workflow service, inside its
transaction, after the state changed: receivers keep derived data (such as the
search index) in step. Anything that must succeed for the transition to count
(signing on approval) is called directly by the service instead.
"""

from django.dispatch import Signal

# Arguments: meeting, from_status, to_status, actor
minutes_transitioned = Signal()
