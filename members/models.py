"""The organization tree (party committees and cells), members and roles."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from minutes.vnformat import fold, nfc


class OrganizationKind(models.TextChoices):
    PROVINCIAL_COMMITTEE = "provincial", _("Đảng bộ tỉnh, thành phố")
    COMMITTEE = "committee", _("Đảng bộ cấp trên cơ sở")
    BASE_COMMITTEE = "base", _("Đảng bộ cơ sở")
    AGENCY_COMMITTEE = "agency", _("Đảng bộ cơ quan")
    CELL = "cell", _("Chi bộ")


class OrganizationQuerySet(models.QuerySet):
    def cells(self) -> OrganizationQuerySet:
        return self.filter(kind=OrganizationKind.CELL)

    def within(self, org: Organization) -> OrganizationQuerySet:
        """The organization and everything below it in the tree."""
        return self.filter(path__startswith=org.path)


class Organization(models.Model):
    """A party committee (đảng bộ) or a cell (chi bộ), placed in the tree by `parent`."""

    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=20, choices=OrganizationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cấp trên trực tiếp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    header_name = models.CharField(
        _("tên trên tiêu đề văn bản"),
        max_length=200,
        blank=True,
        help_text=_("Để trống để dùng tên tổ chức, viết hoa."),
    )
    symbol = models.CharField(
        _("ký hiệu văn bản"), max_length=20, default="CB", help_text=_("Ví dụ: CB, ĐU.")
    )
    place_name = models.CharField(
        _("địa danh trên văn bản"), max_length=100, help_text=_("Ví dụ: Hà Tĩnh.")
    )
    term_start = models.DateField(
        _("bắt đầu nhiệm kỳ cấp ủy"),
        null=True,
        blank=True,
        help_text=_("Số văn bản đánh liên tục trong một nhiệm kỳ."),
    )
    # Materialized path ("000001/000004/") so that "everything below this
    # committee" is one indexed prefix filter at any depth.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("tổ chức đảng")
        verbose_name_plural = _("tổ chức đảng")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = nfc(self.name)
        self.header_name = nfc(self.header_name)
        self.place_name = nfc(self.place_name)
        super().save(*args, **kwargs)
        path = f"{self.parent.path if self.parent else ''}{self.pk:06d}/"
        if path != self.path:
            self.path = path
            type(self).objects.filter(pk=self.pk).update(path=path)

    @property
    def is_cell(self) -> bool:
        return self.kind == OrganizationKind.CELL

    def ancestors(self) -> list[Organization]:
        """From the root down to the direct parent, in one query."""
        ids = [int(part) for part in self.path.strip("/").split("/")[:-1] if part]
        by_id = {org.pk: org for org in Organization.objects.filter(pk__in=ids)}
        return [by_id[pk] for pk in ids if pk in by_id]

    @property
    def document_name(self) -> str:
        return self.header_name or self.name


class Gender(models.TextChoices):
    MALE = "m", _("Nam")
    FEMALE = "f", _("Nữ")


class Position(models.TextChoices):
    SECRETARY = "bi_thu", _("Bí thư")
    DEPUTY_SECRETARY = "pho_bi_thu", _("Phó Bí thư")
    COMMITTEE_MEMBER = "chi_uy_vien", _("Chi ủy viên")
    MEMBER = "dang_vien", _("Đảng viên")


class Attachment(models.TextChoices):
    NONE = "", _("Sinh hoạt chính thức tại chi bộ")
    TEMP_IN = "in", _("Sinh hoạt tạm thời tại chi bộ (từ nơi khác đến)")
    TEMP_OUT = "out", _("Đang sinh hoạt tạm thời nơi khác")


class MemberQuerySet(models.QuerySet):
    def on_roster(self, cell: Organization, day: dt.date) -> MemberQuerySet:
        """Members listed for a meeting of `cell` on `day`: admitted, not yet gone."""
        return self.filter(cell=cell, admitted_on__lte=day).filter(
            Q(left_on__isnull=True) | Q(left_on__gt=day)
        )


class Member(models.Model):
    """A party member (đảng viên) on the roster of a cell."""

    cell = models.ForeignKey(
        Organization,
        verbose_name=_("chi bộ"),
        on_delete=models.PROTECT,
        related_name="members",
        limit_choices_to={"kind": OrganizationKind.CELL},
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )
    full_name = models.CharField(_("họ và tên"), max_length=120)
    search_name = models.CharField(max_length=120, editable=False, default="", db_index=True)
    gender = models.CharField(_("giới tính"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    card_number = models.CharField(_("số thẻ đảng viên"), max_length=30, blank=True)
    admitted_on = models.DateField(_("ngày vào Đảng"))
    official_on = models.DateField(
        _("ngày chính thức"),
        null=True,
        blank=True,
        help_text=_("Để trống khi còn là đảng viên dự bị."),
    )
    position = models.CharField(
        _("chức vụ trong chi bộ"), max_length=20, choices=Position.choices, default=Position.MEMBER
    )
    job_title = models.CharField(_("chức vụ chính quyền, đoàn thể"), max_length=200, blank=True)
    exempt_from = models.DateField(_("miễn sinh hoạt từ ngày"), null=True, blank=True)
    exempt_to = models.DateField(_("miễn sinh hoạt đến ngày"), null=True, blank=True)
    exempt_reason = models.CharField(_("lý do miễn sinh hoạt"), max_length=200, blank=True)
    attachment = models.CharField(
        _("sinh hoạt tạm thời"), max_length=3, choices=Attachment.choices, blank=True, default=""
    )
    attachment_place = models.CharField(
        _("nơi sinh hoạt tạm thời / nơi đến từ"), max_length=200, blank=True
    )
    suspended = models.BooleanField(
        _("đình chỉ sinh hoạt"),
        default=False,
        help_text=_("Bị đình chỉ sinh hoạt, bị khởi tố, truy tố hoặc tạm giam."),
    )
    left_on = models.DateField(_("ngày ra khỏi chi bộ"), null=True, blank=True)
    left_reason = models.CharField(_("lý do"), max_length=200, blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("đảng viên")
        verbose_name_plural = _("đảng viên")
        ordering = ["cell", "full_name"]
        indexes = [models.Index(fields=["cell", "admitted_on"])]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        self.full_name = nfc(self.full_name).strip()
        self.job_title = nfc(self.job_title)
        self.search_name = fold(self.full_name)
        super().save(*args, **kwargs)

    def is_official_on(self, day: dt.date) -> bool:
        return self.official_on is not None and self.official_on <= day

    def is_exempt_on(self, day: dt.date) -> bool:
        if self.exempt_from is None or self.exempt_from > day:
            return False
        return self.exempt_to is None or self.exempt_to >= day


# What the register holds about a member (read from a roster file, kept by the
# roster pages), in the order a change list names them.
REGISTER_FIELDS = (
    "full_name",
    "gender",
    "birth_date",
    "card_number",
    "admitted_on",
    "official_on",
    "position",
    "job_title",
    "exempt_from",
    "exempt_to",
    "exempt_reason",
    "attachment",
    "attachment_place",
)


class Role(models.TextChoices):
    RECORDER = "recorder", _("Thư ký (ghi biên bản)")
    CHAIR = "chair", _("Chủ trì")
    REVIEWER = "reviewer", _("Cấp ủy cấp trên (duyệt)")
    VIEWER = "viewer", _("Xem")


class RoleGrant(models.Model):
    """A role of a user account on an organization; it reaches every cell below it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.CASCADE,
        related_name="role_grants",
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("tổ chức"), on_delete=models.CASCADE, related_name="grants"
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="unique_role_grant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organization}"


# --- the register: dated events, changes the minutes propose, account activation ---


class EventKind(models.TextChoices):
    """A change in a member's standing, as the register (sổ đảng viên) records it."""

    JOINED = "joined", _("Vào danh sách chi bộ")
    DETAILS = "details", _("Sửa thông tin")
    ADMITTED = "admitted", _("Kết nạp (đảng viên dự bị)")
    RECOGNIZED = "recognized", _("Công nhận đảng viên chính thức")
    EXEMPTION = "exemption", _("Miễn công tác và sinh hoạt đảng")
    EXEMPTION_END = "exemption_end", _("Thôi miễn sinh hoạt, sinh hoạt trở lại")
    ATTACH_OUT = "attach_out", _("Đi sinh hoạt tạm thời nơi khác")
    ATTACH_IN = "attach_in", _("Đến sinh hoạt tạm thời tại chi bộ")
    ATTACH_END = "attach_end", _("Kết thúc sinh hoạt tạm thời")
    SUSPENSION = "suspension", _("Đình chỉ sinh hoạt")
    SUSPENSION_END = "suspension_end", _("Hết đình chỉ sinh hoạt")
    DISCIPLINE = "discipline", _("Kỷ luật")
    TRANSFER_OUT = "transfer_out", _("Chuyển sinh hoạt đảng chính thức đi nơi khác")
    REMOVAL = "removal", _("Xóa tên")
    EXPULSION = "expulsion", _("Khai trừ")
    LEFT_PARTY = "left_party", _("Ra khỏi Đảng")
    DEATH = "death", _("Từ trần")


# Events after which the member is no longer on the cell's roster.
LEAVING_EVENTS = frozenset(
    {
        EventKind.TRANSFER_OUT,
        EventKind.REMOVAL,
        EventKind.EXPULSION,
        EventKind.LEFT_PARTY,
        EventKind.DEATH,
    }
)


class MemberEvent(models.Model):
    """One dated entry of a member's history in the register."""

    member = models.ForeignKey(
        Member, verbose_name=_("đảng viên"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("sự kiện"), max_length=20, choices=EventKind.choices)
    date = models.DateField(_("ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    reason = models.CharField(_("lý do"), max_length=500, blank=True)
    place = models.CharField(_("nơi đi / nơi đến"), max_length=200, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    # The approved minutes the change came from, when it came from a meeting.
    meeting = models.ForeignKey(
        "minutes.Meeting",
        verbose_name=_("biên bản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("sự kiện đảng tịch")
        verbose_name_plural = _("sự kiện đảng tịch")
        ordering = ["member", "date", "pk"]
        indexes = [models.Index(fields=["member", "date"])]

    def __str__(self) -> str:
        return f"{self.member} – {self.get_kind_display()} – {self.date:%d/%m/%Y}"

    def save(self, *args, **kwargs) -> None:
        self.reason = nfc(self.reason).strip()
        self.place = nfc(self.place).strip()
        self.decision_number = nfc(self.decision_number).strip()
        super().save(*args, **kwargs)


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Chờ quyết định của cấp trên")
    CONFIRMED = "confirmed", _("Đã có quyết định")
    REJECTED = "rejected", _("Không ra quyết định")


class RegisterProposal(models.Model):
    """A change to the register that approved minutes propose; the committee decides it.

    The cell's vote alone never changes the register: admission and recognition
    are decided by the superior committee, with the number and date of its own
    decision (domain.md §3.9).
    """

    decision = models.OneToOneField(
        "minutes.Decision",
        verbose_name=_("nghị quyết của chi bộ"),
        on_delete=models.PROTECT,
        related_name="register_proposal",
    )
    meeting = models.ForeignKey(
        "minutes.Meeting",
        verbose_name=_("biên bản"),
        on_delete=models.PROTECT,
        related_name="register_proposals",
    )
    cell = models.ForeignKey(
        Organization, verbose_name=_("chi bộ"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("loại"), max_length=20)  # a minutes DecisionKind value
    member = models.ForeignKey(
        Member,
        verbose_name=_("đảng viên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PENDING,
    )
    decision_number = models.CharField(_("số quyết định"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    effective_date = models.DateField(_("ngày có hiệu lực"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi quyết định"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("ghi lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đề nghị thay đổi sổ đảng viên")
        verbose_name_plural = _("đề nghị thay đổi sổ đảng viên")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "cell"])]

    def __str__(self) -> str:
        return f"{self.kind} – {self.member or self.decision}"


class ActivationCode(models.Model):
    """A one-time code with which a new account's owner sets their own password.

    Only a hash of the code is stored: the code is shown once, when it is made.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activation_codes"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mã kích hoạt")
        verbose_name_plural = _("mã kích hoạt")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} – {self.created_at:%d/%m/%Y}"


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Đã kiểm tra, chờ xác nhận")
    APPLIED = "applied", _("Đã nhập")
    DISCARDED = "discarded", _("Đã hủy")


class RegisterImport(models.Model):
    """An uploaded roster file, kept between its preview and the confirmation.

    The confirmation checks the file again from these bytes, so what is written
    is exactly what the preview showed; nothing is written before it.
    """

    committee = models.ForeignKey(
        Organization, verbose_name=_("cấp ủy"), on_delete=models.CASCADE, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_name = models.CharField(_("tên tệp"), max_length=255)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(_("số dòng"), default=0)
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=ImportStatus.choices,
        default=ImportStatus.PREVIEWED,
    )
    # What the preview counted and what was written: {"added": n, "updated": n, ...}.
    summary = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("lúc tải lên"), auto_now_add=True)
    applied_at = models.DateTimeField(_("lúc nhập"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập sổ đảng viên")
        verbose_name_plural = _("lần nhập sổ đảng viên")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name
