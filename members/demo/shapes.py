"""Meetings of the shapes the 2022 data does not show: a pilot session and a combined one.

- A pilot session (sinh hoạt điểm) of Chi bộ Văn phòng HĐND - UBND, 15/9/2022,
  held under a guiding document of the agency committee and linked to its
  campaign "Nâng cao chất lượng sinh hoạt chi bộ": approved, so the campaign
  page offers its minutes to the other cells' secretaries as the model. The
  secretaries of the other cells attend as a group of guests, a member of the
  masses (quần chúng ưu tú) attends and speaks, and a member presents a
  prepared contribution (tham luận). Its topic is typed the way secretaries
  type it, "Sinh hoạt chuyên đề “…”": the title does not say it twice.
- A combined session (regular and thematic, sinh hoạt thường kỳ kết hợp
  chuyên đề) of Chi bộ Tài nguyên và Môi trường, 12/7/2022, approved: each part with
  its report, speaking turns, directives, conclusion and decision, under one
  attendance and one set of signatures; one turn is recorded in points.

Invented for the demonstration (plausible, not factual): the campaign, the
guiding document "15-HD/ĐUCQ ngày 15/8/2022", both meetings and everything
said in them.

Loaded by `members.demo.loader` after the 2022 meetings (so each cell's
minutes keep their numbers in date order), with its own small steps: the
loader's `load_meeting` creates the record as a draft, this module adds what
the specs cannot say (parts, pilot, non-members, groups, presentation kinds),
then `set_status` brings it to its state and issues the signed PDF.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

from members.demo.meetings import at, monthly_report, monthly_resolution, regular_agenda
from members.demo.organizations import AGENCY, TNMT, VP
from members.demo.specs import CampaignSpec, DecisionSpec, GuestSpec, MeetingSpec, ReportSpec
from minutes.models import (
    Decision,
    DirectivePoint,
    Meeting,
    NonMemberKind,
    Participant,
    ParticipantRole,
    PresentationKind,
    Report,
    SessionPart,
    SpeakingTurn,
)

if TYPE_CHECKING:
    from members.demo.loader import DemoLoader

D = dt.date
T = dt.time
REGULAR, THEMATIC = SessionPart.REGULAR, SessionPart.THEMATIC

# --- the pilot session -------------------------------------------------------------

GUIDE_NUMBER = "15-HD/ĐUCQ"
GUIDE_DATE = D(2022, 8, 15)
GUIDE_ISSUER = "Đảng ủy Cơ quan HĐND - UBND Thành phố"
CAMPAIGN_TOPIC = "Nâng cao chất lượng sinh hoạt chi bộ"

CAMPAIGN = CampaignSpec(
    committee=AGENCY,
    topic=CAMPAIGN_TOPIC,
    deadline=D(2022, 10, 31),
    legal_bases=(
        f"Hướng dẫn số {GUIDE_NUMBER} ngày 15/8/2022 của {GUIDE_ISSUER} về tổ chức sinh "
        "hoạt chi bộ điểm, nâng cao chất lượng sinh hoạt chi bộ",
    ),
    pilot_cell=VP,
    created_by="reviewer",
)

PILOT = MeetingSpec(
    cell=VP,
    kind="thematic",
    date=D(2022, 9, 15),
    start_time=T(14, 0),
    end_time=T(16, 45),
    place="Phòng họp tầng 2, Trụ sở HĐND - UBND Thành phố Hà Tĩnh",
    chair="Trần Đình Lương",
    secretary="Phạm Thị Thanh Thủy",
    # As secretaries type it: the title must not say "chuyên đề" twice.
    topic=f"Sinh hoạt chuyên đề “{CAMPAIGN_TOPIC}”",
    # The guide is named on the pilot's own line ("Sinh hoạt điểm: theo Hướng dẫn …"):
    # not repeated among the bases.
    legal_bases=(
        "Chỉ thị số 10-CT/TW ngày 30/3/2007 của Ban Bí thư về nâng cao chất lượng sinh hoạt chi bộ",
    ),
    agenda=(
        "Tuyên bố lý do, giới thiệu đại biểu dự buổi sinh hoạt điểm",
        "Báo cáo chuyên đề và tham luận",
        "Thảo luận, liên hệ trách nhiệm của từng đảng viên",
        "Phát biểu chỉ đạo của đại diện Đảng ủy Cơ quan",
        "Kết luận, biểu quyết",
    ),
    guests=(GuestSpec("Nguyễn Duy Đức", "Phó Bí thư Đảng ủy Cơ quan HĐND - UBND Thành phố"),),
    reports=(
        ReportSpec(
            "Lê Thị Kim Oanh",
            "báo cáo chuyên đề “Nâng cao chất lượng sinh hoạt chi bộ”",
            "Thực trạng sinh hoạt của Chi bộ: nội dung còn dàn trải, ít thảo luận; giải "
            "pháp chọn vấn đề trọng tâm mỗi tháng và phân công chuẩn bị trước.",
        ),
        ReportSpec(
            "Hoàng Minh Tú",
            "Đảng viên trẻ với việc chuẩn bị và tham gia ý kiến trong sinh hoạt chi bộ",
        ),
    ),
    turns=(
        (
            "Nguyễn Công Định",
            "Thống nhất với báo cáo chuyên đề.\n"
            "Đề nghị gửi dự thảo nghị quyết trước ba ngày để đảng viên nghiên cứu.\n"
            "Mỗi kỳ sinh hoạt chọn một việc khó của cơ quan để bàn sâu.",
        ),
        (
            "Đinh Thị Mai",
            "Nêu gương trong thực hành tiết kiệm; đề nghị công khai việc sử dụng kinh phí "
            "hội nghị trong sinh hoạt chi bộ.",
        ),
        (
            "Trần Quốc Bảo",
            "Là đảng viên mới chính thức, xin được phân công chuẩn bị tham luận kỳ sau.",
        ),
    ),
    directive_points=(
        (
            "Nguyễn Duy Đức",
            "Đánh giá cao sự chuẩn bị của Chi bộ; các chi bộ trực thuộc tham khảo cách chọn "
            "vấn đề trọng tâm và phân công chuẩn bị.",
        ),
        (
            "Nguyễn Duy Đức",
            "Chi ủy rút kinh nghiệm, gửi biên bản buổi sinh hoạt điểm lên Đảng ủy trước "
            "30/9/2022 để hướng dẫn nhân rộng.",
        ),
    ),
    conclusion=(
        "Chi bộ thống nhất các giải pháp nâng cao chất lượng sinh hoạt; từ tháng 10/2022 "
        "mỗi kỳ sinh hoạt chọn một vấn đề trọng tâm, dự thảo nghị quyết gửi trước ba ngày."
    ),
    decisions=(
        DecisionSpec(
            "Thông qua Nghị quyết chuyên đề “Nâng cao chất lượng sinh hoạt chi bộ”, "
            "giai đoạn 2022 - 2025."
        ),
    ),
    campaign=CAMPAIGN_TOPIC,
    recorded_by="",
    status="draft",  # brought to "approved" by `load` once the pilot's details are in
)
PILOT_STATE = {
    "status": "approved",
    "submitted_at": at(9, 16, 10),
    "approved_at": at(9, 20, 15),
}
# Who attends beside the members: the other cells' secretaries as a group, and a
# member of the masses the cell is helping towards admission (who also speaks).
GROUP = ("Bí thư các chi bộ trực thuộc Đảng bộ Cơ quan", "Đảng bộ Cơ quan HĐND - UBND Thành phố")
NON_MEMBER = ("Nguyễn Thị Hà My", "Chuyên viên", "Văn phòng HĐND - UBND Thành phố")
NON_MEMBER_TURN = (
    "Được học tập cách chi bộ sinh hoạt; xin hứa phấn đấu, rèn luyện để sớm được đứng "
    "vào hàng ngũ của Đảng."
)

# --- the combined session ----------------------------------------------------------

COMBINED_TOPIC = "Phân loại rác thải tại nguồn, giữ gìn vệ sinh môi trường khu dân cư"
COMBINED = MeetingSpec(
    cell=TNMT,
    kind="combined",
    date=D(2022, 7, 12),
    start_time=T(14, 0),
    end_time=T(17, 0),
    place="Phòng họp Phòng Tài nguyên và Môi trường, Trụ sở HĐND - UBND Thành phố Hà Tĩnh",
    chair="Hoàng Anh Tuấn",
    secretary="Trần Thị Diệu Linh",
    topic=COMBINED_TOPIC,
    agenda=(
        *regular_agenda(7),
        f"Sinh hoạt chuyên đề “{COMBINED_TOPIC}”",
    ),
    reports=(
        monthly_report(
            "Nguyễn Thị Hồng Vân",
            7,
            "Giải quyết 214 hồ sơ đất đai trong tháng 6/2022, 9 hồ sơ quá hạn; nhiệm vụ "
            "tháng 7/2022: giải quyết dứt điểm hồ sơ quá hạn, hoàn thành kế hoạch sử dụng đất.",
        ),
        ReportSpec(
            "Lê Minh Quang",
            f"báo cáo chuyên đề “{COMBINED_TOPIC}”",
            "Kết quả thí điểm phân loại rác tại hai phường; những khu dân cư còn đổ rác sai "
            "giờ, sai nơi và giải pháp tuyên truyền, xử phạt.",
        ),
    ),
    turns=(
        (
            "Nguyễn Đình Thắng",
            "Hồ sơ quá hạn chủ yếu do chờ ý kiến các ngành; đề nghị chi bộ giao người theo "
            "dõi từng hồ sơ.",
        ),
        (
            "Lê Quang Huy",
            "Thống nhất nhiệm vụ tháng 7/2022 như báo cáo.",
        ),
        (
            "Trần Thị Diệu Linh",
            "Mỗi đảng viên gương mẫu phân loại rác tại gia đình.\n"
            "Phối hợp tổ dân phố nơi cư trú để tuyên truyền.\n"
            "Đưa kết quả thực hiện vào đánh giá đảng viên cuối năm.",
        ),
        (
            "Nguyễn Thị Hồng Vân",
            "Đề nghị tham mưu UBND Thành phố bổ sung thùng rác phân loại tại các điểm công cộng.",
        ),
    ),
    directive_points=(
        (
            "Hoàng Anh Tuấn",
            "Giải quyết dứt điểm 9 hồ sơ đất đai quá hạn trước ngày 31/7/2022.",
        ),
        (
            "Hoàng Anh Tuấn",
            "Mỗi đảng viên đăng ký một việc làm cụ thể về phân loại rác tại nơi cư trú.",
        ),
    ),
    conclusion=(
        "Chi bộ thống nhất đánh giá kết quả tháng 6/2022 và nhiệm vụ tháng 7/2022 như báo "
        "cáo; tập trung giải quyết hồ sơ đất đai quá hạn."
    ),
    decisions=(
        monthly_resolution(7),
        DecisionSpec(
            "Thông qua Nghị quyết chuyên đề về phân loại rác thải tại nguồn, giữ gìn vệ sinh "
            "môi trường khu dân cư."
        ),
    ),
    status="draft",  # brought to "approved" by `load` once the parts are given
)
COMBINED_STATE = {
    "status": "approved",
    "submitted_at": at(7, 13, 9),
    "approved_at": at(7, 18, 14),
}
THEMATIC_CONCLUSION = (
    "Chi bộ thống nhất các giải pháp: đảng viên gương mẫu phân loại rác tại gia đình, phối "
    "hợp tổ dân phố tuyên truyền; kiểm tra việc thực hiện hằng quý."
)
# The part of each item, in the order of the spec (reports, turns, directives, decisions).
COMBINED_PARTS = {
    Report: (REGULAR, THEMATIC),
    SpeakingTurn: (REGULAR, REGULAR, THEMATIC, THEMATIC),
    DirectivePoint: (REGULAR, THEMATIC),
    Decision: (REGULAR, THEMATIC),
}


def load(loader: DemoLoader) -> None:
    """The pilot and the combined session, once (an existing record is left as it is)."""
    pilot = loader.load_meeting(PILOT)
    if pilot is not None:
        _make_pilot(pilot)
        _finish(loader, pilot, PILOT, PILOT_STATE)
    combined = loader.load_meeting(COMBINED)
    if combined is not None:
        for model, parts in COMBINED_PARTS.items():
            for item, part in zip(
                model.objects.filter(meeting=combined).order_by("order"), parts, strict=True
            ):
                item.part = part
                item.save(update_fields=["part"])
        combined.thematic_conclusion = THEMATIC_CONCLUSION
        combined.save(update_fields=["thematic_conclusion"])
        _finish(loader, combined, COMBINED, COMBINED_STATE)


def _make_pilot(meeting: Meeting) -> None:
    meeting.is_pilot = True
    meeting.pilot_guide_number = GUIDE_NUMBER
    meeting.pilot_guide_date = GUIDE_DATE
    meeting.pilot_guide_issuer = GUIDE_ISSUER
    meeting.save(
        update_fields=["is_pilot", "pilot_guide_number", "pilot_guide_date", "pilot_guide_issuer"]
    )
    # The second presentation is a prepared contribution (tham luận), not a report.
    contribution = Report.objects.filter(meeting=meeting).order_by("order").last()
    contribution.presentation = PresentationKind.CONTRIBUTION
    contribution.save(update_fields=["presentation"])
    order = Participant.objects.filter(meeting=meeting).count()
    Participant.objects.create(
        meeting=meeting,
        role=ParticipantRole.GUEST,
        order=order + 1,
        full_name=GROUP[0],
        organization=GROUP[1],
        is_group=True,
    )
    name, title, organization = NON_MEMBER
    person = Participant.objects.create(
        meeting=meeting,
        role=ParticipantRole.GUEST,
        order=order + 2,
        full_name=name,
        title=title,
        organization=organization,
        non_member=NonMemberKind.OUTSTANDING,
    )
    turns = SpeakingTurn.objects.filter(meeting=meeting).count()
    SpeakingTurn.objects.create(
        meeting=meeting, order=turns + 1, speaker=person, gist=NON_MEMBER_TURN
    )


def _finish(loader: DemoLoader, meeting: Meeting, spec: MeetingSpec, state: dict) -> None:
    """Bring the record to its state (numbered, audited, signed), as `load_meeting` would."""
    decisions = list(Decision.objects.filter(meeting=meeting).order_by("order"))
    meeting.refresh_from_db()
    loader.set_status(meeting, dataclasses.replace(spec, **state), decisions)
