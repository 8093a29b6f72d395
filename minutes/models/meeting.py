"""A cell meeting and everything recorded in it."""

from __future__ import annotations

import contextvars
import enum
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import models
from django.db.models.signals import m2m_changed, pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from minutes.models.rules import DecisionKind
from minutes.vnformat import nfc


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("Sinh hoạt thường kỳ")
    THEMATIC = "thematic", _("Sinh hoạt chuyên đề")
    EXTRAORDINARY = "extraordinary", _("Sinh hoạt bất thường")
    COMBINED = "combined", _("Sinh hoạt thường kỳ kết hợp chuyên đề")


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("minutes status", "Dự thảo")
    SUBMITTED = "submitted", pgettext_lazy("minutes status", "Chờ duyệt")
    RETURNED = "returned", pgettext_lazy("minutes status", "Trả lại")
    APPROVED = "approved", pgettext_lazy("minutes status", "Đã duyệt")

    # States in which the record may still be edited by its recorders.
    editable_states = enum.nonmember(("draft", "returned"))


class LockedMinutesError(Exception):
    """Raised when something tries to change approved minutes or any of their parts.

    Submitted minutes are read-only too, but for people only: the editor checks
    `Meeting.is_editable`. The model layer refuses every write to minutes that
    are approved in the database, whatever the caller.
    """

    def __init__(self, message: str = "") -> None:
        super().__init__(
            message or str(_("Biên bản đã được duyệt, không thể sửa. Muốn đính chính, hãy mở lại."))
        )


# The one sanctioned way to write approved minutes: only the workflow services
# (marking a version superseded) enter it. A context variable, so it holds for
# the current thread/task only and can never leak into another request.
_workflow_write: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "minutes_workflow_write", default=False
)


@contextmanager
def workflow_write() -> Iterator[None]:
    """Let the enclosed writes touch approved minutes (minutes.services.workflow/versions only)."""
    token = _workflow_write.set(True)
    try:
        yield
    finally:
        _workflow_write.reset(token)


def _approved_meetings(meeting_ids: Iterable[int | None]) -> bool:
    ids = {pk for pk in meeting_ids if pk is not None}
    if not ids or _workflow_write.get():
        return False
    return Meeting._base_manager.filter(pk__in=ids, status=MinutesStatus.APPROVED).exists()


class LockedQuerySet(models.QuerySet):
    """Bulk writes refuse rows of approved minutes, like `save()` and `delete()` do.

    `lock_lookup` names the status of the minutes the row belongs to; fields in
    the model's `UNLOCKED_FIELDS` stay writable after approval.
    """

    lock_lookup = "meeting__status"

    def _locked(self) -> models.QuerySet:
        return self.filter(**{self.lock_lookup: MinutesStatus.APPROVED})

    def _open(self) -> models.QuerySet:
        return self.exclude(**{self.lock_lookup: MinutesStatus.APPROVED})

    def _touches_locked_fields(self, names: Iterable[str]) -> bool:
        unlocked = getattr(self.model, "UNLOCKED_FIELDS", frozenset())
        return any(
            self.model._meta.get_field(name).attname not in unlocked
            and self.model._meta.get_field(name).name not in unlocked
            for name in names
        )

    def update(self, **kwargs) -> int:
        if _workflow_write.get() or not self._touches_locked_fields(kwargs):
            return super().update(**kwargs)
        if self._locked().exists():
            raise LockedMinutesError()
        # Excluding again in the UPDATE itself closes the race with a concurrent approval.
        return super(LockedQuerySet, self._open()).update(**kwargs)

    def delete(self):
        if not _workflow_write.get() and self._locked().exists():
            raise LockedMinutesError()
        return super().delete()

    def bulk_update(self, objs, fields, batch_size=None) -> int:
        objs = list(objs)
        if self._touches_locked_fields(fields) and _approved_meetings(
            self.model._meeting_ids(objs)
        ):
            raise LockedMinutesError()
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if _approved_meetings(self.model._meeting_ids(objs)):
            raise LockedMinutesError()
        return super().bulk_create(objs, *args, **kwargs)


class MeetingQuerySet(LockedQuerySet):
    lock_lookup = "status"

    def for_list(self) -> MeetingQuerySet:
        return self.select_related("cell", "cell__parent")

    def current(self) -> MeetingQuerySet:
        """Leave out approved versions that a later approved version replaced."""
        return self.filter(superseded_at__isnull=True)


class Meeting(models.Model):
    """One meeting of a cell, and its minutes; a new version after reopening is a new row."""

    cell = models.ForeignKey(
        "members.Organization",
        verbose_name=_("chi bộ"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    kind = models.CharField(_("loại sinh hoạt"), max_length=20, choices=MeetingKind.choices)
    topic = models.CharField(_("chủ đề"), max_length=300, blank=True)
    title_override = models.CharField(
        _("trích yếu"),
        max_length=300,
        blank=True,
        help_text=_("Để trống để tự tạo từ loại sinh hoạt và tháng."),
    )
    legal_bases = models.TextField(_("căn cứ"), blank=True, help_text=_("Mỗi dòng một văn bản."))
    documents_used = models.TextField(_("tài liệu sử dụng"), blank=True)
    date = models.DateField(_("ngày họp"))
    # Unknown stays empty (never invented to get past a form): the preview
    # lists what is missing and submission asks for it.
    start_time = models.TimeField(_("giờ bắt đầu"), null=True, blank=True)
    end_time = models.TimeField(_("giờ kết thúc"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    chair = models.ForeignKey(
        "minutes.Participant",
        verbose_name=_("chủ trì"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    secretary = models.ForeignKey(
        "minutes.Participant",
        verbose_name=_("thư ký"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    conclusion = models.TextField(_("kết luận của chủ trì"), blank=True)
    commendations = models.TextField(_("biểu dương"), blank=True)
    reminders = models.TextField(_("nhắc nhở"), blank=True)
    minutes_read_back = models.BooleanField(
        _("biên bản đã được đọc lại trước chi bộ"), default=False
    )
    closing_votes_for = models.PositiveSmallIntegerField(
        _("số đồng chí nhất trí thông qua biên bản"), null=True, blank=True
    )
    closing_votes_against = models.PositiveSmallIntegerField(
        _("không nhất trí"), null=True, blank=True
    )
    closing_votes_other = models.PositiveSmallIntegerField(_("ý kiến khác"), null=True, blank=True)
    # The discussion recorded as a whole, beside (or instead of) named speaking
    # turns: "15/15 đảng viên có mặt đã có 19 lượt phát biểu. …". Unknown stays
    # empty; the denominator is always the members present, never stored.
    discussion_speakers = models.PositiveSmallIntegerField(
        _("số đảng viên đã phát biểu"), null=True, blank=True
    )
    discussion_turns = models.PositiveSmallIntegerField(
        _("tổng số lượt phát biểu"), null=True, blank=True
    )
    discussion_summary = models.TextField(_("tóm tắt chung các ý kiến"), blank=True)
    # A combined session (MeetingKind.COMBINED) has two parts; the thematic part
    # takes `topic` as its title and has its own conclusion.
    thematic_conclusion = models.TextField(_("kết luận phần chuyên đề"), blank=True)
    # A pilot session (sinh hoạt điểm) held under a guiding document.
    is_pilot = models.BooleanField(_("sinh hoạt điểm"), default=False)
    pilot_guide_number = models.CharField(
        _("số hiệu văn bản hướng dẫn"), max_length=60, blank=True, help_text=_("Ví dụ: 03-HD/Th.U")
    )
    pilot_guide_date = models.DateField(_("ngày văn bản hướng dẫn"), null=True, blank=True)
    pilot_guide_issuer = models.CharField(
        _("cơ quan ban hành hướng dẫn"), max_length=200, blank=True
    )

    status = models.CharField(
        _("trạng thái"), max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    number = models.PositiveIntegerField(_("số văn bản"), null=True, blank=True)
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    previous_version = models.OneToOneField(
        "self",
        verbose_name=_("phiên bản trước"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_version",
    )
    superseded_at = models.DateTimeField(_("bị thay thế lúc"), null=True, blank=True)
    campaign = models.ForeignKey(
        "minutes.Campaign",
        verbose_name=_("đợt sinh hoạt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    # Optimistic lock: every save through the editor bumps it, and a save that
    # started from an older value is refused with a conflict message.
    revision = models.PositiveIntegerField(default=1, editable=False)
    search_document = models.TextField(editable=False, default="")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)
    submitted_at = models.DateTimeField(_("gửi duyệt lúc"), null=True, blank=True)
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    # The chair's sign-off (minutes.services.workflow.confirm_as_chair): it holds
    # for the text it was given on, identified by `chair_confirmed_digest`.
    chair_confirmed_at = models.DateTimeField(_("chủ trì xác nhận lúc"), null=True, blank=True)
    chair_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chủ trì xác nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    chair_confirmed_digest = models.CharField(max_length=64, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_document", "updated_at"])
    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("cuộc họp")
        verbose_name_plural = _("cuộc họp")
        ordering = ["-date", "-start_time", "-pk"]
        indexes = [
            models.Index(fields=["cell", "-date"], name="meeting_cell_date"),
            models.Index(fields=["status", "submitted_at"], name="meeting_status_submitted"),
            models.Index(fields=["-date", "-start_time", "-id"], name="meeting_list_order"),
        ]

    # Derived data kept in step with the minutes (the search index), not part of them.
    UNLOCKED_FIELDS = frozenset({"search_document"})

    def __str__(self) -> str:
        return f"{self.cell} – {self.get_kind_display()} – {self.date:%d/%m/%Y}"

    def save(self, *args, **kwargs) -> None:
        for field in (
            "topic",
            "title_override",
            "legal_bases",
            "documents_used",
            "place",
            "conclusion",
            "commendations",
            "reminders",
            "discussion_summary",
            "thematic_conclusion",
            "pilot_guide_number",
            "pilot_guide_issuer",
        ):
            setattr(self, field, nfc(getattr(self, field)))
        update_fields = kwargs.get("update_fields")
        derived_only = update_fields is not None and set(update_fields) <= self.UNLOCKED_FIELDS
        # Loaded as approved: refuse before touching the database (a refusal from
        # inside the UPDATE, for a copy loaded earlier, also marks the caller's
        # transaction for rollback, like an IntegrityError would).
        if self.loaded_as_approved and not derived_only and not _workflow_write.get():
            raise LockedMinutesError()
        super().save(*args, **kwargs)
        self._loaded_status = self.status

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_status = instance.__dict__.get("status")
        return instance

    def refresh_from_db(self, *args, **kwargs) -> None:
        super().refresh_from_db(*args, **kwargs)
        if "status" in self.__dict__:
            self._loaded_status = self.status

    @property
    def loaded_as_approved(self) -> bool:
        """Approved when read from (or last written to) the database; approval is for good."""
        return getattr(self, "_loaded_status", None) == MinutesStatus.APPROVED

    @staticmethod
    def _meeting_ids(objs) -> list[int | None]:
        return [obj.pk for obj in objs]

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        # The UPDATE itself skips approved rows: no extra query, and no race with
        # a concurrent approval. Zero rows updated then means "locked" or "gone".
        if _workflow_write.get() or {f.attname for f, _m, _v in values} <= self.UNLOCKED_FIELDS:
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        updated = super()._do_update(
            base_qs.exclude(status=MinutesStatus.APPROVED),
            using,
            pk_val,
            values,
            update_fields,
            forced_update,
        )
        if not updated and base_qs.filter(pk=pk_val, status=MinutesStatus.APPROVED).exists():
            raise LockedMinutesError()
        return updated

    def delete(self, *args, **kwargs):
        if self.pk is not None and _approved_meetings([self.pk]):
            raise LockedMinutesError()
        return super().delete(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        return self.status in MinutesStatus.editable_states

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None

    @property
    def legal_basis_lines(self) -> list[str]:
        return [line.strip() for line in self.legal_bases.splitlines() if line.strip()]


class LockedPart:
    """A part of the minutes: refuses to be created, changed or deleted once they are approved.

    `UNLOCKED_FIELDS` (attnames) stay writable after approval: corrective actions
    keep their follow-up status moving.
    """

    UNLOCKED_FIELDS: frozenset[str] = frozenset()

    @staticmethod
    def _meeting_ids(objs) -> list[int | None]:
        return [obj.meeting_id for obj in objs]

    def save(self, *args, **kwargs) -> None:
        # A new row is an INSERT, which cannot carry a condition: ask first.
        if self._state.adding and _approved_meetings([self.meeting_id]):
            raise LockedMinutesError()
        # Reached through approved minutes already in memory: refuse at once.
        meeting = self._state.fields_cache.get("meeting")
        update_fields = kwargs.get("update_fields")
        if (
            meeting is not None
            and meeting.loaded_as_approved
            and not (update_fields is not None and set(update_fields) <= self.UNLOCKED_FIELDS)
            and not self.UNLOCKED_FIELDS
            and not _workflow_write.get()
        ):
            raise LockedMinutesError()
        super().save(*args, **kwargs)

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        names = {f.attname for f, _m, _v in values}
        if _workflow_write.get() or names <= self.UNLOCKED_FIELDS:
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        open_rows = ~models.Q(meeting__status=MinutesStatus.APPROVED)
        if self.UNLOCKED_FIELDS:
            # After approval only the follow-up fields may differ from what is stored.
            open_rows |= models.Q(
                **{name: getattr(self, name) for name in names - self.UNLOCKED_FIELDS}
            )
        updated = super()._do_update(
            base_qs.filter(open_rows), using, pk_val, values, update_fields, forced_update
        )
        if (
            not updated
            and base_qs.filter(pk=pk_val, meeting__status=MinutesStatus.APPROVED).exists()
        ):
            raise LockedMinutesError()
        return updated

    def delete(self, *args, **kwargs):
        if _approved_meetings([self.meeting_id]):
            raise LockedMinutesError()
        return super().delete(*args, **kwargs)


class Ordered(models.Model):
    """Items of the minutes kept in the order they happened; `order` is changeable."""

    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]


class AgendaItem(LockedPart, Ordered):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    title = models.CharField(_("nội dung"), max_length=300)
    history = HistoricalRecords()
    objects = LockedQuerySet.as_manager()

    class Meta(Ordered.Meta):
        verbose_name = _("nội dung chương trình")
        verbose_name_plural = _("chương trình")

    def __str__(self) -> str:
        return self.title


class MembershipClass(models.TextChoices):
    OFFICIAL = "official", _("Chính thức")
    PROBATIONARY = "probationary", _("Dự bị")


class AttendanceStatus(models.TextChoices):
    # Nobody took attendance for this row yet: never presumed present.
    UNMARKED = "unmarked", _("Chưa điểm danh")
    PRESENT = "present", _("Có mặt")
    ABSENT_EXCUSED = "absent_excused", _("Vắng có lý do")
    ABSENT_UNEXCUSED = "absent_unexcused", _("Vắng không lý do")
    # Absent, and the secretary does not know why: the preview lists it as missing.
    ABSENT_UNKNOWN = "absent_unknown", _("Vắng, chưa rõ lý do")
    # Members the rules do not expect that day: exempt members who stay away,
    # members on temporary activity elsewhere, suspended members.
    NOT_EXPECTED = "not_expected", _("Không phải dự")


class ParticipantRole(models.TextChoices):
    MEMBER = "member", _("Đảng viên")
    GUEST = "guest", _("Đại biểu, khách mời")


class NonMemberKind(models.TextChoices):
    """Who a guest row is when the person is not a party member (blank: a đại biểu).

    Kept on guest rows so that everything that already leaves guests out of
    attendance figures, denominators and votes leaves them out too.
    """

    OUTSTANDING = "outstanding", _("quần chúng ưu tú")
    ADMISSION = "admission", _("đang trong quy trình kết nạp Đảng")
    STAFF = "staff", _("cán bộ được mời, không phải đảng viên")


class Participant(LockedPart, Ordered):
    """A person at (or expected at) the meeting: a member's attendance row, or a guest.

    Names, titles and membership class are a snapshot of the day, so later edits
    to a member never rewrite old minutes.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    role = models.CharField(_("tư cách"), max_length=10, choices=ParticipantRole.choices)
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("đảng viên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attendances",
    )
    full_name = models.CharField(_("họ và tên"), max_length=120)
    search_name = models.CharField(max_length=120, editable=False, default="")
    title = models.CharField(_("chức vụ"), max_length=300, blank=True)
    organization = models.CharField(_("cơ quan, đơn vị"), max_length=300, blank=True)
    # Member rows only (snapshot of the day):
    membership = models.CharField(
        _("đảng viên"), max_length=20, choices=MembershipClass.choices, blank=True
    )
    position = models.CharField(_("chức vụ trong chi bộ"), max_length=20, blank=True)
    is_exempt = models.BooleanField(_("miễn sinh hoạt"), default=False)
    attachment = models.CharField(_("sinh hoạt tạm thời"), max_length=3, blank=True, default="")
    is_suspended = models.BooleanField(_("đình chỉ sinh hoạt"), default=False)
    status = models.CharField(
        _("điểm danh"),
        max_length=20,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.PRESENT,
    )
    absence_reason = models.CharField(_("lý do vắng"), max_length=300, blank=True)
    # Guest rows only: `full_name` then holds the group's label ("Bí thư các chi
    # bộ trực thuộc"), printed as such, never with "đồng chí" or a title.
    is_group = models.BooleanField(_("là nhóm/đại diện, không ghi tên từng người"), default=False)
    # Guest rows only: set when the person is not a party member; printed on
    # their own line ("Người dự không phải đảng viên"), never as "đồng chí".
    non_member = models.CharField(
        _("người dự không phải đảng viên"),
        max_length=12,
        choices=NonMemberKind.choices,
        blank=True,
        default="",
    )
    history = HistoricalRecords()
    objects = LockedQuerySet.as_manager()

    class Meta(Ordered.Meta):
        verbose_name = _("người dự")
        verbose_name_plural = _("người dự")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"],
                condition=models.Q(member__isnull=False),
                name="one_attendance_row_per_member",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        from minutes.vnformat import fold

        self.full_name = nfc(self.full_name).strip()
        self.title = nfc(self.title)
        self.organization = nfc(self.organization)
        self.absence_reason = nfc(self.absence_reason)
        self.search_name = fold(self.full_name)
        super().save(*args, **kwargs)

    @property
    def is_guest(self) -> bool:
        return self.role == ParticipantRole.GUEST

    @property
    def is_official(self) -> bool:
        return self.membership == MembershipClass.OFFICIAL

    @property
    def is_guest_group(self) -> bool:
        return self.is_guest and self.is_group

    @property
    def is_non_member(self) -> bool:
        return self.is_guest and bool(self.non_member)

    @property
    def name_with_title(self) -> str:
        parts = [self.full_name]
        if self.title and not self.is_guest_group:
            parts.append(self.title)
        if self.is_guest and self.organization:
            parts.append(self.organization)
        return " – ".join([parts[0], ", ".join(parts[1:])]) if len(parts) > 1 else parts[0]


class SessionPart(models.TextChoices):
    """Which part of a combined session an item belongs to (blank: the meeting has one part)."""

    REGULAR = "regular", _("Phần sinh hoạt thường kỳ")
    THEMATIC = "thematic", _("Phần sinh hoạt chuyên đề")


def session_part_field() -> models.CharField:
    return models.CharField(
        _("thuộc phần"), max_length=10, choices=SessionPart.choices, blank=True, default=""
    )


class PresentationKind(models.TextChoices):
    """What was presented: the minutes print each as a presentation, never as a speaking turn."""

    REPORT = "report", _("Báo cáo, dự thảo")
    OPENING = "opening", _("Đề dẫn")
    CONTRIBUTION = "contribution", _("Tham luận")


class Report(LockedPart, Ordered):
    """A report or draft presented at the meeting (who presented what)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reports")
    presenter = models.ForeignKey(
        Participant,
        verbose_name=_("người trình bày"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("tên báo cáo"), max_length=300)
    summary = models.TextField(_("tóm tắt"), blank=True)
    presentation = models.CharField(
        _("loại bài trình bày"),
        max_length=12,
        choices=PresentationKind.choices,
        default=PresentationKind.REPORT,
    )
    part = session_part_field()
    history = HistoricalRecords()
    objects = LockedQuerySet.as_manager()

    class Meta(Ordered.Meta):
        verbose_name = _("báo cáo trình bày")
        verbose_name_plural = _("báo cáo trình bày")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.title, self.summary = nfc(self.title), nfc(self.summary)
        super().save(*args, **kwargs)


class SpeakingTurn(LockedPart, Ordered):
    """One speaking turn (ý kiến tham gia): the speaker and the gist, in order."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="speaking_turns")
    speaker = models.ForeignKey(
        Participant,
        verbose_name=_("người phát biểu"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    gist = models.TextField(_("tóm tắt ý kiến"))
    part = session_part_field()
    history = HistoricalRecords()
    objects = LockedQuerySet.as_manager()

    class Meta(Ordered.Meta):
        verbose_name = _("lượt phát biểu")
        verbose_name_plural = _("lượt phát biểu")

    def __str__(self) -> str:
        return self.gist[:60]

    def save(self, *args, **kwargs) -> None:
        self.gist = nfc(self.gist)
        super().save(*args, **kwargs)


class ShortcomingSubject(models.TextChoices):
    CELL = "cell", _("Tập thể chi bộ")
    COMMITTEE = "committee", _("Chi ủy, bí thư chi bộ")
    MEMBER = "member", _("Đảng viên")


class Shortcoming(LockedPart, Ordered):
    """A shortcoming raised in the meeting, tagged with catalogue items."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="shortcomings")
    subject = models.CharField(_("của"), max_length=20, choices=ShortcomingSubject.choices)
    subject_participant = models.ForeignKey(
        Participant,
        verbose_name=_("đảng viên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("tồn tại, hạn chế"))
    tags = models.ManyToManyField(
        "minutes.CatalogItem",
        verbose_name=_("đối chiếu danh mục"),
        blank=True,
        related_name="shortcomings",
    )
    causes = models.TextField(_("nguyên nhân"), blank=True)
    responsibility = models.TextField(_("trách nhiệm"), blank=True)
    history = HistoricalRecords(m2m_fields=[tags])
    objects = LockedQuerySet.as_manager()

    class Meta(Ordered.Meta):
        verbose_name = _("tồn tại, hạn chế")
        verbose_name_plural = _("tồn tại, hạn chế")

    def __str__(self) -> str:
        return self.text[:60]

    def save(self, *args, **kwargs) -> None:
        self.text, self.causes, self.responsibility = (
            nfc(self.text),
            nfc(self.causes),
            nfc(self.responsibility),
        )
        super().save(*args, **kwargs)


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Đã hoàn thành")
    VERIFIED = "verified", _("Đã kiểm tra xác nhận")


class CorrectiveAction(LockedPart, models.Model):
    """A corrective action (owner, deadline, status) decided for a shortcoming."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="corrective_actions"
    )
    # Denormalized from the meeting so the follow-up boards filter on one indexed column.
    cell = models.ForeignKey("members.Organization", on_delete=models.PROTECT, related_name="+")
    shortcoming = models.ForeignKey(
        Shortcoming,
        verbose_name=_("tồn tại"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="actions",
    )
    text = models.TextField(_("biện pháp khắc phục"))
    owner_member = models.ForeignKey(
        "members.Member",
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    owner_name = models.CharField(
        _("người/bộ phận thực hiện"),
        max_length=200,
        blank=True,
        help_text=_("Ví dụ: Chi ủy; để trống khi đã chọn một đảng viên."),
    )
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_at = models.DateField(_("hoàn thành ngày"), null=True, blank=True)
    verified_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()
    objects = LockedQuerySet.as_manager()

    # Follow-up goes on after approval; what was decided (text, owner, deadline) does not change.
    UNLOCKED_FIELDS = frozenset({"status", "done_at", "verified_at", "verified_by_id"})

    class Meta:
        verbose_name = _("biện pháp khắc phục")
        verbose_name_plural = _("biện pháp khắc phục")
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["cell", "status", "deadline"], name="action_board"),
            models.Index(fields=["owner_member", "status"], name="action_owner"),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def save(self, *args, **kwargs) -> None:
        self.text = nfc(self.text)
        if self.meeting_id and not self.cell_id:
            self.cell_id = self.meeting.cell_id
        super().save(*args, **kwargs)

    @property
    def owner_display(self) -> str:
        return self.owner_member.full_name if self.owner_member else self.owner_name


class DirectivePoint(LockedPart, Ordered):
    """A point of direction given at the meeting, numbered "Một là, Hai là, …" in order."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="directive_points")
    given_by = models.ForeignKey(
        Participant,
        verbose_name=_("người chỉ đạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("nội dung"))
    part = session_part_field()
    history = HistoricalRecords()
    objects = LockedQuerySet.as_manager()

    class Meta(Ordered.Meta):
        verbose_name = _("ý kiến chỉ đạo")
        verbose_name_plural = _("ý kiến chỉ đạo")

    def __str__(self) -> str:
        return self.text[:60]

    def save(self, *args, **kwargs) -> None:
        self.text = nfc(self.text)
        super().save(*args, **kwargs)


class Decision(LockedPart, Ordered):
    """A decision voted on: its kind sets the majority; votes are counted, never typed as %."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(
        _("loại"), max_length=20, choices=DecisionKind.choices, default=DecisionKind.ORDINARY
    )
    text = models.TextField(_("nội dung biểu quyết"))
    subject_member = models.ForeignKey(
        "members.Member",
        verbose_name=_("đảng viên liên quan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    votes_for = models.PositiveSmallIntegerField(_("tán thành"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("không tán thành"), null=True, blank=True)
    votes_other = models.PositiveSmallIntegerField(_("ý kiến khác"), null=True, blank=True)
    part = session_part_field()
    history = HistoricalRecords()
    objects = LockedQuerySet.as_manager()

    class Meta(Ordered.Meta):
        verbose_name = _("quyết định")
        verbose_name_plural = _("quyết định")

    def __str__(self) -> str:
        return self.text[:60]

    def save(self, *args, **kwargs) -> None:
        self.text = nfc(self.text)
        super().save(*args, **kwargs)


@receiver(m2m_changed, sender=Shortcoming.tags.through)
def _refuse_tag_changes_on_approved_minutes(sender, instance, action, reverse, pk_set, **kwargs):
    """Catalogue tags are part of the minutes: adding or removing one is a change."""
    if action not in ("pre_add", "pre_remove", "pre_clear"):
        return
    if not reverse:
        meeting_ids = [instance.meeting_id]
    elif pk_set:
        meeting_ids = list(
            Shortcoming._base_manager.filter(pk__in=pk_set).values_list("meeting_id", flat=True)
        )
    else:
        meeting_ids = list(instance.shortcomings.values_list("meeting_id", flat=True))
    if _approved_meetings(meeting_ids):
        raise LockedMinutesError()


@receiver(pre_delete, sender="members.Member")
def _refuse_deleting_members_named_in_approved_minutes(sender, instance, **kwargs):
    """Deleting a member would blank their link in attendance rows, actions and decisions."""
    if _workflow_write.get():
        return
    named = (
        Participant._base_manager.filter(
            member=instance, meeting__status=MinutesStatus.APPROVED
        ).exists()
        or CorrectiveAction._base_manager.filter(
            owner_member=instance, meeting__status=MinutesStatus.APPROVED
        ).exists()
        or Decision._base_manager.filter(
            subject_member=instance, meeting__status=MinutesStatus.APPROVED
        ).exists()
    )
    if named:
        raise LockedMinutesError(
            str(
                _(
                    "Đảng viên này có tên trong biên bản đã duyệt; hãy ghi ngày ra khỏi chi bộ thay vì xóa."
                )
            )
        )
