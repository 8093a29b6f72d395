"""The stored figures of a meeting, computed with minutes.rules."""

from __future__ import annotations

from collections.abc import Sequence

from minutes import rules
from minutes.models import (
    CommitteeSettings,
    Decision,
    Meeting,
    MeetingFigures,
    Participant,
    ParticipantRole,
    VotingRule,
)


def compute_figures(
    meeting: Meeting,
    *,
    participants: Sequence[Participant],
    decisions: Sequence[Decision],
    shortcomings: int,
    speaking_turns: int,
    settings: CommitteeSettings,
    voting_rules: Sequence[VotingRule] = (),
) -> MeetingFigures:
    """The figures of `meeting` from its loaded parts (not saved)."""
    members = [p for p in participants if p.role == ParticipantRole.MEMBER]
    figures = rules.attendance_figures(members)
    denominator = rules.vote_denominator(members, settings)
    adopted = sum(
        rules.decision_outcome(
            kind=d.kind,
            votes_for=d.votes_for,
            votes_against=d.votes_against,
            votes_other=d.votes_other,
            denominator=denominator,
            rules=voting_rules,
        ).adopted
        for d in decisions
    )
    return MeetingFigures(
        meeting=meeting,
        expected=figures.expected,
        present=figures.present,
        absent_excused=len(figures.absent_excused),
        absent_unexcused=len(figures.absent_unexcused),
        # The quality criterion of domain.md §3.6, as check_minutes warns about it.
        attendance_good=not figures.absent_unexcused
        and figures.rate_exceeds(settings.good_attendance_percent),
        duration=rules.duration_minutes(meeting.start_time, meeting.end_time),
        minimum_duration=rules.minimum_minutes(meeting.kind, settings),
        decisions=len(decisions),
        decisions_adopted=adopted,
        shortcomings=shortcomings,
        speaking_turns=speaking_turns,
    )


def refresh_figures(meeting: Meeting) -> MeetingFigures:
    """Recompute and store the figures of `meeting` from the database."""
    meeting = Meeting.objects.select_related("cell").get(pk=meeting.pk)
    figures = compute_figures(
        meeting,
        participants=list(meeting.participants.all()),
        decisions=list(meeting.decisions.all()),
        shortcomings=meeting.shortcomings.count(),
        speaking_turns=meeting.speaking_turns.count(),
        settings=CommitteeSettings.for_organization(meeting.cell),
        voting_rules=list(VotingRule.objects.all()),
    )
    figures.save()
    return figures
