"""Register facts of the demonstration cells: what happened to their members since 2022.

The rosters in `members.demo.organizations` are the cells as they stood in the
first half of 2022. These facts bring them to the day the data is loaded, so
that "what falls due" (domain.md §3.9) has something in each of its lists:

- Võ Thị Hồng Nhung (Văn phòng) was admitted 12 months before a day 40 days
  from now: her probation ends within the 60-day notice period;
- Nguyễn Văn Hiếu (Tài chính - Kế hoạch) finished his probation 20 days before
  the cell's meeting last month, which voted to recognise him (`members.demo.year`
  puts the vote there); the committee has not decided yet;
- Phạm Thị Hà My (Tài nguyên và Môi trường) finished hers 50 days ago and her
  cell has not considered it: past the 30 working days;
- Trần Thị Phương Thảo (Tài chính - Kế hoạch) is exempt for maternity leave
  until the end of this month;
- Võ Văn Lực (Văn phòng) was seconded for 12 months from 14 months ago and is
  still away.

Older facts give the history pages something true to the 2022 minutes: the
exemptions the 2022 rosters show, the return of the member who was studying,
the recognition of the 2022 probationary member, and the retirement of the
exempt driver. Relative dates are computed from the day of the first load; a
later run leaves the events (and the member fields they set) as they are, so
the facts age as real ones do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from members.demo import schedule
from members.demo.organizations import TCKH, TNMT, VP
from members.demo.specs import MemberSpec

D = dt.date
DAY = dt.timedelta(days=1)

# Card numbers of the members the facts and the year of meetings refer to.
AN = "42.059377"
NHUNG = "42.061274"
HIEU = "42.060538"
HA_MY = "42.060917"
THUONG = "42.058160"
THUAN = "42.002917"
TAM = "42.016734"
SANG = "42.030642"
LUC = "42.039772"
THAO = "42.028190"

# Days before the probation end of the member due soon, and after it for the one overdue.
DUE_IN_DAYS = 40
OVERDUE_DAYS = 50
# The recognised member's probation ended this many days before his cell's meeting.
ENDED_BEFORE_VOTE_DAYS = 20

SECONDMENT_PLACE = "Chi bộ Trung tâm Phục vụ hành chính công tỉnh Hà Tĩnh"
COURSE_PLACE = "Lớp Cao cấp lý luận chính trị tập trung, Học viện Chính trị khu vực III"
MATERNITY = "Nghỉ chế độ thai sản"
RETIRED = "Nghỉ hưu, chuyển sinh hoạt đảng về nơi cư trú"


@dataclass(frozen=True)
class EventSpec:
    """One dated entry of a member's history, and the member fields it leaves in place."""

    card_number: str
    kind: str  # an EventKind value
    date: dt.date
    end_date: dt.date | None = None
    reason: str = ""
    place: str = ""
    decision_number: str = ""
    decision_date: dt.date | None = None
    # (cell name, date) of the minutes the change came from, when it came from a meeting.
    meeting: tuple[str, dt.date] | None = None
    fields: dict[str, object] = field(default_factory=dict)


def admitted_due_soon(today: dt.date) -> dt.date:
    return schedule.add_months(today + dt.timedelta(days=DUE_IN_DAYS), -12)


def admitted_recognised(today: dt.date) -> dt.date:
    last_month = schedule.add_months(schedule.month_start(today), -1)
    meeting = schedule.regular_day(TCKH, last_month)
    return schedule.add_months(meeting - dt.timedelta(days=ENDED_BEFORE_VOTE_DAYS), -12)


def admitted_overdue(today: dt.date) -> dt.date:
    return schedule.add_months(today - dt.timedelta(days=OVERDUE_DAYS), -12)


def new_members(today: dt.date) -> dict[str, tuple[MemberSpec, ...]]:
    """Members who joined the demonstration cells after June 2022, by cell."""
    return {
        VP: (
            MemberSpec(
                "Võ Thị Hồng Nhung", "f", D(1999, 8, 17), NHUNG, admitted_due_soon(today), None,
                "Chuyên viên tổng hợp, Văn phòng HĐND - UBND Thành phố",
            ),
        ),
        TCKH: (
            # The candidate of the cell's admission vote of May 2022.
            MemberSpec(
                "Nguyễn Thị Hoài An", "f", D(1996, 4, 22), AN, D(2022, 7, 1), D(2023, 7, 1),
                "Chuyên viên Phòng Tài chính - Kế hoạch",
            ),
            MemberSpec(
                "Nguyễn Văn Hiếu", "m", D(1998, 1, 9), HIEU, admitted_recognised(today), None,
                "Chuyên viên phụ trách ngân sách xã, phường, Phòng Tài chính - Kế hoạch",
            ),
        ),
        TNMT: (
            MemberSpec(
                "Phạm Thị Hà My", "f", D(1999, 12, 3), HA_MY, admitted_overdue(today), None,
                "Chuyên viên phụ trách môi trường, Phòng Tài nguyên và Môi trường",
            ),
        ),
    }  # fmt: skip


def admission(card: str, admitted_on: dt.date, number: int) -> EventSpec:
    """The admission ceremony, after the committee's decision (domain.md §3.9)."""
    return EventSpec(
        card,
        "admitted",
        admitted_on,
        reason="Lễ kết nạp tại chi bộ",
        decision_number=f"{number}-QĐ/ĐU",
        decision_date=admitted_on - 10 * DAY,
    )


def events(today: dt.date) -> tuple[EventSpec, ...]:
    this_month = schedule.month_start(today)
    seconded = schedule.add_months(this_month, -14)
    exempt_from = schedule.add_months(this_month, -5)
    exempt_to = schedule.month_end(today)
    return (
        # 2022 and after: what the 2022 rosters show, and how it ended.
        admission(THUONG, D(2022, 2, 3), 171),
        EventSpec(
            THUONG, "recognized", D(2023, 2, 3),
            reason="Hết thời gian dự bị, chi bộ đề nghị công nhận đảng viên chính thức",
            decision_number="231-QĐ/ĐU", decision_date=D(2023, 2, 24),
            fields={"official_on": D(2023, 2, 3)},
        ),
        EventSpec(
            THUAN, "exemption", D(2022, 3, 1), end_date=D(2022, 12, 31),
            reason="Điều trị bệnh dài ngày", meeting=(VP, D(2022, 2, 15)),
        ),
        EventSpec(
            THUAN, "transfer_out", D(2024, 12, 1), reason=RETIRED,
            place="Đảng bộ phường Nam Hà, thành phố Hà Tĩnh",
            fields={"left_on": D(2024, 12, 1), "left_reason": RETIRED},
        ),
        EventSpec(
            TAM, "exemption", D(2022, 4, 1), end_date=D(2022, 9, 30),
            reason="Nghỉ điều trị bệnh dài ngày theo chỉ định của bác sĩ",
        ),
        EventSpec(
            SANG, "attach_out", D(2021, 9, 6), end_date=D(2022, 8, 31),
            reason="Đi học tập trung", place=COURSE_PLACE,
        ),
        EventSpec(
            SANG, "attach_end", D(2022, 9, 5), reason="Hoàn thành khóa học, trở về sinh hoạt",
            place=COURSE_PLACE, fields={"attachment": "", "attachment_place": ""},
        ),
        admission(AN, D(2022, 7, 1), 186),
        EventSpec(
            AN, "recognized", D(2023, 7, 1),
            reason="Hết thời gian dự bị, chi bộ đề nghị công nhận đảng viên chính thức",
            decision_number="262-QĐ/ĐU", decision_date=D(2023, 7, 20),
        ),
        # Relative to today: the facts "what falls due" lists.
        admission(HIEU, admitted_recognised(today), 318),
        admission(HA_MY, admitted_overdue(today), 319),
        admission(NHUNG, admitted_due_soon(today), 324),
        EventSpec(
            LUC, "attach_out", seconded, end_date=schedule.add_months(seconded, 12) - DAY,
            reason="Biệt phái 12 tháng theo quyết định của UBND Thành phố",
            place=SECONDMENT_PLACE,
            fields={"attachment": "out", "attachment_place": SECONDMENT_PLACE},
        ),
        EventSpec(
            THAO, "exemption", exempt_from, end_date=exempt_to, reason=MATERNITY,
            # Decided at the cell's meeting of the month before (members.demo.year).
            meeting=(TCKH, schedule.regular_day(TCKH, schedule.add_months(exempt_from, -1))),
            fields={"exempt_from": exempt_from, "exempt_to": exempt_to, "exempt_reason": MATERNITY},
        ),
    )  # fmt: skip
