"""Reads that several pages share, each with a fixed number of queries."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from members.access import meetings_visible_to
from minutes.models import (
    AssessmentSource,
    CorrectiveAction,
    Meeting,
    Participant,
    QualityAssessment,
    QualityFramework,
    Shortcoming,
)


def with_parts(queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Everything the minutes show, in a fixed number of queries whatever their size."""
    return queryset.select_related(
        "cell",
        "cell__parent",
        "chair",
        "secretary",
        "campaign",
    ).prefetch_related(
        "agenda_items",
        Prefetch("participants", queryset=Participant.objects.order_by("order", "pk")),
        Prefetch("reports", queryset=_ordered("reports")),
        Prefetch("speaking_turns", queryset=_ordered("speaking_turns")),
        Prefetch(
            "shortcomings",
            queryset=Shortcoming.objects.order_by("order", "pk").prefetch_related(
                "tags",
                Prefetch(
                    "actions",
                    queryset=CorrectiveAction.objects.select_related("owner_member").order_by("pk"),
                ),
            ),
        ),
        Prefetch("directive_points", queryset=_ordered("directive_points")),
        Prefetch("decisions", queryset=_ordered("decisions")),
        # The minutes print the cell's own grade (never the superior's): one query.
        Prefetch(
            "assessments",
            queryset=QualityAssessment.objects.filter(source=AssessmentSource.SELF)
            .select_related("framework")
            .annotate(max_points=Sum("framework__criteria__max_points")),
            to_attr="self_assessments",
        ),
    )


def _ordered(relation: str) -> QuerySet:
    model = Meeting._meta.get_field(relation).related_model
    return model.objects.order_by("order", "pk")


def visible_meeting(user, pk: int) -> Meeting:
    """The meeting with all its parts, or 404 if this user may not see it."""
    return get_object_or_404(with_parts(meetings_visible_to(user)), pk=pk)


def visible_meeting_row(user, pk: int) -> Meeting:
    """The meeting alone (its cell, its signed document, the parts generation), or 404.

    For pages that serve the meeting's rendered parts from the cache
    (minutes.parts): the parts themselves are loaded only on a miss, by
    `load_parts`.
    """
    from minutes.parts import with_generation

    # The search text can be as long as the minutes and no page shows it.
    queryset = (
        with_generation(meetings_visible_to(user))
        .select_related("cell", "signed_document")
        .defer("search_document")
    )
    return get_object_or_404(queryset, pk=pk)


def load_parts(meeting: Meeting) -> Meeting:
    """`meeting` again, with all its parts (`with_parts`) and its generation."""
    from minutes.parts import with_generation

    return with_generation(with_parts(Meeting.objects.filter(pk=meeting.pk))).get()


def frameworks_visible_to(user) -> QuerySet[QualityFramework]:
    """Quality frameworks a committee's staff (reviewer or viewer) may read.

    The shared ones, those of their committees and the committees below, and
    those of the committees above (which may have adopted them for their cells).
    Anyone without a committee role sees none (the pages answer 404).
    """
    from members.access import _grant_paths
    from members.models import Role

    if not user.is_authenticated:
        return QualityFramework.objects.none()
    if user.is_superuser:
        return QualityFramework.objects.all()
    paths = _grant_paths(user, (Role.REVIEWER, Role.VIEWER))
    if not paths:
        return QualityFramework.objects.none()
    above = {int(part) for path in paths for part in path.strip("/").split("/") if part}
    below = reduce(or_, (Q(owner__path__startswith=path) for path in paths))
    return QualityFramework.objects.filter(Q(owner__isnull=True) | Q(owner_id__in=above) | below)
