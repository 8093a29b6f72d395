"""Plain descriptions of the demonstration data; `members.demo.loader` turns them into rows.

Data modules refer to people by full name (unique within a cell or a meeting)
and to organizations by name, so they read like the minutes they describe.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class OrgSpec:
    name: str
    kind: str
    symbol: str
    place_name: str
    parent: str | None = None
    term_start: dt.date | None = None
    header_name: str = ""


@dataclass(frozen=True)
class MemberSpec:
    full_name: str
    gender: str  # "m" / "f"
    birth_date: dt.date
    card_number: str
    admitted_on: dt.date
    official_on: dt.date | None  # None: still probationary
    job_title: str
    position: str = "dang_vien"
    exempt_from: dt.date | None = None
    exempt_to: dt.date | None = None
    exempt_reason: str = ""
    attachment: str = ""  # "", "in" (from elsewhere), "out" (elsewhere for now)
    attachment_place: str = ""


@dataclass(frozen=True)
class GuestSpec:
    full_name: str
    title: str
    organization: str = ""


@dataclass(frozen=True)
class ActionSpec:
    text: str
    deadline: dt.date
    owner: str = ""  # full name of a member of the cell …
    owner_name: str = ""  # … or a body, e.g. "Chi ủy"
    status: str = "open"
    done_at: dt.date | None = None


@dataclass(frozen=True)
class ShortcomingSpec:
    subject: str  # "cell", "committee", "member"
    text: str
    tags: tuple[str, ...] = ()
    causes: str = ""
    responsibility: str = ""
    subject_member: str = ""  # full name, when one member is named
    actions: tuple[ActionSpec, ...] = ()


@dataclass(frozen=True)
class DecisionSpec:
    text: str
    kind: str = "ordinary"
    subject_member: str = ""
    # None: every official member present voted for it (no one against, no other view).
    votes: tuple[int, int, int] | None = None


@dataclass(frozen=True)
class ReportSpec:
    presenter: str
    title: str
    summary: str = ""


@dataclass(frozen=True)
class ReviewCommentSpec:
    anchor: str  # "attendance", "conclusion", "decision:<n>" (n = 1-based position)
    text: str


@dataclass(frozen=True)
class MeetingSpec:
    cell: str
    kind: str
    date: dt.date
    start_time: dt.time
    place: str
    chair: str
    secretary: str
    end_time: dt.time | None = None
    topic: str = ""
    legal_bases: tuple[str, ...] = ()
    documents_used: str = ""
    agenda: tuple[str, ...] = ()
    # full name -> (attendance status, reason); everyone else keeps the roster snapshot.
    attendance: dict[str, tuple[str, str]] = field(default_factory=dict)
    guests: tuple[GuestSpec, ...] = ()
    reports: tuple[ReportSpec, ...] = ()
    turns: tuple[tuple[str, str], ...] = ()  # (speaker's full name, gist)
    shortcomings: tuple[ShortcomingSpec, ...] = ()
    directive_points: tuple[tuple[str, str], ...] = ()  # (given by, text)
    conclusion: str = ""
    commendations: str = ""
    reminders: str = ""
    decisions: tuple[DecisionSpec, ...] = ()
    minutes_read_back: bool = True
    # None: adopted by everyone present.
    closing_votes: tuple[int, int, int] | None = None
    campaign: str = ""  # topic of a CampaignSpec
    recorded_by: str = ""  # username of the account that created the record
    # The state the record is in today (see loader.set_status):
    status: str = "draft"
    submitted_at: dt.datetime | None = None
    approved_at: dt.datetime | None = None
    review_comments: tuple[ReviewCommentSpec, ...] = ()


@dataclass(frozen=True)
class CampaignSpec:
    committee: str
    topic: str
    deadline: dt.date
    legal_bases: tuple[str, ...] = ()
    pilot_cell: str = ""
    created_by: str = ""  # username


@dataclass(frozen=True)
class AccountSpec:
    username: str
    first_name: str
    last_name: str
    description: str
    member: tuple[str, str] | None = None  # (cell name, full name) of the linked Member
    grants: tuple[tuple[str, str], ...] = ()  # (role, organization name)
    superuser: bool = False
