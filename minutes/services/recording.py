"""Saving the minutes while the secretary records them.

Every change the editor makes goes through one function here. Each function
checks that the user may record for the cell and that the minutes are still
editable (draft or returned) — re-read inside the transaction, so a meeting
submitted in the meantime is refused — then writes the rows with `save()`, so
the models normalize text to NFC and django-simple-history keeps who changed
what.

Two people may edit the same minutes. Meeting fields carry `Meeting.revision`:
a save that started from an older revision is refused with a `ConflictError`
listing what the other person changed. Items (speaking turns, decisions, …)
carry the values the user started from; if someone else changed one of them
since, the save is refused the same way. Nothing is silently overwritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.access import can_record
from members.models import Member, Organization
from minutes import rules as minutes_rules
from minutes.models import (
    AgendaItem,
    AttendanceStatus,
    Campaign,
    CatalogItem,
    CommitteeSettings,
    CorrectiveAction,
    Decision,
    DirectivePoint,
    LockedMinutesError,
    Meeting,
    MinutesStatus,
    Participant,
    ParticipantRole,
    Report,
    Shortcoming,
    SpeakingTurn,
)
from minutes.rules import TEMP_OUT
from minutes.search import refresh_after_commit
from minutes.services.meetings import create_meeting, snapshot_participant
from minutes.vnformat import nfc

# --- errors


@dataclass(frozen=True)
class Change:
    """One field someone else changed: its label and its value before and now, as text."""

    field: str
    label: str
    before: str
    after: str


class ConflictError(Exception):
    """The row changed since the user loaded it; `changes` says how, `deleted` if it is gone."""

    def __init__(
        self,
        changes: Sequence[Change] = (),
        *,
        deleted: bool = False,
        current: Mapping[str, str] | None = None,
        revision: int | None = None,
    ) -> None:
        self.changes = tuple(changes)
        self.deleted = deleted
        self.current = dict(current or {})  # the row's values now, to start the next try from
        self.revision = revision
        super().__init__(
            _("Mục này đã bị người khác xóa.") if deleted else _("Người khác vừa sửa nội dung này.")
        )


NOT_EDITABLE_MESSAGE = gettext_lazy(
    "Biên bản đã gửi duyệt hoặc đã được duyệt nên không sửa được nữa. "
    "Chỉ sửa được biên bản dự thảo hoặc biên bản bị trả lại."
)


def ensure_can_edit(meeting: Meeting, by) -> None:
    """403 for users who are not recorders of the cell; a locked error for non-editable minutes."""
    if by is not None and not can_record(by, meeting.cell):
        raise PermissionDenied(_("Bạn không có quyền ghi biên bản của chi bộ này."))
    if not meeting.is_editable:
        raise LockedMinutesError(str(NOT_EDITABLE_MESSAGE))


def lock_for_editing(meeting: Meeting, by) -> None:
    """Re-read the status under a row lock: it may have been submitted since the page loaded."""
    ensure_can_edit(meeting, by)
    # The UPDATE takes the row lock and moves `updated_at`, the key under which
    # the meeting's rendered parts are cached (minutes.parts): every edit goes
    # through here, so no edit can leave a stale part behind.
    now = timezone.now()
    touched = Meeting.objects.filter(
        pk=meeting.pk, status__in=MinutesStatus.editable_states
    ).update(updated_at=now)
    if not touched:
        raise LockedMinutesError(str(NOT_EDITABLE_MESSAGE))
    meeting.updated_at = now
    # The secretary finds the draft by its own words as soon as it is saved:
    # the search text is rebuilt once the edit commits (once per transaction).
    refresh_after_commit(meeting.pk)


def _clean_text(value: Any) -> Any:
    return nfc(value).strip() if isinstance(value, str) else value


# --- starting a meeting


@dataclass(frozen=True)
class Suggestions:
    """What a new meeting takes over from the cell's previous meeting of the same kind."""

    previous: Meeting | None
    place: str = ""
    legal_bases: str = ""
    agenda: tuple[str, ...] = ()
    chair_member_id: int | None = None
    chair_name: str = ""
    secretary_member_id: int | None = None
    secretary_name: str = ""
    topic: str = ""
    campaign: Campaign | None = None


def previous_meeting(cell: Organization, kind: str) -> Meeting | None:
    """The cell's latest meeting of this kind (current versions only)."""
    return (
        Meeting.objects.current()
        .filter(cell=cell, kind=kind)
        .select_related("chair", "secretary")
        .prefetch_related("agenda_items")
        .order_by("-date", "-start_time", "-pk")
        .first()
    )


def suggestions_for(cell: Organization, kind: str, campaign: Campaign | None = None) -> Suggestions:
    previous = previous_meeting(cell, kind)
    values: dict[str, Any] = {"previous": previous, "campaign": campaign}
    if previous is not None:
        values.update(
            place=previous.place,
            legal_bases=previous.legal_bases,
            agenda=tuple(item.title for item in previous.agenda_items.all()),
        )
        for role in ("chair", "secretary"):
            person = getattr(previous, role)
            if person is not None:
                values[f"{role}_member_id"] = person.member_id
                values[f"{role}_name"] = person.full_name
    if campaign is not None:
        values["topic"] = campaign.topic
        values["legal_bases"] = campaign.legal_bases or values.get("legal_bases", "")
    return Suggestions(**values)


def campaigns_for_cell(cell: Organization):
    """Campaigns of a committee at or above `cell`: the ones the cell is asked to hold."""
    ancestor_ids = [int(part) for part in cell.path.strip("/").split("/") if part]
    return Campaign.objects.filter(committee_id__in=ancestor_ids)


@transaction.atomic
def start_meeting(
    *,
    cell: Organization,
    kind: str,
    date: dt.date,
    start_time: dt.time | None = None,
    place: str = "",
    topic: str = "",
    legal_bases: str = "",
    agenda: Sequence[str] = (),
    chair_member_id: int | None = None,
    secretary_member_id: int | None = None,
    previous: Meeting | None = None,
    campaign: Campaign | None = None,
    by,
) -> Meeting:
    """Create a draft meeting with its roster snapshot; chair and secretary as last time.

    A start time or place nobody knows yet stays empty (the preview lists it,
    submission asks for it). Every expected member starts "chưa điểm danh".
    A chair or secretary who was a guest last time is added as a guest again.
    """
    if by is not None and not can_record(by, cell):
        raise PermissionDenied(_("Bạn không có quyền ghi biên bản của chi bộ này."))
    meeting = create_meeting(
        cell=cell,
        kind=kind,
        date=date,
        start_time=start_time,
        place=_clean_text(place),
        topic=_clean_text(topic),
        legal_bases=_clean_text(legal_bases),
        agenda=[_clean_text(line) for line in agenda if line.strip()],
        campaign=campaign,
        by=by if getattr(by, "is_authenticated", False) else None,
    )
    rows = {p.member_id: p for p in meeting.participants.all() if p.member_id}
    changed = []
    for role, member_id in (("chair", chair_member_id), ("secretary", secretary_member_id)):
        person = rows.get(member_id) if member_id else None
        if person is None and previous is not None:
            old = getattr(previous, role)
            if old is not None and old.role == ParticipantRole.GUEST:
                person = _copy_guest(meeting, old)
        if person is not None:
            setattr(meeting, role, person)
            changed.append(role)
    if changed:
        meeting.save(update_fields=changed)
    refresh_after_commit(meeting.pk)  # searchable by what it was prefilled with
    return meeting


# Two clicks on a one-click start (a double click, a reload that posts again)
# within this time open the draft the first one made instead of a second one.
REPEAT_START_WINDOW = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class QuickStart:
    """What a one-click start did: `meeting` is None when there is nothing to prefill from."""

    meeting: Meeting | None
    created: bool = False
    suggestions: Suggestions | None = None


def start_meeting_like_last_time(
    *, cell: Organization, kind: str, campaign: Campaign | None = None, by
) -> QuickStart:
    """A draft dated today, prefilled from the cell's previous meeting of this kind.

    Prefilled as the start form is (legal bases, agenda, chair and secretary;
    the campaign's topic and bases). The start time and the place are facts of
    this meeting, not of the last one: they stay empty until the secretary
    types them. Without a previous meeting there is nothing to prefill, so
    nothing is made and the caller shows the form. The same user starting the same kind for the same cell
    (and campaign) again within REPEAT_START_WINDOW gets the draft made the first
    time: on PostgreSQL the cell's row is locked while looking, so two clicks
    arriving together are served one after the other and the second finds the
    first's draft.
    """
    if by is not None and not can_record(by, cell):
        raise PermissionDenied(_("Bạn không có quyền ghi biên bản của chi bộ này."))
    suggestions = suggestions_for(cell, kind, campaign)
    previous = suggestions.previous
    if previous is None:
        return QuickStart(None, suggestions=suggestions)
    with transaction.atomic():
        # Serializes starts for this cell on PostgreSQL. SQLite has no row locks:
        # there only clicks a moment apart (the usual double click) are caught.
        Organization.objects.select_for_update().filter(pk=cell.pk).first()
        recent = (
            Meeting.objects.filter(
                cell=cell,
                kind=kind,
                campaign=campaign,
                created_by=by,
                status=MinutesStatus.DRAFT,
                created_at__gte=timezone.now() - REPEAT_START_WINDOW,
            )
            .order_by("-created_at", "-pk")
            .first()
        )
        if recent is not None:
            return QuickStart(recent, created=False, suggestions=suggestions)
        meeting = start_meeting(
            cell=cell,
            kind=kind,
            date=timezone.localdate(),
            topic=suggestions.topic,
            legal_bases=suggestions.legal_bases,
            agenda=suggestions.agenda,
            chair_member_id=suggestions.chair_member_id,
            secretary_member_id=suggestions.secretary_member_id,
            previous=previous,
            campaign=campaign,
            by=by,
        )
    return QuickStart(meeting, created=True, suggestions=suggestions)


def _copy_guest(meeting: Meeting, old: Participant) -> Participant:
    existing = [
        p
        for p in meeting.participants.all()
        if p.role == ParticipantRole.GUEST and p.full_name == old.full_name
    ]
    if existing:
        return existing[0]
    guest = Participant(
        meeting=meeting,
        role=ParticipantRole.GUEST,
        full_name=old.full_name,
        is_group=old.is_group,
        non_member=old.non_member,
        title=old.title,
        organization=old.organization,
        order=_next_order(meeting.participants.all()),
    )
    guest.save()
    return guest


# --- meeting fields (optimistic lock on Meeting.revision)

MEETING_FIELDS: dict[str, Any] = {
    "kind": gettext_lazy("Loại sinh hoạt"),
    "date": gettext_lazy("Ngày họp"),
    "start_time": gettext_lazy("Giờ bắt đầu"),
    "place": gettext_lazy("Địa điểm"),
    "topic": gettext_lazy("Chủ đề"),
    "title_override": gettext_lazy("Trích yếu"),
    "legal_bases": gettext_lazy("Căn cứ"),
    "documents_used": gettext_lazy("Tài liệu sử dụng"),
    "chair": gettext_lazy("Chủ trì"),
    "secretary": gettext_lazy("Thư ký"),
    "conclusion": gettext_lazy("Kết luận của chủ trì"),
    "commendations": gettext_lazy("Biểu dương"),
    "reminders": gettext_lazy("Nhắc nhở"),
    "end_time": gettext_lazy("Giờ kết thúc"),
    "minutes_read_back": gettext_lazy("Biên bản đã được đọc lại"),
    "closing_votes_for": gettext_lazy("Nhất trí thông qua biên bản"),
    "closing_votes_against": gettext_lazy("Không nhất trí"),
    "closing_votes_other": gettext_lazy("Ý kiến khác"),
    "discussion_speakers": gettext_lazy("Số đảng viên đã phát biểu"),
    "discussion_turns": gettext_lazy("Tổng số lượt phát biểu"),
    "discussion_summary": gettext_lazy("Tóm tắt chung các ý kiến"),
    "thematic_conclusion": gettext_lazy("Kết luận phần chuyên đề"),
    "is_pilot": gettext_lazy("Buổi sinh hoạt điểm (làm điểm)"),
    "pilot_guide_number": gettext_lazy("Số hiệu văn bản hướng dẫn"),
    "pilot_guide_date": gettext_lazy("Ngày văn bản hướng dẫn"),
    "pilot_guide_issuer": gettext_lazy("Cơ quan ban hành hướng dẫn"),
}
_FK_FIELDS = {"chair", "secretary"}


def _meeting_value_text(meeting: Meeting | Any, field: str, names: Mapping[int, str]) -> str:
    if field in _FK_FIELDS:
        pk = getattr(meeting, f"{field}_id")
        return names.get(pk, "") if pk else ""
    value = getattr(meeting, field)
    if field == "kind":
        return str(dict(Meeting._meta.get_field("kind").choices).get(value, value))
    return display_text(value)


def display_text(value: Any) -> str:
    """A stored value as a person reads it in a conflict message."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(value)


def meeting_changes_since(meeting: Meeting, revision: int, fields: Iterable[str]) -> list[Change]:
    """What changed in `fields` between `revision` (from the history) and the row now."""
    then = (
        Meeting.history.filter(id=meeting.pk, revision=revision)
        .order_by("-history_date", "-history_id")
        .first()
    )
    names = dict(Participant.objects.filter(meeting=meeting).values_list("pk", "full_name"))
    changes = []
    for field in fields:
        after = _meeting_value_text(meeting, field, names)
        before = _meeting_value_text(then, field, names) if then is not None else "?"
        if before != after:
            changes.append(Change(field, str(MEETING_FIELDS[field]), before, after))
    return changes


def update_meeting(*, meeting: Meeting, revision: int, values: Mapping[str, Any], by) -> Meeting:
    """Save meeting fields if nobody saved the meeting since `revision`; bump the revision.

    The compare-and-set is one UPDATE … WHERE revision = %s, so two concurrent
    saves cannot both pass, on SQLite as on PostgreSQL.
    """
    unknown = set(values) - set(MEETING_FIELDS)
    if unknown:
        raise ValueError(f"not meeting fields: {sorted(unknown)}")
    for role in _FK_FIELDS & set(values):
        person = values[role]
        if person is not None and person.meeting_id != meeting.pk:
            raise ValidationError(_("Người được chọn không dự cuộc họp này."))
    with transaction.atomic():
        lock_for_editing(meeting, by)
        swapped = Meeting.objects.filter(pk=meeting.pk, revision=revision).update(
            revision=F("revision") + 1
        )
        if not swapped:
            current = Meeting.objects.get(pk=meeting.pk)
            raise ConflictError(
                meeting_changes_since(current, revision, MEETING_FIELDS),
                revision=current.revision,
            )
        for field, value in values.items():
            setattr(meeting, field, _clean_text(value))
        meeting.revision = revision + 1
        meeting.save(update_fields=[*values, "revision", "updated_at"])
    return meeting


# --- attendance


def is_fixed_row(row: Participant) -> bool:
    """Members the rules never expect (elsewhere for now, suspended): no attendance to take."""
    return row.attachment == TEMP_OUT or row.is_suspended


def allowed_statuses(row: Participant) -> tuple[str, ...]:
    """The attendance states the editor offers for one member row."""
    if is_fixed_row(row):
        return (AttendanceStatus.NOT_EXPECTED,)
    if row.is_exempt:
        # Exempt members are not expected; they count once they come.
        return (AttendanceStatus.PRESENT, AttendanceStatus.NOT_EXPECTED)
    return (
        # Offered so a row marked by mistake can be put back to "not yet marked".
        AttendanceStatus.UNMARKED,
        AttendanceStatus.PRESENT,
        AttendanceStatus.ABSENT_EXCUSED,
        AttendanceStatus.ABSENT_UNEXCUSED,
        AttendanceStatus.ABSENT_UNKNOWN,
    )


def mark_all_present(*, meeting: Meeting, by) -> int:
    """Every expected member not marked yet is marked present; returns how many rows changed.

    Rows already marked (an absence with its reason, …) are what the secretary
    took down: the one click fills in the rest, it never overwrites them.
    """
    with transaction.atomic():
        lock_for_editing(meeting, by)
        rows = Participant.objects.select_for_update().filter(
            meeting=meeting, role=ParticipantRole.MEMBER
        )
        changed = 0
        for row in rows:
            if is_fixed_row(row) or row.is_exempt:
                continue
            if row.status == AttendanceStatus.UNMARKED:
                row.status = AttendanceStatus.PRESENT
                row.absence_reason = ""
                row.save(update_fields=["status", "absence_reason"])
                changed += 1
    return changed


@dataclass(frozen=True)
class AttendanceChange:
    participant_id: int
    status: str
    reason: str
    # What the user saw when they changed it; None when unknown.
    was_status: str | None = None
    was_reason: str | None = None


def _attendance_error(row: Participant, status: str, reason: str) -> str | None:
    if status not in allowed_statuses(row):
        return _("Trạng thái điểm danh không hợp lệ với đồng chí %(name)s.") % {
            "name": row.full_name
        }
    if status == AttendanceStatus.ABSENT_EXCUSED and not reason:
        # Refused, never saved as an absence without its reason: the row says
        # why, and points to the choice for a reason nobody knows yet.
        return _("Ghi lý do vắng của đồng chí %(name)s, hoặc chọn “Vắng, chưa rõ lý do”.") % {
            "name": row.full_name
        }
    return None


def set_attendance(
    *, meeting: Meeting, changes: Sequence[AttendanceChange], by
) -> tuple[list[Participant], dict[int, str], dict[int, ConflictError]]:
    """Apply attendance changes row by row.

    Returns (saved rows, errors by participant id, conflicts by participant id).
    A row someone else changed since the user saw it is left alone and reported;
    the other rows are still saved.
    """
    saved: list[Participant] = []
    errors: dict[int, str] = {}
    conflicts: dict[int, ConflictError] = {}
    with transaction.atomic():
        lock_for_editing(meeting, by)
        rows = Participant.objects.select_for_update().in_bulk([c.participant_id for c in changes])
        for change in changes:
            row = rows.get(change.participant_id)
            if row is None or row.meeting_id != meeting.pk or row.role != ParticipantRole.MEMBER:
                errors[change.participant_id] = _("Không tìm thấy đảng viên này trong điểm danh.")
                continue
            status = change.status
            if row.is_exempt or is_fixed_row(row):
                # Their reason field holds why they are exempt or away: keep it.
                reason = row.absence_reason
            elif status == AttendanceStatus.ABSENT_EXCUSED:
                reason = _clean_text(change.reason)
            else:
                reason = ""
            if row.status == status and row.absence_reason == reason:
                continue
            message = _attendance_error(row, status, reason)
            if message:
                errors[row.pk] = message
                continue
            if change.was_status is not None and (
                row.status != change.was_status
                or row.absence_reason != _clean_text(change.was_reason or "")
            ):
                conflicts[row.pk] = ConflictError(
                    [
                        Change(
                            "status",
                            row.full_name,
                            _status_text(change.was_status, change.was_reason or ""),
                            _status_text(row.status, row.absence_reason),
                        )
                    ]
                )
                continue
            row.status = status
            row.absence_reason = reason
            row.save(update_fields=["status", "absence_reason"])
            saved.append(row)
    return saved, errors, conflicts


def _status_text(status: str, reason: str) -> str:
    label = str(dict(AttendanceStatus.choices).get(status, status))
    return f"{label} ({reason})" if reason and status == AttendanceStatus.ABSENT_EXCUSED else label


def add_missing_members(*, meeting: Meeting, by) -> int:
    """Add attendance rows for members on the roster that day who are not listed yet."""
    with transaction.atomic():
        lock_for_editing(meeting, by)
        listed = set(
            Participant.objects.filter(meeting=meeting, member__isnull=False).values_list(
                "member_id", flat=True
            )
        )
        start = _next_order(Participant.objects.filter(meeting=meeting))
        missing = [
            m
            for m in Member.objects.on_roster(meeting.cell, meeting.date).order_by("search_name")
            if m.pk not in listed
        ]
        for offset, member in enumerate(missing):
            snapshot_participant(meeting, member, start + offset).save()
    return len(missing)


# --- items: agenda, guests, reports, turns, shortcomings, actions, directives, decisions


@dataclass(frozen=True)
class ItemSpec:
    model: type[models.Model]
    fields: tuple[str, ...]
    labels: Mapping[str, Any]
    ordered: bool = True


ITEMS: dict[str, ItemSpec] = {
    "agenda": ItemSpec(AgendaItem, ("title",), {"title": gettext_lazy("Nội dung")}),
    "guest": ItemSpec(
        Participant,
        ("full_name", "is_group", "non_member", "title", "organization"),
        {
            "full_name": gettext_lazy("Họ và tên"),
            "is_group": gettext_lazy("Là nhóm/đại diện, không ghi tên từng người"),
            "non_member": gettext_lazy("Tư cách"),
            "title": gettext_lazy("Chức vụ"),
            "organization": gettext_lazy("Cơ quan, đơn vị"),
        },
    ),
    "report": ItemSpec(
        Report,
        ("presentation", "presenter", "title", "summary", "part"),
        {
            "part": gettext_lazy("Thuộc phần"),
            "presentation": gettext_lazy("Loại"),
            "presenter": gettext_lazy("Người trình bày"),
            "title": gettext_lazy("Tên báo cáo"),
            "summary": gettext_lazy("Tóm tắt"),
        },
    ),
    "turn": ItemSpec(
        SpeakingTurn,
        ("speaker", "gist", "part"),
        {
            "speaker": gettext_lazy("Người phát biểu"),
            "gist": gettext_lazy("Tóm tắt ý kiến"),
            "part": gettext_lazy("Thuộc phần"),
        },
    ),
    "shortcoming": ItemSpec(
        Shortcoming,
        ("subject", "subject_participant", "text", "tags", "causes", "responsibility"),
        {
            "subject": gettext_lazy("Của"),
            "subject_participant": gettext_lazy("Đảng viên"),
            "text": gettext_lazy("Tồn tại, hạn chế"),
            "tags": gettext_lazy("Đối chiếu danh mục"),
            "causes": gettext_lazy("Nguyên nhân"),
            "responsibility": gettext_lazy("Trách nhiệm"),
        },
    ),
    "action": ItemSpec(
        CorrectiveAction,
        ("text", "owner_member", "owner_name", "deadline"),
        {
            "text": gettext_lazy("Biện pháp khắc phục"),
            "owner_member": gettext_lazy("Người thực hiện"),
            "owner_name": gettext_lazy("Người/bộ phận thực hiện"),
            "deadline": gettext_lazy("Thời hạn"),
        },
        ordered=False,
    ),
    "directive": ItemSpec(
        DirectivePoint,
        ("given_by", "text", "part"),
        {
            "given_by": gettext_lazy("Người chỉ đạo"),
            "text": gettext_lazy("Nội dung"),
            "part": gettext_lazy("Thuộc phần"),
        },
    ),
    "decision": ItemSpec(
        Decision,
        ("kind", "text", "subject_member", "votes_for", "votes_against", "votes_other", "part"),
        {
            "part": gettext_lazy("Thuộc phần"),
            "kind": gettext_lazy("Loại"),
            "text": gettext_lazy("Nội dung biểu quyết"),
            "subject_member": gettext_lazy("Đảng viên liên quan"),
            "votes_for": gettext_lazy("Tán thành"),
            "votes_against": gettext_lazy("Không tán thành"),
            "votes_other": gettext_lazy("Ý kiến khác"),
        },
    ),
}


def item_queryset(meeting: Meeting, kind: str) -> models.QuerySet:
    spec = ITEMS[kind]
    qs = spec.model.objects.filter(meeting=meeting)
    if kind == "guest":
        qs = qs.filter(role=ParticipantRole.GUEST)
    return qs


def snapshot(item: models.Model, kind: str) -> dict[str, str]:
    """The editable values of an item as strings: what an edit form starts from."""
    out = {}
    for field in ITEMS[kind].fields:
        if field == "tags":
            out[field] = ",".join(str(pk) for pk in sorted(t.pk for t in item.tags.all()))
            continue
        model_field = item._meta.get_field(field)
        value = getattr(item, model_field.attname)
        out[field] = "" if value is None else str(value)
    return out


def _snapshot_values(values: Mapping[str, Any], kind: str) -> dict[str, str]:
    out = {}
    for field in ITEMS[kind].fields:
        value = values.get(field)
        if field == "tags":
            out[field] = ",".join(str(pk) for pk in sorted(t.pk for t in value or ()))
        elif isinstance(value, models.Model):
            out[field] = str(value.pk)
        elif value is None:
            out[field] = ""
        else:
            out[field] = str(_clean_text(value))
    return out


def _value_text(kind: str, field: str, raw: str, meeting: Meeting) -> str:
    """A snapshot value (ids as strings) as readable text."""
    if raw == "":
        return "—"
    spec = ITEMS[kind]
    if field == "tags":
        ids = [int(pk) for pk in raw.split(",") if pk.isdigit()]
        codes = CatalogItem.objects.filter(pk__in=ids).values_list("code", flat=True)
        return ", ".join(sorted(codes)) or "—"
    model_field = spec.model._meta.get_field(field)
    if model_field.is_relation:
        related = model_field.related_model
        row = related.objects.filter(pk=raw).first() if raw.isdigit() else None
        return getattr(row, "full_name", str(row)) if row else "—"
    if model_field.choices:
        return str(dict(model_field.choices).get(raw, raw))
    if isinstance(model_field, models.BooleanField):
        return display_text(raw == "True")
    if isinstance(model_field, models.DateField):
        try:
            return dt.date.fromisoformat(raw).strftime("%d/%m/%Y")
        except ValueError:
            return raw
    return raw


def _next_order(items: Iterable[models.Model]) -> int:
    if isinstance(items, models.QuerySet):
        return (items.aggregate(top=Max("order"))["top"] or 0) + 1
    return max((getattr(i, "order", 0) for i in items), default=0) + 1


def _check_references(meeting: Meeting, kind: str, values: Mapping[str, Any]) -> None:
    """People and members named by an item must belong to this meeting."""
    for field in ("presenter", "speaker", "given_by", "subject_participant"):
        person = values.get(field)
        if person is not None and person.meeting_id != meeting.pk:
            raise ValidationError(_("Người được chọn không dự cuộc họp này."))
    for field in ("subject_member", "owner_member"):
        member = values.get(field)
        if member is not None and member.cell_id != meeting.cell_id:
            raise ValidationError(_("Đảng viên được chọn không thuộc chi bộ này."))
    if kind == "decision":
        errors = minutes_rules.vote_errors(
            values.get("votes_for"),
            values.get("votes_against"),
            values.get("votes_other"),
            denominator_for(meeting),
        )
        if errors:
            raise ValidationError(errors)


def denominator_for(
    meeting: Meeting, rules: CommitteeSettings | None = None
) -> minutes_rules.Denominator:
    rules = rules or CommitteeSettings.for_organization(meeting.cell)
    return minutes_rules.vote_denominator(
        Participant.objects.filter(meeting=meeting, role=ParticipantRole.MEMBER), rules
    )


def _assign(item: models.Model, kind: str, values: Mapping[str, Any]) -> None:
    """Set the plain fields of `item` from `values` (tags are many-to-many, set after saving)."""
    for field in ITEMS[kind].fields:
        if field != "tags" and field in values:
            setattr(item, field, _clean_text(values[field]))


def add_item(
    *,
    meeting: Meeting,
    kind: str,
    values: Mapping[str, Any],
    by,
    shortcoming: Shortcoming | None = None,
) -> models.Model:
    """Append an item at the end of its list (a corrective action joins `shortcoming`)."""
    spec = ITEMS[kind]
    with transaction.atomic():
        lock_for_editing(meeting, by)
        _check_references(meeting, kind, values)
        item = spec.model(meeting=meeting)
        if kind == "guest":
            item.role = ParticipantRole.GUEST
            item.order = _next_order(Participant.objects.filter(meeting=meeting))
        elif kind == "action":
            if shortcoming is None or shortcoming.meeting_id != meeting.pk:
                raise ValidationError(_("Chọn tồn tại, hạn chế cần khắc phục."))
            item.shortcoming = shortcoming
            item.cell_id = meeting.cell_id
        elif spec.ordered:
            item.order = _next_order(item_queryset(meeting, kind))
        _assign(item, kind, values)
        item.save()
        if kind == "shortcoming":
            item.tags.set(values.get("tags") or ())
    return item


def add_shortcoming(
    *,
    meeting: Meeting,
    values: Mapping[str, Any],
    action: Mapping[str, Any] | None = None,
    by,
) -> Shortcoming:
    """A new shortcoming, and its first corrective action when one was typed with it."""
    with transaction.atomic():
        shortcoming = add_item(meeting=meeting, kind="shortcoming", values=values, by=by)
        if action:
            add_item(meeting=meeting, kind="action", values=action, by=by, shortcoming=shortcoming)
    return shortcoming


def update_item(
    *,
    meeting: Meeting,
    kind: str,
    item_id: int,
    values: Mapping[str, Any],
    original: Mapping[str, str] | None,
    by,
) -> models.Model:
    """Save an item's new values unless someone else changed the same item since `original`.

    `original` is the version token the edit form was issued with: the item's
    `snapshot` when the form was rendered. A change by someone else to a field
    is a conflict unless this user typed the very same value; the
    `ConflictError` lists the other person's changes. Without a whole token
    (None, or missing some field) nobody can tell what the edit started from,
    so it is a conflict too, never a blind overwrite.
    """
    spec = ITEMS[kind]
    with transaction.atomic():
        lock_for_editing(meeting, by)
        item = item_queryset(meeting, kind).select_for_update().filter(pk=item_id).first()
        if item is None:
            raise ConflictError(deleted=True)
        _check_references(meeting, kind, values)
        current = snapshot(item, kind)
        if original is not None and "part" in spec.fields:
            # A token issued before items had a part (of a combined session)
            # started from its default: none.
            original = {"part": "", **original}
        if original is None or not all(f in original for f in spec.fields):
            raise ConflictError(current=current)
        mine = _snapshot_values(values, kind)
        changed_by_other = [
            f for f in spec.fields if original[f] != current[f] and mine.get(f) != current[f]
        ]
        if changed_by_other:
            raise ConflictError(
                [
                    Change(
                        f,
                        str(spec.labels[f]),
                        _value_text(kind, f, original[f], meeting),
                        _value_text(kind, f, current[f], meeting),
                    )
                    for f in changed_by_other
                ],
                current=current,
            )
        _assign(item, kind, values)
        item.save()
        if kind == "shortcoming" and "tags" in values:
            item.tags.set(values["tags"] or ())
    return item


def delete_item(*, meeting: Meeting, kind: str, item_id: int, by) -> None:
    """Delete an item. A person still named elsewhere in the minutes cannot be deleted."""
    with transaction.atomic():
        lock_for_editing(meeting, by)
        item = item_queryset(meeting, kind).select_for_update().filter(pk=item_id).first()
        if item is None:
            return  # already gone: deleting twice is a no-op
        if kind == "guest":
            uses = guest_uses(meeting, item)
            if uses:
                # A group is named as such, never "đồng chí".
                message = (
                    _("Không xóa được: %(name)s còn được ghi là %(uses)s.")
                    if item.is_group or item.non_member
                    else _("Không xóa được: đồng chí %(name)s còn được ghi là %(uses)s.")
                )
                raise ValidationError(message % {"name": item.full_name, "uses": ", ".join(uses)})
        item.delete()


def guest_uses(meeting: Meeting, person: Participant) -> list[str]:
    """Where a guest is still named in the minutes (chair, speaker, …)."""
    uses = []
    if person.pk in (meeting.chair_id, meeting.secretary_id):
        uses.append(_("chủ trì hoặc thư ký"))
    checks = (
        (Report.objects.filter(presenter=person), _("người trình bày báo cáo")),
        (SpeakingTurn.objects.filter(speaker=person), _("người phát biểu")),
        (DirectivePoint.objects.filter(given_by=person), _("người chỉ đạo")),
        (Shortcoming.objects.filter(subject_participant=person), _("người có tồn tại")),
    )
    for qs, label in checks:
        if qs.exists():
            uses.append(label)
    return uses


def move_item(*, meeting: Meeting, kind: str, item_id: int, direction: int, by) -> bool:
    """Move an item one place up (-1) or down (+1) in its list; False if it cannot move.

    The list is renumbered 1…n as it goes, so equal `order` values left by older
    data never make a move ambiguous; only rows whose number changes are saved.
    """
    if direction not in (-1, 1) or not ITEMS[kind].ordered:
        return False
    with transaction.atomic():
        lock_for_editing(meeting, by)
        items = list(item_queryset(meeting, kind).select_for_update().order_by("order", "pk"))
        index = next((i for i, item in enumerate(items) if item.pk == item_id), None)
        if index is None:
            return False
        target = index + direction
        if not 0 <= target < len(items):
            return False
        items[index], items[target] = items[target], items[index]
        for position, item in enumerate(items, 1):
            if item.order != position:
                item.order = position
                item.save(update_fields=["order"])
    return True
