"""Receivers that keep derived data in step with the workflow (connected in apps.ready)."""

from __future__ import annotations

from django.dispatch import receiver

from minutes.signals import minutes_transitioned


@receiver(minutes_transitioned, dispatch_uid="oversight_refresh_derived")
def refresh_derived(sender, meeting, **kwargs) -> None:
    """Keep the search text and the stored figures in step with every workflow transition."""
    from minutes.oversight.figures import refresh_figures
    from minutes.search import refresh_search_document

    refresh_search_document(meeting)
    refresh_figures(meeting)
