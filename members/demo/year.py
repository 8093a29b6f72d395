"""A year of meetings of every demonstration cell, up to the day the data is loaded.

The 2022 meetings show the minutes of one half-year in detail; these give the
oversight pages (dashboard, regularity, statistics) a year that ends today: a
regular meeting in each of the last 12 finished months and a thematic one in the
middle month of each quarter, for every cell. They are built from the register
as it stands after `members.demo.register` (who is on the roster, exempt, away
or probationary that day), so attendance agrees with the roster snapshot.

States: minutes are approved a few days after the meeting, except where the
demonstration needs a case to show —
- Chi bộ Quản lý đô thị: last month's minutes wait for review, and this
  month's meeting is being recorded (a draft, dated today at the latest);
- Chi bộ Văn phòng: last month's minutes were returned with a comment;
- Chi bộ Tài nguyên và Môi trường held no regular meeting in one month
  (`schedule.skipped_month`), which the regularity page flags;
- minutes whose review would fall after today are still submitted.

Register decisions sit in the meeting where they belong: the Văn phòng vote to
recommend admitting its newest member the month before her admission; Tài
chính - Kế hoạch's exemption of a member the month before it starts, and its
vote to recognise a probationary member at its first meeting after his
probation ended.

A cell's months are generated after its latest meeting only, so a later run
adds the months since, without filling the month a cell missed or duplicating
a month someone has recorded meanwhile.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from members.demo import register, schedule
from members.demo.meetings import (
    EXCUSED,
    QLDT_COMMON,
    TCKH_COMMON,
    TNMT_COMMON,
    TZ,
    UNEXCUSED,
    VP_COMMON,
    month,
    monthly_report,
    monthly_resolution,
    previous,
    regular_agenda,
)
from members.demo.organizations import QLDT, TCKH, TNMT, VP
from members.demo.specs import (
    DecisionSpec,
    GuestSpec,
    MeetingSpec,
    ReportSpec,
    ReviewCommentSpec,
)
from members.demo.year_texts import (
    ABSENCE_REASONS,
    CELL_TEXTS,
    GUEST_NAME,
    GUEST_TITLE,
    MONTH_FOCUS,
    REVIEW_COMMENT,
    THEMATIC_AGENDA,
    THEMES,
)
from members.models import Member
from minutes.vnformat import short_date

COMMON = {QLDT: QLDT_COMMON, VP: VP_COMMON, TCKH: TCKH_COMMON, TNMT: TNMT_COMMON}
DEPUTY = {
    QLDT: "Nguyễn Thị Minh Nguyệt",
    VP: "Lê Thị Kim Oanh",
    TCKH: "Lê Văn Cường",
    TNMT: "Nguyễn Thị Hồng Vân",
}
# The official member assigned to help the probationary member (and who speaks for him).
HELPER = {register.HIEU: "Đoàn Minh Đức"}
ADMISSION_INTRODUCER = "Hoàng Minh Tú"
TURNS_PER_MEETING = 3


@dataclass
class Extra:
    """What a register decision adds to a regular meeting."""

    agenda: list[str] = field(default_factory=list)
    turns: list[tuple[str, str]] = field(default_factory=list)
    decisions: list[DecisionSpec] = field(default_factory=list)
    conclusion: str = ""


def year_meetings(
    today: dt.date,
    now: dt.datetime,
    rosters: dict[str, list[Member]],
    latest: dict[str, dt.date | None],
) -> list[MeetingSpec]:
    """The meetings to add, oldest first, for cells whose latest meeting is `latest[cell]`."""
    specs: list[MeetingSpec] = []
    this_month = schedule.month_start(today)
    for number, cell in enumerate(schedule.CELLS):
        builder = _CellYear(cell, number, today, now, rosters[cell])
        after = latest.get(cell)
        months = [m for m in schedule.window(today) if after is None or m > after]
        for m in months:
            if not (cell == TNMT and m == schedule.skipped_month(today)):
                specs.append(builder.regular(m))
            if schedule.is_thematic_month(m):
                specs.append(builder.thematic(m))
        if cell == QLDT and (after is None or this_month > after):
            specs.append(builder.being_recorded())
    return sorted(specs, key=lambda s: (s.date, s.start_time))


class _CellYear:
    def __init__(
        self, cell: str, number: int, today: dt.date, now: dt.datetime, roster: list[Member]
    ) -> None:
        self.cell = cell
        self.number = number
        self.today = today
        self.now = now
        self.roster = sorted(roster, key=lambda m: m.card_number)
        self.by_card = {m.card_number: m for m in self.roster}
        self.calendar = schedule.CALENDARS[cell]
        self.texts = CELL_TEXTS[cell]
        self.common = {
            "cell": cell,
            "place": COMMON[cell]["place"],
            "chair": COMMON[cell]["chair"],
            "secretary": COMMON[cell]["secretary"],
            "recorded_by": COMMON[cell].get("recorded_by", ""),
        }

    # -- who is there -------------------------------------------------------

    def expected(self, day: dt.date) -> list[str]:
        """Names of the members the snapshot of `day` expects (on the roster, not excused)."""
        return [
            m.full_name
            for m in self.roster
            if m.admitted_on <= day
            and (m.left_on is None or m.left_on > day)
            and not m.is_exempt_on(day)
            and m.attachment != "out"
            and not m.suspended
        ]

    def absences(
        self, m: dt.date, expected: list[str], reserved: set[str]
    ) -> tuple[dict[str, tuple[str, str]], str]:
        """One member away in some months (with a reason, but once without); the reminder."""
        index = m.year * 12 + m.month
        if self.cell == TNMT and m == schedule.add_months(schedule.skipped_month(self.today), 2):
            name = "Nguyễn Đình Thắng"
            if name in expected:
                reminder = (
                    f"Nhắc nhở đồng chí {name} vắng sinh hoạt không có lý do; yêu cầu đồng chí "
                    "báo cáo giải trình với chi ủy."
                )
                return {name: (UNEXCUSED, "")}, reminder
        if (index + self.number) % 3:
            return {}, ""
        candidates = [name for name in expected if name not in reserved]
        if not candidates:
            return {}, ""
        name = candidates[(index * 7 + self.number) % len(candidates)]
        reason = ABSENCE_REASONS[(index + self.number) % len(ABSENCE_REASONS)]
        return {name: (EXCUSED, reason)}, ""

    def turns(self, m: dt.date, present: list[str], taken: set[str]) -> list[tuple[str, str]]:
        pool = self.texts.turns
        start = (m.year * 12 + m.month) * 2 + self.number
        chosen: list[tuple[str, str]] = []
        for k in range(len(pool)):
            speaker, gist = pool[(start + k) % len(pool)]
            if speaker in present and speaker not in taken:
                chosen.append((speaker, gist))
                taken.add(speaker)
            if len(chosen) == TURNS_PER_MEETING:
                break
        return chosen

    # -- states ---------------------------------------------------------------

    def state(self, day: dt.date, forced: str = "") -> dict:
        """Status and timestamps: submitted two days after, approved four days after that."""
        submitted = dt.datetime.combine(
            schedule.workday(day + dt.timedelta(days=2)), dt.time(8, 30 + 5 * self.number), TZ
        )
        approved = dt.datetime.combine(
            schedule.workday(submitted.date() + dt.timedelta(days=4)), dt.time(14, 30), TZ
        )
        status = forced
        if not status:
            if approved <= self.now:
                status = "approved"
            elif submitted <= self.now:
                status = "submitted"
            else:
                status = "draft"
        if status == "draft":
            return {"status": status}
        state = {"status": status, "submitted_at": submitted}
        if status == "approved":
            state["approved_at"] = approved
        if status == "returned":
            state["review_comments"] = (ReviewCommentSpec("conclusion", REVIEW_COMMENT),)
        return state

    def forced_state(self, m: dt.date) -> str:
        last_month = schedule.add_months(schedule.month_start(self.today), -1)
        if m != last_month:
            return ""
        return {QLDT: "submitted", VP: "returned"}.get(self.cell, "")

    # -- meetings -------------------------------------------------------------

    def regular(self, m: dt.date) -> MeetingSpec:
        day = schedule.regular_day(self.cell, m)
        index = m.year * 12 + m.month
        chair, secretary = self.common["chair"], self.common["secretary"]
        presenter = chair if index % 2 == 0 else DEPUTY[self.cell]
        extra = self.register_business(m, day)
        expected = self.expected(day)
        reserved = {chair, secretary, DEPUTY[self.cell], *(name for name, _ in extra.turns)}
        attendance, reminder = self.absences(m, expected, reserved)
        present = [name for name in expected if name not in attendance]
        taken = {chair, *(name for name, _ in extra.turns)}
        turns = extra.turns + self.turns(m, present, taken)
        directives = self.texts.directives
        points = [(chair, directives[index % len(directives)])]
        if index % 2 == 0:
            points.append((chair, directives[(index + 1) % len(directives)]))
        this, before = month(m.month, m.year), previous(m.month, m.year)
        following = schedule.add_months(m, 1)
        work = self.texts.work[index % len(self.texts.work)]
        commendations = ""
        if index % 4 == self.number and len(turns) > 1:
            commendations = (
                f"Biểu dương đồng chí {turns[-1][0]} hoàn thành tốt nhiệm vụ được giao trong "
                f"tháng {before}."
            )
        return MeetingSpec(
            **self.common,
            kind="regular",
            date=day,
            start_time=self.calendar.regular_start,
            end_time=self.calendar.regular_end,
            agenda=regular_agenda(m.month, *extra.agenda, year=m.year),
            attendance=attendance,
            reports=(
                monthly_report(
                    presenter,
                    m.month,
                    f"Kết quả lãnh đạo thực hiện nhiệm vụ tháng {before}, trọng tâm là {work}; "
                    f"công tác xây dựng Đảng, sinh hoạt chi bộ. Nhiệm vụ tháng {this}: "
                    f"{MONTH_FOCUS[m.month]}.",
                    year=m.year,
                ),
            ),
            turns=tuple(turns),
            directive_points=tuple(points),
            conclusion=(
                f"Chi bộ thống nhất đánh giá kết quả thực hiện nhiệm vụ tháng {before} và "
                f"phương hướng, nhiệm vụ tháng {this} như báo cáo, có bổ sung các ý kiến thảo "
                f"luận; giao chi ủy chỉ đạo, đôn đốc thực hiện, báo cáo tại kỳ sinh hoạt tháng "
                f"{month(following.month, following.year)}{extra.conclusion}."
            ),
            commendations=commendations,
            reminders=reminder,
            decisions=(monthly_resolution(m.month, year=m.year), *extra.decisions),
            **self.state(day, self.forced_state(m)),
        )

    def thematic(self, m: dt.date) -> MeetingSpec:
        day = schedule.thematic_day(self.cell, m)
        quarter = (m.month - 1) // 3 + 1
        theme = THEMES[(m.year * 4 + quarter) % len(THEMES)]
        chair, presenter = self.common["chair"], DEPUTY[self.cell]
        speakers = [n for n in self.expected(day) if n not in (chair, presenter)]
        start = (m.year * 12 + m.month) * 3 + self.number
        turns = tuple(
            (speakers[(start + k) % len(speakers)], gist)
            for k, gist in enumerate(theme.turns[: len(speakers)])
        )
        return MeetingSpec(
            **self.common,
            kind="thematic",
            topic=theme.topic,
            legal_bases=theme.legal_bases,
            date=day,
            start_time=self.calendar.thematic_start,
            end_time=self.calendar.thematic_end,
            agenda=THEMATIC_AGENDA,
            guests=(GuestSpec(GUEST_NAME, GUEST_TITLE),),
            reports=(ReportSpec(presenter, f"Báo cáo chuyên đề “{theme.topic}”", theme.summary),),
            turns=turns,
            directive_points=tuple((GUEST_NAME, text) for text in theme.directives),
            conclusion=(
                "Chi bộ thống nhất nội dung báo cáo chuyên đề, tiếp thu ý kiến chỉ đạo của "
                "đồng chí Phó Bí thư Đảng ủy cơ quan; giao chi ủy theo dõi, kiểm tra việc thực "
                "hiện, đánh giá tại các kỳ sinh hoạt thường kỳ."
            ),
            decisions=(
                DecisionSpec(
                    f"Thông qua Báo cáo chuyên đề “{theme.topic}” và các giải pháp thực hiện "
                    "của Chi bộ."
                ),
            ),
            **self.state(day),
        )

    def being_recorded(self) -> MeetingSpec:
        """This month's meeting, dated today at the latest, with the record half written."""
        m = schedule.month_start(self.today)
        day = min(schedule.regular_day(self.cell, m), self.today)
        expected = self.expected(day)
        chair = self.common["chair"]
        turns = self.turns(m, expected, {chair})[:2]
        return MeetingSpec(
            **self.common,
            kind="regular",
            date=day,
            start_time=self.calendar.regular_start,
            agenda=regular_agenda(m.month, year=m.year),
            reports=(
                monthly_report(
                    chair,
                    m.month,
                    f"Kết quả thực hiện nhiệm vụ tháng {previous(m.month, m.year)}; nhiệm vụ "
                    f"tháng {month(m.month, m.year)}: {MONTH_FOCUS[m.month]}.",
                    year=m.year,
                ),
            ),
            turns=tuple(turns),
            minutes_read_back=False,
            status="draft",
        )

    # -- register business ----------------------------------------------------

    def register_business(self, m: dt.date, day: dt.date) -> Extra:
        extra = Extra()
        nhung = self.by_card.get(register.NHUNG)
        if nhung and m == schedule.add_months(schedule.month_start(nhung.admitted_on), -1):
            self.admission_vote(extra, nhung)
        thao = self.by_card.get(register.THAO)
        if (
            thao
            and thao.exempt_reason == register.MATERNITY
            and m == schedule.add_months(schedule.month_start(thao.exempt_from), -1)
        ):
            self.exemption(extra, thao)
        hieu = self.by_card.get(register.HIEU)
        if hieu and hieu.official_on is None and m == self.recognition_month(hieu):
            self.recognition_vote(extra, hieu)
        return extra

    def recognition_month(self, member: Member) -> dt.date:
        """The month of the cell's first regular meeting after the probation ended."""
        ended = schedule.add_months(member.admitted_on, 12)
        m = schedule.month_start(ended)
        if schedule.regular_day(self.cell, m) <= ended:
            m = schedule.add_months(m, 1)
        return m

    def admission_vote(self, extra: Extra, candidate: Member) -> None:
        name = candidate.full_name
        extra.agenda.append(f"Xét đề nghị kết nạp quần chúng {name} vào Đảng")
        extra.turns.append(
            (
                ADMISSION_INTRODUCER,
                f"Là đảng viên giới thiệu, nhận xét quần chúng {name} có lập trường tư tưởng "
                "vững vàng, đạo đức, lối sống trong sáng, hoàn thành tốt nhiệm vụ; lý lịch rõ "
                "ràng; đề nghị chi bộ xét, đề nghị kết nạp.",
            )
        )
        extra.decisions.append(
            DecisionSpec(
                f"Đề nghị Đảng ủy cơ quan xem xét kết nạp quần chúng {name}, {candidate.job_title}"
                ", vào Đảng Cộng sản Việt Nam.",
                kind="admission",
            )
        )
        extra.conclusion = f"; đề nghị Đảng ủy cơ quan xem xét kết nạp quần chúng {name}"

    def exemption(self, extra: Extra, member: Member) -> None:
        name = member.full_name
        extra.agenda.append(
            f"Xem xét đơn đề nghị miễn công tác và sinh hoạt đảng của đồng chí {name}"
        )
        extra.turns.append(
            (
                name,
                "Trình bày đơn đề nghị miễn công tác và sinh hoạt đảng trong thời gian nghỉ "
                "chế độ thai sản; hứa giữ liên lạc với chi bộ và đóng đảng phí đầy đủ.",
            )
        )
        extra.decisions.append(
            DecisionSpec(
                f"Đồng ý miễn công tác và sinh hoạt đảng đối với đồng chí {name} từ ngày "
                f"{short_date(member.exempt_from)} đến ngày {short_date(member.exempt_to)}, lý "
                "do nghỉ chế độ thai sản; báo cáo Đảng ủy cơ quan.",
                subject_member=name,
            )
        )

    def recognition_vote(self, extra: Extra, member: Member) -> None:
        name = member.full_name
        extra.agenda.append(f"Xét đề nghị công nhận đảng viên chính thức cho đồng chí {name}")
        extra.turns.extend(
            (
                (
                    HELPER[member.card_number],
                    f"Là đảng viên được phân công giúp đỡ, nhận xét đồng chí {name} trong thời "
                    "gian dự bị chấp hành tốt chủ trương, chính sách, hoàn thành tốt nhiệm vụ; "
                    "Công đoàn cơ quan và Chi đoàn nơi đồng chí sinh hoạt đều đề nghị công "
                    "nhận. Đề nghị chi bộ xét công nhận đảng viên chính thức.",
                ),
                (
                    name,
                    "Trình bày bản tự kiểm điểm trong thời gian dự bị; tiếp thu ý kiến góp ý "
                    "của chi bộ.",
                ),
            )
        )
        extra.decisions.append(
            DecisionSpec(
                f"Đề nghị Đảng ủy cơ quan xem xét, công nhận đảng viên chính thức cho đồng chí "
                f"{name} (vào Đảng ngày {short_date(member.admitted_on)}).",
                kind="recognition",
                subject_member=name,
            )
        )
        extra.conclusion = (
            f"; đề nghị Đảng ủy cơ quan xem xét, công nhận đảng viên chính thức cho đồng chí {name}"
        )
