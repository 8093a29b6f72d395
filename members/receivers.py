"""Receivers that keep the register in step with the minutes (connected in apps.ready)."""

from __future__ import annotations

from django.dispatch import receiver

from minutes.signals import minutes_transitioned


@receiver(minutes_transitioned, dispatch_uid="register_propose_from_minutes")
def propose_register_changes(sender, meeting, to_status, **kwargs) -> None:
    """Approved minutes offer their membership decisions to the committee (same transaction)."""
    from members.services.proposals import propose_from_minutes
    from minutes.models import MinutesStatus

    if to_status == MinutesStatus.APPROVED:
        propose_from_minutes(meeting)
