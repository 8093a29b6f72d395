"""Fill a database with realistic minutes at national volume, to measure the app.

    manage.py generate_volume --cells 300 --years 5 [--seed 1] [--until 2025-12-31]

builds a separate tree (a provincial committee, committees of about 30 cells,
and the cells with their rosters) and, for every cell and month, the regular
meeting (combined with the quarter's thematic meeting, or followed by a
separate one), with attendance rows, guests, reports, speaking turns,
shortcomings tagged with catalogue items, corrective actions and their
follow-up, directive points, decisions and votes; campaigns for the thematic
meetings; and accounts to look at it all (password "bienban-demo"):
`vol_reviewer` (reviewer of the whole province), `vol_committee` (reviewer of
one committee), `vol_secretary` (recorder and chair of one cell) and
`vol_member` (a member of that cell, with actions assigned).

The same arguments (seed and --until) give the same data. Speed comes from
bulk_create in large batches, a cell's meetings at a time, and from computing
the derived data (the search text from minutes.document, the figures from
minutes.rules) on the rows in memory: no per-row save(), no query per meeting.
It never touches organizations, people or meetings it did not create; it
refuses to run twice on the same database.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from members.models import Member, Organization, OrganizationKind, Position, Role, RoleGrant
from minutes.document import build_document
from minutes.models import (
    ActionProgress,
    ActionStatus,
    AgendaItem,
    AttendanceStatus,
    Campaign,
    CatalogItem,
    CommitteeSettings,
    CorrectiveAction,
    Decision,
    DecisionKind,
    DirectivePoint,
    Meeting,
    MeetingFigures,
    MeetingKind,
    MinutesStatus,
    Participant,
    ParticipantRole,
    ProgressStep,
    Report,
    SearchEntry,
    Shortcoming,
    ShortcomingSubject,
    SpeakingTurn,
    VotingRule,
)
from minutes.oversight.figures import compute_figures
from minutes.search import search_entries_for
from minutes.services.meetings import snapshot_participant
from minutes.vnformat import fold

ROOT_NAME = "Đảng bộ tỉnh Hà Tĩnh (dữ liệu khối lượng)"
PASSWORD = "bienban-demo"
BATCH = 5000
CELLS_PER_CHUNK = 10

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Tô",
    "Hà",
    "Đinh",
    "Trương",
]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Công", "Xuân", "Đình", "Quang", "Thanh"]
MIDDLE_F = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Hồng", "Thanh", "Minh"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hòa",
    "Hùng",
    "Long",
    "Nam",
    "Phong",
    "Quang",
    "Sơn",
    "Trung",
    "Tuấn",
    "Hải",
    "Khánh",
    "Lộc",
    "Phúc",
    "Thắng",
    "Thành",
    "Vinh",
    "Toàn",
    "Hiếu",
    "Đạt",
    "Kiên",
]
GIVEN_F = [
    "Hương",
    "Lan",
    "Mai",
    "Nga",
    "Tâm",
    "Thảo",
    "Vân",
    "Yến",
    "Hạnh",
    "Linh",
    "Nhung",
    "Oanh",
    "Hằng",
    "Thủy",
    "Trang",
    "Hoa",
    "Hà",
    "Ngân",
    "Dung",
    "Huyền",
]
PLACES = (
    "Hội trường Ủy ban nhân dân",
    "Nhà văn hóa thôn",
    "Phòng họp cơ quan",
    "Hội trường Đảng ủy",
    "Nhà văn hóa tổ dân phố",
)
COMMUNES = (
    "Thạch Hạ",
    "Đồng Môn",
    "Kỳ Anh",
    "Cẩm Xuyên",
    "Hương Khê",
    "Đức Thọ",
    "Nghi Xuân",
    "Can Lộc",
    "Thạch Hà",
    "Lộc Hà",
    "Vũ Quang",
    "Hồng Lĩnh",
    "Hương Sơn",
    "Thạch Kim",
    "Cẩm Bình",
    "Kỳ Trinh",
    "Tiên Điền",
    "Xuân Hải",
    "Thạch Long",
    "Sơn Kim",
)
TOPICS = (
    "công tác cải cách hành chính",
    "thu ngân sách trên địa bàn",
    "an toàn giao thông",
    "xây dựng nông thôn mới nâng cao",
    "chuyển đổi số ở cơ sở",
    "vệ sinh môi trường khu dân cư",
    "giải phóng mặt bằng các dự án",
    "phòng, chống thiên tai",
    "thực hiện quy chế dân chủ ở cơ sở",
    "chăm lo gia đình chính sách",
    "phát triển đảng viên mới",
    "thu nộp đảng phí",
    "phòng, chống dịch bệnh",
    "quản lý đất đai, trật tự xây dựng",
    "công tác dân vận",
)
GISTS = (
    "Thống nhất với báo cáo; đề nghị chi bộ tăng cường lãnh đạo {topic} trong tháng tới.",
    "Kết quả {topic} tháng qua còn chậm; đề nghị phân công cụ thể từng đảng viên phụ trách.",
    "Đề nghị chi ủy đánh giá rõ nguyên nhân chủ quan của những hạn chế trong {topic}.",
    "Báo cáo tiến độ {topic}; kiến nghị cấp trên hỗ trợ kinh phí và hướng dẫn.",
    "Đảng viên cần gương mẫu trong {topic}, vận động gia đình và nhân dân cùng thực hiện.",
    "Bổ sung vào dự thảo nghị quyết chỉ tiêu cụ thể về {topic}.",
    "Tự phê bình: bản thân còn chậm trong {topic}; xin hứa khắc phục trong quý tới.",
    "Đề nghị biểu dương những đảng viên làm tốt {topic} trong tháng.",
    "Chưa thống nhất với đánh giá về {topic}; đề nghị làm rõ số liệu trước khi thông qua nghị quyết.",
    "Nhắc nhở đảng viên thực hiện nghiêm việc sinh hoạt nơi cư trú và {topic}.",
)
RARE_GIST = "Đề nghị kiểm tra an toàn cầu phao qua sông trước mùa mưa lũ."
SHORTCOMINGS = (
    (
        "Một số đảng viên còn ngại học tập, nghiên cứu nghị quyết; viết thu hoạch còn hình thức.",
        ("SD-TT-3",),
    ),
    ("Tự phê bình và phê bình còn nể nang, né tránh, ngại va chạm.", ("SD-TT-5",)),
    ("Việc thực hiện nhiệm vụ được giao có lúc còn chậm, thiếu quyết liệt.", ("SD-TT-4",)),
    ("Nói chưa đi đôi với làm; một số việc đã hứa trong sinh hoạt chưa thực hiện.", ("SD-TT-6",)),
    ("Chưa thật sự gương mẫu trong thực hành tiết kiệm, chống lãng phí.", ("SD-DD-6",)),
    ("Có lúc còn thờ ơ trước khó khăn, kiến nghị chính đáng của nhân dân.", ("SD-DD-5",)),
    ("Chia sẻ thông tin chưa được kiểm chứng trên mạng xã hội.", ("QD37-04", "SD-TDB-4")),
    ("Tổ chức việc cưới, việc hiếu còn phô trương.", ("QD37-17",)),
    ("Kê khai tài sản, thu nhập chưa đầy đủ, kịp thời.", ("SD-DD-3", "QD37-09")),
    ("Chưa kiên quyết đấu tranh với quan điểm sai trái, thù địch.", ("SD-TT-2",)),
    ("Vai trò nêu gương của người đứng đầu có lúc chưa được phát huy.", ("SD-TT-4", "QD37-03")),
    ("Sinh hoạt chi bộ có lúc chưa đúng nền nếp, nội dung còn đơn điệu.", ()),
)
ACTIONS = (
    "Tổ chức học tập, quán triệt lại nghị quyết và kiểm tra việc viết thu hoạch.",
    "Mỗi đảng viên xây dựng kế hoạch khắc phục, báo cáo chi bộ trong sinh hoạt tháng sau.",
    "Chi ủy phân công đảng viên theo dõi, đôn đốc và báo cáo tiến độ hằng tháng.",
    "Rà soát, bổ sung quy chế làm việc của chi bộ.",
    "Đảng viên liên quan viết bản kiểm điểm, cam kết thời gian khắc phục.",
)
DECISIONS = (
    "Thông qua nghị quyết lãnh đạo thực hiện nhiệm vụ tháng tới",
    "Thông qua kết luận của chủ trì về những nội dung đã thảo luận",
    "Thông qua kế hoạch khắc phục tồn tại, hạn chế sau kiểm điểm",
)
CAMPAIGN_TOPICS = (
    "Tự soi, tự sửa",
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Nâng cao chất lượng sinh hoạt chi bộ",
    "Phòng, chống suy thoái tư tưởng chính trị, đạo đức, lối sống",
    "Nêu cao vai trò nêu gương của cán bộ, đảng viên",
)
LEGAL_BASES = (
    "Kết luận số 21-KL/TW ngày 25/10/2021 của Ban Chấp hành Trung ương\n"
    "Quy định số 37-QĐ/TW ngày 25/10/2021 của Ban Chấp hành Trung ương"
)


def _name(rng: random.Random, gender: str) -> str:
    middle = MIDDLE_F if gender == "f" else MIDDLE_M
    given = GIVEN_F if gender == "f" else GIVEN_M
    return f"{rng.choice(SURNAMES)} {rng.choice(middle)} {rng.choice(given)}"


def _months(until: dt.date, years: int) -> list[dt.date]:
    first = dt.date(until.year - years, until.month, 1)
    out, day = [], first
    while True:
        day = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        if day > until:
            return out
        out.append(day)


def _prefetched(instance, name: str, objs: list) -> None:
    """Give a related manager its rows without a query, as prefetch_related would."""
    manager = getattr(instance, name)
    queryset = manager.get_queryset()
    queryset._result_cache = list(objs)
    queryset._prefetch_done = True
    name = getattr(manager, "prefetch_cache_name", None) or manager.field.remote_field.cache_name
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


@dataclass
class Planned:
    """A meeting being built, with its parts, until it is written."""

    meeting: Meeting
    final_status: str
    participants: list[Participant] = field(default_factory=list)
    agenda: list[AgendaItem] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    turns: list[tuple[int, SpeakingTurn]] = field(default_factory=list)  # speaker index
    shortcomings: list[tuple[Shortcoming, tuple[str, ...], int | None]] = field(
        default_factory=list
    )
    actions: list[tuple[int, CorrectiveAction]] = field(default_factory=list)  # shortcoming index
    points: list[tuple[int, DirectivePoint]] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)


class Command(BaseCommand):
    help = "Fill the database with generated minutes at national volume (see the module doc)."

    def add_arguments(self, parser):
        parser.add_argument("--cells", type=int, default=300)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--until",
            type=dt.date.fromisoformat,
            default=None,
            help="last day of the generated period (default: today)",
        )
        parser.add_argument("--cells-per-committee", type=int, default=30)

    def handle(self, *args, cells: int, years: int, seed: int, until, cells_per_committee, **o):
        if cells < 1 or years < 1 or cells_per_committee < 1:
            raise CommandError("--cells, --years and --cells-per-committee must be positive")
        if Organization.objects.filter(name=ROOT_NAME, parent__isnull=True).exists():
            raise CommandError(
                f"“{ROOT_NAME}” already exists: generate_volume runs once per database."
            )
        self.rng = random.Random(seed)
        self.until = until or timezone.localdate()
        self.months = _months(self.until, years)
        self.verbosity = o.get("verbosity", 1)
        started = time.perf_counter()
        self.tags = {item.code: item.pk for item in CatalogItem.objects.all()}
        self.settings = CommitteeSettings.defaults()
        self.voting_rules = list(VotingRule.objects.all())
        self.counts: dict[str, int] = defaultdict(int)
        self.pending: list[Planned] = []
        with transaction.atomic():
            self.make_tree(cells, cells_per_committee)
            self.make_members()
            self.make_users()
            self.make_campaigns()
        for start in range(0, len(self.cells), CELLS_PER_CHUNK):
            with transaction.atomic():
                for cell in self.cells[start : start + CELLS_PER_CHUNK]:
                    self.make_cell_meetings(cell)
                self.flush()
            if self.verbosity >= 2:
                self.stdout.write(
                    f"  {start + CELLS_PER_CHUNK} cells, {self.counts['meetings']} meetings, "
                    f"{time.perf_counter() - started:.0f} s"
                )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{n} {name}" for name, n in sorted(self.counts.items()))
        self.stdout.write(
            f"generate_volume: {summary} in {elapsed:.1f} s on {connection.vendor} "
            f"(seed {seed}, until {self.until.isoformat()})"
        )

    # --- organizations, people, accounts, campaigns --------------------------------

    @staticmethod
    def commune(i: int) -> str:
        name = COMMUNES[i % len(COMMUNES)]
        return name if i < len(COMMUNES) else f"{name} {i // len(COMMUNES) + 1}"

    def make_tree(self, cells: int, per_committee: int) -> None:
        root = Organization(
            name=ROOT_NAME,
            kind=OrganizationKind.PROVINCIAL_COMMITTEE,
            symbol="TU",
            place_name="Hà Tĩnh",
            header_name="ĐẢNG BỘ TỈNH HÀ TĨNH",
        )
        root.save()  # one row: the path needs its primary key
        n_committees = -(-cells // per_committee)
        committees = Organization.objects.bulk_create(
            [
                Organization(
                    name=f"Đảng bộ xã {self.commune(i)}",
                    kind=OrganizationKind.BASE_COMMITTEE,
                    parent=root,
                    symbol="ĐU",
                    place_name="Hà Tĩnh",
                )
                for i in range(n_committees)
            ]
        )
        for org in committees:
            org.path = f"{root.path}{org.pk:06d}/"
        Organization.objects.bulk_update(committees, ["path"])
        cell_rows = []
        for i in range(cells):
            committee = committees[i // per_committee]
            cell_rows.append(
                Organization(
                    name=f"Chi bộ thôn {i % per_committee + 1}, xã {self.commune(i // per_committee)}",
                    kind=OrganizationKind.CELL,
                    parent=committee,
                    symbol="CB",
                    place_name="Hà Tĩnh",
                    term_start=dt.date(2020, 7, 1),
                )
            )
        self.cells = Organization.objects.bulk_create(cell_rows)
        for cell in self.cells:
            cell.path = f"{cell.parent.path}{cell.pk:06d}/"
        Organization.objects.bulk_update(self.cells, ["path"])
        self.root, self.committees = root, committees
        self.counts["organizations"] = 1 + len(committees) + len(self.cells)

    def make_members(self) -> None:
        rng, start = self.rng, self.months[0]
        rows = []
        for cell in self.cells:
            size = max(5, min(35, int(rng.gauss(15, 5))))
            for i in range(size):
                gender = rng.choice("mf")
                admitted = start - dt.timedelta(days=rng.randint(400, 12000))
                official = admitted + dt.timedelta(days=365)
                roll = rng.random()
                if roll < 0.08:  # admitted during the period: probationary for a year
                    admitted = start + dt.timedelta(days=rng.randint(0, 1500))
                    official = admitted + dt.timedelta(days=365)
                member = Member(
                    cell=cell,
                    full_name=_name(rng, gender),
                    gender=gender,
                    birth_date=dt.date(rng.randint(1945, 2000), rng.randint(1, 12), 1),
                    admitted_on=admitted,
                    official_on=official,
                    position=Position.SECRETARY
                    if i == 0
                    else Position.DEPUTY_SECRETARY
                    if i == 1
                    else Position.MEMBER,
                    job_title="Bí thư Chi bộ" if i == 0 else "",
                )
                if 0.08 <= roll < 0.11:
                    member.exempt_from = start
                    member.exempt_reason = "Tuổi cao, sức yếu"
                elif 0.11 <= roll < 0.13:
                    member.attachment = "out"
                    member.attachment_place = "Công tác tại tỉnh khác"
                member.search_name = fold(member.full_name)
                rows.append(member)
        Member.objects.bulk_create(rows, batch_size=BATCH)
        self.roster: dict[int, list[Member]] = defaultdict(list)
        for member in rows:
            self.roster[member.cell_id].append(member)
        self.counts["members"] = len(rows)

    def make_users(self) -> None:
        User = get_user_model()
        cell = self.cells[0]

        # One hash for the four demonstration accounts: hashing is deliberately slow.
        password = make_password(PASSWORD)

        def user(username: str, first: str, last: str):
            return User.objects.create(
                username=username, first_name=first, last_name=last, password=password
            )

        reviewer = user("vol_reviewer", "Duyệt", "Tỉnh ủy (khối lượng)")
        committee = user("vol_committee", "Duyệt", "Đảng ủy xã (khối lượng)")
        secretary = user("vol_secretary", "Thư ký", "Chi bộ (khối lượng)")
        member = user("vol_member", "Đảng viên", "Chi bộ (khối lượng)")
        RoleGrant.objects.bulk_create(
            [
                RoleGrant(user=reviewer, organization=self.root, role=Role.REVIEWER),
                RoleGrant(user=committee, organization=self.committees[0], role=Role.REVIEWER),
                RoleGrant(user=secretary, organization=cell, role=Role.RECORDER),
                RoleGrant(user=secretary, organization=cell, role=Role.CHAIR),
            ]
        )
        roster = self.roster[cell.pk]
        Member.objects.filter(pk=roster[0].pk).update(user=secretary)
        Member.objects.filter(pk=roster[2].pk).update(user=member)
        self.reviewer = reviewer
        self.counts["users"] = 4

    def make_campaigns(self) -> None:
        """Root campaigns in each second quarter, committee campaigns in each fourth, and one
        open root campaign for the current quarter."""
        self.campaign_for: dict[tuple[int, int, int], Campaign] = {}  # (year, q, committee)
        quarters = sorted({(m.year, (m.month - 1) // 3 + 1) for m in self.months})
        current = (self.until.year, (self.until.month - 1) // 3 + 1)
        rows: list[tuple[tuple, Campaign]] = []
        for index, (year, q) in enumerate(quarters):
            quarter_end = dt.date(year, q * 3, 1) + dt.timedelta(days=31)
            deadline = quarter_end.replace(day=1) - dt.timedelta(days=1)
            topic = CAMPAIGN_TOPICS[index % len(CAMPAIGN_TOPICS)]
            if q == 2 or (year, q) == current:
                rows.append(
                    (
                        (year, q, self.root.pk),
                        Campaign(
                            committee=self.root,
                            topic=f"{topic} (quý {q}/{year})",
                            legal_bases=LEGAL_BASES,
                            deadline=deadline,
                            created_by=self.reviewer,
                        ),
                    )
                )
            elif q == 4:
                for committee in self.committees:
                    rows.append(
                        (
                            (year, q, committee.pk),
                            Campaign(
                                committee=committee,
                                topic=f"{topic} (quý {q}/{year})",
                                legal_bases=LEGAL_BASES,
                                deadline=deadline,
                            ),
                        )
                    )
        closed = timezone.now()
        for _key, campaign in rows:
            if campaign.deadline < self.until - dt.timedelta(days=60):
                campaign.closed_at = closed
        Campaign.objects.bulk_create([c for _k, c in rows])
        self.campaign_for = dict(rows)
        self.counts["campaigns"] = len(rows)

    # --- meetings ------------------------------------------------------------------

    def _status(self, day: dt.date) -> str:
        age = (self.until - day).days
        roll = self.rng.random()
        if age < 20:
            table = (
                (0.4, MinutesStatus.DRAFT),
                (0.75, MinutesStatus.SUBMITTED),
                (0.8, MinutesStatus.RETURNED),
                (1.0, MinutesStatus.APPROVED),
            )
        elif age < 60:
            table = (
                (0.85, MinutesStatus.APPROVED),
                (0.97, MinutesStatus.SUBMITTED),
                (1.0, MinutesStatus.RETURNED),
            )
        else:
            table = ((0.995, MinutesStatus.APPROVED), (1.0, MinutesStatus.SUBMITTED))
        return next(status for limit, status in table if roll < limit)

    def make_cell_meetings(self, cell: Organization) -> None:
        rng = self.rng
        plans: list[Planned] = []
        # Each quarter the cell holds its thematic meeting in one of the three months.
        thematic_month = {
            (year, q): q * 3 - rng.randint(0, 2)
            for year, q in sorted({(m.year, (m.month - 1) // 3 + 1) for m in self.months})
        }
        for month in self.months:
            quarter_month = thematic_month[(month.year, (month.month - 1) // 3 + 1)] == month.month
            last_day = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(
                days=1
            )
            kinds: list[str] = []
            if rng.random() < 0.97:
                kinds.append(
                    MeetingKind.COMBINED
                    if quarter_month and rng.random() < 0.7
                    else MeetingKind.REGULAR
                )
            if quarter_month and MeetingKind.COMBINED not in kinds and rng.random() < 0.67:
                kinds.append(MeetingKind.THEMATIC)
            if rng.random() < 0.02:
                kinds.append(MeetingKind.EXTRAORDINARY)
            for kind in kinds:
                day = month.replace(day=rng.randint(3, min(26, last_day.day)))
                if day > self.until:
                    continue
                plans.append(self.plan_meeting(cell, kind, day))
        plans.sort(key=lambda p: p.meeting.date)
        self.pending.extend(plans)

    def plan_meeting(self, cell: Organization, kind: str, day: dt.date) -> Planned:
        rng = self.rng
        thematic = kind in (MeetingKind.THEMATIC, MeetingKind.COMBINED)
        quarter = (day.month - 1) // 3 + 1
        campaign = None
        if thematic:
            campaign = self.campaign_for.get((day.year, quarter, self.root.pk)) or (
                self.campaign_for.get((day.year, quarter, cell.parent_id))
            )
        start = dt.time(rng.choice((7, 8, 14, 19)), rng.choice((0, 30)))
        minimum = 120 if kind == MeetingKind.COMBINED else 90
        length = (
            rng.randint(minimum - 35, minimum - 5)
            if rng.random() < 0.08
            else rng.randint(minimum, minimum + 60)
        )
        end_minutes = start.hour * 60 + start.minute + length
        topic = rng.choice(TOPICS)
        meeting = Meeting(
            cell=cell,
            kind=kind,
            date=day,
            start_time=start,
            end_time=dt.time(min(23, end_minutes // 60), end_minutes % 60),
            place=rng.choice(PLACES),
            topic=campaign.topic if campaign else (topic.capitalize() if thematic else ""),
            legal_bases=campaign.legal_bases if campaign else "",
            campaign=campaign,
            conclusion=f"Chi bộ thống nhất các nội dung đã thảo luận; tập trung lãnh đạo {topic} "
            "và thực hiện nghị quyết tháng tới.",
            minutes_read_back=True,
            status=MinutesStatus.DRAFT,
        )
        meeting.cell = cell
        plan = Planned(meeting=meeting, final_status=self._status(day))
        for order, member in enumerate(
            (m for m in self.roster[cell.pk] if m.admitted_on <= day), 1
        ):
            row = snapshot_participant(meeting, member, order)
            # Expected members start unmarked; every generated meeting took attendance.
            if row.status == AttendanceStatus.UNMARKED:
                row.status = AttendanceStatus.PRESENT
                roll = rng.random()
                if roll < 0.05:
                    row.status = AttendanceStatus.ABSENT_EXCUSED
                    row.absence_reason = rng.choice(("Đi công tác", "Ốm", "Việc gia đình"))
                elif roll < 0.065:
                    row.status = AttendanceStatus.ABSENT_UNEXCUSED
            elif row.is_exempt and rng.random() < 0.2:
                row.status = AttendanceStatus.PRESENT
            plan.participants.append(row)
        if rng.random() < 0.3 or thematic:
            guest = Participant(
                meeting=meeting,
                role=ParticipantRole.GUEST,
                full_name=_name(rng, rng.choice("mf")),
                title="Đảng ủy viên, phụ trách chi bộ",
                organization=cell.parent.name,
                order=100,
            )
            guest.search_name = fold(guest.full_name)
            plan.participants.append(guest)
        present = [
            i for i, p in enumerate(plan.participants) if p.status == AttendanceStatus.PRESENT
        ]
        plan.agenda = [
            AgendaItem(
                meeting=meeting, order=1, title="Kiểm điểm việc thực hiện nghị quyết tháng trước"
            ),
            AgendaItem(meeting=meeting, order=2, title=f"Bàn nhiệm vụ trọng tâm: {topic}"),
        ]
        if thematic:
            plan.agenda.append(
                AgendaItem(meeting=meeting, order=3, title=f"Sinh hoạt chuyên đề “{meeting.topic}”")
            )
            plan.reports.append(
                Report(
                    meeting=meeting,
                    order=1,
                    title=f"báo cáo chuyên đề “{meeting.topic}”",
                    summary="Đánh giá ưu điểm, tồn tại, hạn chế của tập thể và từng đảng viên; "
                    "đề ra giải pháp khắc phục.",
                )
            )
        for order in range(1, rng.randint(4, 9) + (4 if thematic else 0)):
            gist = (
                RARE_GIST
                if rng.random() < 0.0008
                else rng.choice(GISTS).format(topic=rng.choice(TOPICS))
            )
            speaker = rng.choice(present) if present else 0
            plan.turns.append((speaker, SpeakingTurn(meeting=meeting, order=order, gist=gist)))
        n_shortcomings = (
            rng.randint(2, 4) if thematic else (rng.random() < 0.45) * rng.randint(1, 2)
        )
        members = [i for i, p in enumerate(plan.participants) if p.role == ParticipantRole.MEMBER]
        for order in range(1, n_shortcomings + 1):
            text, tags = rng.choice(SHORTCOMINGS)
            subject = rng.choice(
                (ShortcomingSubject.CELL, ShortcomingSubject.COMMITTEE, ShortcomingSubject.MEMBER)
            )
            named = (
                rng.choice(members) if subject == ShortcomingSubject.MEMBER and members else None
            )
            plan.shortcomings.append(
                (
                    Shortcoming(
                        meeting=meeting,
                        order=order,
                        subject=subject,
                        text=text,
                        causes="Nguyên nhân chủ quan là chưa thường xuyên tự kiểm tra, đôn đốc.",
                    ),
                    tags,
                    named,
                )
            )
            owner = plan.participants[named].member if named is not None else None
            plan.actions.append(
                (
                    order - 1,
                    CorrectiveAction(
                        meeting=meeting,
                        cell=cell,
                        text=rng.choice(ACTIONS),
                        owner_member=owner,
                        owner_name="" if owner else "Chi ủy",
                        deadline=day + dt.timedelta(days=rng.choice((30, 45, 60, 90))),
                    ),
                )
            )
        if plan.participants[-1].role == ParticipantRole.GUEST:
            for order in range(1, rng.randint(1, 3) + 1):
                plan.points.append(
                    (
                        len(plan.participants) - 1,
                        DirectivePoint(
                            meeting=meeting,
                            order=order,
                            text=f"Chi bộ cần tập trung lãnh đạo {rng.choice(TOPICS)}.",
                        ),
                    )
                )
        official_present = sum(
            1
            for i in present
            if plan.participants[i].role == ParticipantRole.MEMBER
            and plan.participants[i].membership == "official"
            and plan.participants[i].attachment != "in"
        )
        for order in range(1, rng.randint(1, 2) + 1):
            against = 1 if rng.random() < 0.05 and official_present > 2 else 0
            plan.decisions.append(
                Decision(
                    meeting=meeting,
                    order=order,
                    kind=DecisionKind.ORDINARY,
                    text=DECISIONS[(order - 1 + thematic) % len(DECISIONS)],
                    votes_for=official_present - against,
                    votes_against=against,
                    votes_other=0,
                )
            )
        meeting.closing_votes_for = sum(
            plan.participants[i].role == ParticipantRole.MEMBER for i in present
        )
        return plan

    # --- writing ----------------------------------------------------------------------

    def flush(self) -> None:
        """Write the pending meetings and every part, in a fixed number of bulk statements."""
        plans, self.pending = self.pending, []
        if not plans:
            return
        rng = self.rng
        Meeting.objects.bulk_create([p.meeting for p in plans], batch_size=BATCH)
        participants = [row for p in plans for row in p.participants]
        for p in plans:
            for row in p.participants:
                row.meeting_id = p.meeting.pk
        Participant.objects.bulk_create(participants, batch_size=BATCH)
        for p in plans:
            rows = p.participants
            members = [r for r in rows if r.role == ParticipantRole.MEMBER]
            p.meeting.chair_id = members[0].pk if members else None
            p.meeting.secretary_id = members[1].pk if len(members) > 1 else p.meeting.chair_id
            for _i, turn in p.turns:
                turn.meeting_id = p.meeting.pk
            for speaker, turn in p.turns:
                turn.speaker_id = rows[speaker].pk if rows else None
            for report in p.reports:
                report.meeting_id = p.meeting.pk
                report.presenter_id = p.meeting.secretary_id
            for item in p.agenda:
                item.meeting_id = p.meeting.pk
            for shortcoming, _tags, named in p.shortcomings:
                shortcoming.meeting_id = p.meeting.pk
                shortcoming.subject_participant_id = rows[named].pk if named is not None else None
            for giver, point in p.points:
                point.meeting_id = p.meeting.pk
                point.given_by_id = rows[giver].pk
            for decision in p.decisions:
                decision.meeting_id = p.meeting.pk
        AgendaItem.objects.bulk_create([a for p in plans for a in p.agenda], batch_size=BATCH)
        Report.objects.bulk_create([r for p in plans for r in p.reports], batch_size=BATCH)
        SpeakingTurn.objects.bulk_create([t for p in plans for _s, t in p.turns], batch_size=BATCH)
        Shortcoming.objects.bulk_create(
            [s for p in plans for s, _t, _n in p.shortcomings], batch_size=BATCH
        )
        Through = Shortcoming.tags.through
        Through.objects.bulk_create(
            [
                Through(shortcoming_id=s.pk, catalogitem_id=self.tags[code])
                for p in plans
                for s, tags, _n in p.shortcomings
                for code in tags
                if code in self.tags
            ],
            batch_size=BATCH,
        )
        DirectivePoint.objects.bulk_create(
            [d for p in plans for _g, d in p.points], batch_size=BATCH
        )
        Decision.objects.bulk_create([d for p in plans for d in p.decisions], batch_size=BATCH)
        # Statuses of the actions as of --until, and the follow-up at the cell's next meeting.
        progress: list[ActionProgress] = []
        by_cell: dict[int, list[Planned]] = defaultdict(list)
        for p in plans:
            by_cell[p.meeting.cell_id].append(p)
        next_meeting: dict[int, Meeting | None] = {}
        for cell_plans in by_cell.values():
            for here, after in zip(cell_plans, [*cell_plans[1:], None], strict=True):
                next_meeting[id(here)] = after.meeting if after else None
        for p in plans:
            for index, action in p.actions:
                action.meeting_id = p.meeting.pk
                action.shortcoming_id = p.shortcomings[index][0].pk
                self._action_state(action, p, next_meeting.get(id(p)), progress)
        CorrectiveAction.objects.bulk_create(
            [a for p in plans for _i, a in p.actions], batch_size=BATCH
        )
        for step in progress:
            step.action_id = step.action.pk
        ActionProgress.objects.bulk_create(progress, batch_size=BATCH)
        # Derived data from the rows in memory: the same functions the app uses.
        # In the catalogue's own order, as the minutes list them.
        tags_by_pk = {item.pk: item for item in CatalogItem.objects.all()}
        rank = {pk: n for n, pk in enumerate(CatalogItem.objects.values_list("pk", flat=True))}
        code_pk = self.tags
        figures, texts = [], []
        numbers: dict[int, int] = defaultdict(int)
        for p in plans:
            meeting = p.meeting
            status = p.final_status
            meeting.status = status
            if status in (MinutesStatus.SUBMITTED, MinutesStatus.APPROVED, MinutesStatus.RETURNED):
                meeting.submitted_at = timezone.make_aware(
                    dt.datetime.combine(
                        meeting.date + dt.timedelta(days=rng.randint(1, 3)), dt.time(9)
                    )
                )
            if status == MinutesStatus.APPROVED:
                meeting.approved_at = meeting.submitted_at + dt.timedelta(days=rng.randint(1, 10))
                numbers[meeting.cell_id] += 1
                meeting.number = numbers[meeting.cell_id]
            _prefetched(meeting, "participants", p.participants)
            _prefetched(meeting, "agenda_items", p.agenda)
            _prefetched(meeting, "reports", p.reports)
            _prefetched(meeting, "speaking_turns", [t for _s, t in p.turns])
            _prefetched(meeting, "directive_points", [d for _g, d in p.points])
            _prefetched(meeting, "decisions", p.decisions)
            shortcomings = []
            for index, (shortcoming, codes, _n) in enumerate(p.shortcomings):
                tag_pks = sorted((code_pk[c] for c in codes if c in code_pk), key=rank.__getitem__)
                _prefetched(shortcoming, "tags", [tags_by_pk[pk] for pk in tag_pks])
                _prefetched(shortcoming, "actions", [a for i, a in p.actions if i == index])
                shortcomings.append(shortcoming)
            _prefetched(meeting, "shortcomings", shortcomings)
            meeting.search_document = build_document(
                meeting, settings=self.settings, voting_rules=self.voting_rules
            ).text()
            texts.append((meeting.pk, meeting.search_document))
            if status != MinutesStatus.DRAFT:
                figures.append(
                    compute_figures(
                        meeting,
                        participants=p.participants,
                        decisions=p.decisions,
                        shortcomings=len(p.shortcomings),
                        speaking_turns=len(p.turns),
                        settings=self.settings,
                        voting_rules=self.voting_rules,
                    )
                )
        # One statement per row, sent in a batch: Django's bulk_update builds a CASE per
        # field and row, which cost a third of the run. The rows are still drafts, so
        # nothing approved is being rewritten.
        table = Meeting._meta.db_table
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET chair_id = %s, secretary_id = %s, search_document = %s, "
                "status = %s, submitted_at = %s, approved_at = %s, number = %s WHERE id = %s",
                [
                    (
                        m.chair_id,
                        m.secretary_id,
                        m.search_document,
                        m.status,
                        m.submitted_at,
                        m.approved_at,
                        m.number,
                        m.pk,
                    )
                    for m in (p.meeting for p in plans)
                ],
            )
        MeetingFigures.objects.bulk_create(figures, batch_size=BATCH)
        SearchEntry.objects.bulk_create(search_entries_for(texts), batch_size=BATCH)
        for name, n in (
            ("meetings", len(plans)),
            ("participants", len(participants)),
            ("speaking turns", sum(len(p.turns) for p in plans)),
            ("shortcomings", sum(len(p.shortcomings) for p in plans)),
            ("actions", sum(len(p.actions) for p in plans)),
            ("decisions", sum(len(p.decisions) for p in plans)),
            ("progress steps", len(progress)),
        ):
            self.counts[name] += n

    def _action_state(self, action, plan: Planned, later: Meeting | None, progress: list) -> None:
        rng = self.rng
        if plan.final_status != MinutesStatus.APPROVED:
            return  # stays open: the minutes are not in force yet
        age = (self.until - action.deadline).days
        roll = rng.random()
        if age > 90:
            table = (
                (0.8, ActionStatus.VERIFIED),
                (0.9, ActionStatus.DONE),
                (0.95, ActionStatus.IN_PROGRESS),
                (1.0, ActionStatus.OPEN),
            )
        elif age > 0:
            table = (
                (0.3, ActionStatus.VERIFIED),
                (0.6, ActionStatus.DONE),
                (0.85, ActionStatus.IN_PROGRESS),
                (1.0, ActionStatus.OPEN),
            )
        else:
            table = (
                (0.5, ActionStatus.OPEN),
                (0.9, ActionStatus.IN_PROGRESS),
                (1.0, ActionStatus.DONE),
            )
        status = next(s for limit, s in table if roll < limit)
        if status != ActionStatus.OPEN and (later is None or later.date > self.until):
            status = ActionStatus.OPEN
        action.status = status
        if status == ActionStatus.OPEN:
            return
        reported = (
            ActionStatus.IN_PROGRESS if status == ActionStatus.IN_PROGRESS else ActionStatus.DONE
        )
        when = timezone.make_aware(dt.datetime.combine(later.date, dt.time(21)))
        progress.append(
            ActionProgress(
                action=action,
                meeting=later,
                step=ProgressStep.REPORTED,
                note="Đã triển khai thực hiện; chi bộ nghe báo cáo kết quả khắc phục."
                if reported == ActionStatus.DONE
                else "Đang thực hiện, dự kiến hoàn thành đúng hạn.",
                from_status=ActionStatus.OPEN,
                status=reported,
                by_name="Thư ký chi bộ",
                created_at=when,
            )
        )
        if reported == ActionStatus.DONE:
            action.done_at = later.date
        if status == ActionStatus.VERIFIED:
            action.verified_at = when + dt.timedelta(days=rng.randint(5, 30))
            action.verified_by = self.reviewer
            progress.append(
                ActionProgress(
                    action=action,
                    step=ProgressStep.VERIFIED,
                    note="Đã kiểm tra, xác nhận kết quả khắc phục.",
                    from_status=ActionStatus.DONE,
                    status=ActionStatus.VERIFIED,
                    by=self.reviewer,
                    by_name=self.reviewer.get_full_name(),
                    created_at=action.verified_at,
                )
            )
