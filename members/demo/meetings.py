"""Other meetings of the demonstration cells, January to June 2022 (invented).

They give the lists, dashboards and figures some variety: regular and thematic
meetings in every state (draft, submitted, returned, approved), probationary
members, exempt members who stay away and one who comes, members on temporary
activity elsewhere and from elsewhere, absences with and without reason, guests,
and decisions on admission and official recognition. Each is kept short (3 to 5
turns). Approved minutes are numbered per cell from 1 in date order: minutes of
the term before these were kept on paper.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from members.demo.organizations import QLDT, TCKH, TNMT, VP
from members.demo.specs import (
    ActionSpec,
    DecisionSpec,
    GuestSpec,
    MeetingSpec,
    ReportSpec,
    ReviewCommentSpec,
    ShortcomingSpec,
)

D = dt.date
T = dt.time
TZ = ZoneInfo("Asia/Ho_Chi_Minh")

EXCUSED = "absent_excused"
UNEXCUSED = "absent_unexcused"
PRESENT = "present"


def at(month: int, day: int, hour: int = 9, minute: int = 0, year: int = 2022) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=TZ)


def month(m: int, year: int = 2022) -> str:
    """ "01/2022", "6/2022": leading zero for months 1 and 2 only (domain.md §6.1)."""
    return f"{m:02d}/{year}" if m <= 2 else f"{m}/{year}"


def previous(m: int, year: int = 2022) -> str:
    return month(12, year - 1) if m == 1 else month(m - 1, year)


def regular_agenda(m: int, *extra: str, year: int = 2022) -> tuple[str, ...]:
    return (
        "Thông tin thời sự, phổ biến văn bản mới của Đảng, Nhà nước",
        f"Đánh giá kết quả lãnh đạo thực hiện nhiệm vụ tháng {previous(m, year)}",
        f"Phương hướng, nhiệm vụ tháng {month(m, year)}",
        *extra,
    )


def monthly_report(presenter: str, m: int, summary: str, year: int = 2022) -> ReportSpec:
    return ReportSpec(
        presenter,
        f"Báo cáo kết quả lãnh đạo thực hiện nhiệm vụ tháng {previous(m, year)}, "
        f"phương hướng, nhiệm vụ tháng {month(m, year)}",
        summary,
    )


def monthly_resolution(m: int, year: int = 2022) -> DecisionSpec:
    return DecisionSpec(f"Thông qua Nghị quyết lãnh đạo thực hiện nhiệm vụ tháng {month(m, year)}.")


# ---------------------------------------------------------------------------
# Chi bộ Quản lý đô thị: the three regular meetings before the pilot session.

QLDT_PLACE = "Phòng họp Phòng Quản lý đô thị, Trụ sở HĐND - UBND Thành phố Hà Tĩnh"
QLDT_COMMON = {
    "cell": QLDT,
    "kind": "regular",
    "place": QLDT_PLACE,
    "chair": "Tô Thái Hòa",
    "secretary": "Nguyễn Thị Thu Trang",
    "recorded_by": "secretary",
}

QLDT_MEETINGS = (
    MeetingSpec(
        **QLDT_COMMON,
        date=D(2022, 4, 8),
        start_time=T(15, 30),
        end_time=T(17, 15),
        agenda=regular_agenda(4),
        reports=(
            monthly_report(
                "Tô Thái Hòa",
                4,
                "Đánh giá kết quả công tác cấp phép xây dựng, kiểm tra trật tự xây dựng, "
                "chỉnh trang đô thị trong tháng; những việc chưa làm được và nguyên nhân; "
                "nhiệm vụ trọng tâm tháng 4/2022.",
            ),
        ),
        turns=(
            (
                "Nguyễn Thị Minh Nguyệt",
                "Đề nghị tập trung giải quyết dứt điểm các hồ sơ cấp phép xây dựng tồn đọng "
                "từ quý I; phân công cụ thể người theo dõi từng hồ sơ.",
            ),
            (
                "Võ Quốc Việt",
                "Báo cáo tình hình vi phạm trật tự xây dựng phát hiện trong tháng; đề nghị "
                "tăng cường phối hợp với phường, xã kiểm tra ngoài giờ hành chính và ngày "
                "nghỉ.",
            ),
            (
                "Dương Thị Lan Anh",
                "Đề xuất rà soát hệ thống chiếu sáng công cộng trên các tuyến phố chính, "
                "kịp thời thay thế thiết bị hỏng trước mùa hè.",
            ),
            (
                "Phan Đình Tuấn",
                "Nhất trí với báo cáo; đề nghị chi bộ nhắc nhở đảng viên chấp hành nghiêm "
                "giờ giấc làm việc và thái độ, tác phong khi tiếp công dân.",
            ),
        ),
        conclusion=(
            "Chi bộ thống nhất đánh giá kết quả thực hiện nhiệm vụ tháng 3/2022 và nhiệm vụ "
            "trọng tâm tháng 4/2022 như báo cáo, có bổ sung các ý kiến thảo luận; giao đồng "
            "chí Phó Trưởng phòng Nguyễn Thị Minh Nguyệt theo dõi tiến độ giải quyết hồ sơ "
            "tồn đọng, báo cáo tại kỳ sinh hoạt tháng 5/2022."
        ),
        decisions=(monthly_resolution(4),),
        status="approved",
        submitted_at=at(4, 11),
        approved_at=at(4, 14, 15),
    ),
    MeetingSpec(
        **QLDT_COMMON,
        date=D(2022, 5, 10),
        start_time=T(15, 30),
        end_time=T(17, 10),
        agenda=regular_agenda(
            5, "Học tập, quán triệt Quy định số 37-QĐ/TW về những điều đảng viên không được làm"
        ),
        attendance={"Bùi Đức Thịnh": (EXCUSED, "Đi tập huấn chuyên môn tại Hà Nội")},
        reports=(
            monthly_report(
                "Nguyễn Thị Minh Nguyệt",
                5,
                "Kết quả giải quyết hồ sơ tồn đọng từ quý I, công tác quản lý trật tự đô "
                "thị, chuẩn bị các công trình chỉnh trang đô thị; nhiệm vụ tháng 5/2022.",
            ),
        ),
        turns=(
            (
                "Trần Văn Hùng",
                "Đề nghị đẩy nhanh rà soát, điều chỉnh cục bộ quy hoạch chi tiết một số khu "
                "dân cư để kịp thời phục vụ cấp phép xây dựng.",
            ),
            (
                "Đặng Thị Hương",
                "Liên hệ Quy định số 37-QĐ/TW với nhiệm vụ quản lý nhà: đảng viên không được "
                "lợi dụng chức trách để gây phiền hà cho người dân, doanh nghiệp.",
            ),
            (
                "Phạm Ngọc Sơn",
                "Báo cáo tiến độ thẩm định các dự án trong tháng; một số hồ sơ phải bổ sung "
                "do chủ đầu tư chuẩn bị chưa đầy đủ.",
            ),
            (
                "Trương Minh Khôi",
                "Đề nghị Phòng tổ chức kiểm tra chất lượng các công trình hạ tầng trước mùa "
                "mưa bão.",
            ),
        ),
        conclusion=(
            "Chi bộ thống nhất các nhiệm vụ trọng tâm tháng 5/2022; mỗi đảng viên tự liên "
            "hệ, đối chiếu Quy định số 37-QĐ/TW với nhiệm vụ được giao."
        ),
        commendations=(
            "Biểu dương đồng chí Võ Quốc Việt chủ động phối hợp với phường xử lý dứt điểm "
            "một trường hợp vi phạm trật tự xây dựng kéo dài."
        ),
        decisions=(monthly_resolution(5),),
        status="approved",
        submitted_at=at(5, 12),
        approved_at=at(5, 17, 14, 30),
    ),
    MeetingSpec(
        **QLDT_COMMON,
        date=D(2022, 6, 8),
        start_time=T(15, 30),
        end_time=T(17, 15),
        agenda=regular_agenda(
            6,
            "Triển khai Kế hoạch số 126-KH/ĐUCQ của Đảng ủy cơ quan; chuẩn bị sinh hoạt "
            "chuyên đề “Tự soi, tự sửa” làm điểm",
        ),
        reports=(
            monthly_report(
                "Tô Thái Hòa",
                6,
                "Kết quả thực hiện nhiệm vụ tháng 5/2022; nhiệm vụ tháng 6/2022; nội dung "
                "Kế hoạch số 126-KH/ĐUCQ và việc Chi bộ được chọn sinh hoạt điểm.",
            ),
        ),
        turns=(
            (
                "Nguyễn Thị Minh Nguyệt",
                "Nhận nhiệm vụ chủ trì dự thảo báo cáo chuyên đề “Tự soi, tự sửa” của Chi "
                "bộ; đề nghị đảng viên gửi bản tự kiểm điểm đúng hạn để tổng hợp.",
            ),
            (
                "Nguyễn Thị Thu Trang",
                "Đề nghị chi ủy gửi trước tài liệu Quy định số 37-QĐ/TW và 27 biểu hiện suy "
                "thoái để đảng viên nghiên cứu, đối chiếu.",
            ),
            (
                "Hoàng Văn Nam",
                "Báo cáo tiến độ sửa chữa hệ thống thoát nước các tuyến phố thường ngập khi "
                "mưa lớn.",
            ),
            (
                "Hồ Thị Ngọc Ánh",
                "Đề nghị đẩy mạnh tuyên truyền, xử lý tình trạng lấn chiếm vỉa hè, lòng "
                "đường tại các tuyến phố trung tâm.",
            ),
        ),
        conclusion=(
            "Chi bộ thống nhất nhiệm vụ tháng 6/2022 và kế hoạch chuẩn bị sinh hoạt chuyên "
            "đề “Tự soi, tự sửa” làm điểm theo Kế hoạch số 126-KH/ĐUCQ của Đảng ủy cơ quan."
        ),
        decisions=(
            monthly_resolution(6),
            DecisionSpec(
                "Thống nhất kế hoạch chuẩn bị sinh hoạt chuyên đề “Tự soi, tự sửa” làm điểm: "
                "giao đồng chí Phó Bí thư chủ trì dự thảo báo cáo chuyên đề; mỗi đảng viên "
                "hoàn thành bản tự kiểm điểm trước ngày 18/6/2022."
            ),
        ),
        status="approved",
        submitted_at=at(6, 10),
        approved_at=at(6, 15, 10),
    ),
)

# ---------------------------------------------------------------------------
# Chi bộ Văn phòng HĐND - UBND: a regular meeting every month and a thematic
# one in the first quarter.

VP_PLACE = "Phòng họp tầng 2, Trụ sở HĐND - UBND Thành phố Hà Tĩnh"
VP_COMMON = {
    "cell": VP,
    "place": VP_PLACE,
    "chair": "Trần Đình Lương",
    "secretary": "Phạm Thị Thanh Thủy",
}

VP_MEETINGS = (
    MeetingSpec(
        **VP_COMMON,
        kind="regular",
        date=D(2022, 1, 12),
        start_time=T(16, 0),
        end_time=T(17, 40),
        agenda=regular_agenda(1),
        attendance={"Nguyễn Văn Thuận": (EXCUSED, "Nằm viện điều trị bệnh")},
        reports=(
            monthly_report(
                "Trần Đình Lương",
                1,
                "Kết quả phục vụ các kỳ họp cuối năm của HĐND, UBND Thành phố; nhiệm vụ "
                "tháng 01/2022, trọng tâm là phục vụ Tết Nguyên đán Nhâm Dần và phòng, chống "
                "dịch COVID-19.",
            ),
        ),
        turns=(
            (
                "Lê Thị Kim Oanh",
                "Đề nghị phân công trực Tết, bảo đảm an toàn tài sản, phòng chống cháy nổ tại "
                "trụ sở trong dịp Tết.",
            ),
            (
                "Hoàng Minh Tú",
                "Báo cáo tình hình giải quyết thủ tục hành chính trong tháng; còn một số hồ "
                "sơ trễ hạn do phải lấy ý kiến các phòng chuyên môn.",
            ),
            (
                "Trần Quốc Bảo",
                "Đề xuất số hóa hồ sơ lưu trữ năm 2021 để phục vụ tra cứu.",
            ),
        ),
        conclusion=(
            "Chi bộ thống nhất nhiệm vụ tháng 01/2022; tập trung phục vụ tốt các hoạt động "
            "dịp Tết Nguyên đán, thực hiện nghiêm các biện pháp phòng, chống dịch."
        ),
        decisions=(monthly_resolution(1),),
        status="approved",
        submitted_at=at(1, 14),
        approved_at=at(1, 19, 15),
    ),
    MeetingSpec(
        **VP_COMMON,
        kind="regular",
        date=D(2022, 2, 15),
        start_time=T(16, 0),
        end_time=T(17, 45),
        agenda=regular_agenda(
            2,
            "Phân công đảng viên chính thức giúp đỡ đảng viên dự bị",
            "Xem xét đơn đề nghị miễn công tác và sinh hoạt đảng",
        ),
        attendance={"Nguyễn Văn Thuận": (EXCUSED, "Đang điều trị bệnh dài ngày")},
        reports=(
            monthly_report(
                "Lê Thị Kim Oanh",
                2,
                "Kết quả phục vụ Tết Nguyên đán Nhâm Dần; nhiệm vụ tháng 02/2022.",
            ),
        ),
        turns=(
            (
                "Nguyễn Công Định",
                "Đề nghị chi bộ đồng ý miễn công tác và sinh hoạt đảng cho đồng chí Nguyễn "
                "Văn Thuận theo đơn đề nghị và hồ sơ bệnh án kèm theo.",
            ),
            (
                "Đinh Thị Mai",
                "Báo cáo việc thực hiện dự toán chi thường xuyên của Văn phòng năm 2022.",
            ),
            (
                "Phan Thị Hoài Thương",
                "Cảm ơn chi bộ đã kết nạp; hứa phấn đấu, rèn luyện để hoàn thành nhiệm vụ "
                "đảng viên dự bị.",
            ),
        ),
        conclusion="Chi bộ thống nhất nhiệm vụ tháng 02/2022 và các nội dung biểu quyết.",
        decisions=(
            monthly_resolution(2),
            DecisionSpec(
                "Phân công đồng chí Phạm Thị Thanh Thủy, đảng viên chính thức, giúp đỡ đảng "
                "viên dự bị Phan Thị Hoài Thương trong thời gian dự bị.",
                subject_member="Phan Thị Hoài Thương",
            ),
            DecisionSpec(
                "Đồng ý miễn công tác và sinh hoạt đảng đối với đồng chí Nguyễn Văn Thuận từ "
                "ngày 01/3/2022 đến ngày 31/12/2022, lý do điều trị bệnh dài ngày; báo cáo "
                "Đảng ủy cơ quan.",
                subject_member="Nguyễn Văn Thuận",
            ),
        ),
        status="approved",
        submitted_at=at(2, 17),
        approved_at=at(2, 22, 16),
    ),
    MeetingSpec(
        **VP_COMMON,
        kind="regular",
        date=D(2022, 3, 10),
        start_time=T(16, 0),
        end_time=T(17, 35),
        agenda=regular_agenda(3),
        reports=(
            monthly_report(
                "Trần Đình Lương",
                3,
                "Kết quả công tác tham mưu, tổng hợp, kiểm soát thủ tục hành chính; nhiệm "
                "vụ tháng 3/2022.",
            ),
        ),
        turns=(
            (
                "Võ Văn Lực",
                "Đề nghị bố trí thêm máy tra cứu hồ sơ tại Bộ phận Tiếp nhận và Trả kết quả "
                "để người dân tự tra cứu.",
            ),
            (
                "Lê Đình Khánh",
                "Báo cáo kết quả tiếp công dân định kỳ; đề nghị các phòng chuyên môn trả lời "
                "đơn thư đúng hạn.",
            ),
            (
                "Lê Thị Kim Oanh",
                "Đề nghị chuẩn bị chu đáo nội dung sinh hoạt chuyên đề quý I của chi bộ.",
            ),
        ),
        conclusion="Chi bộ thống nhất nhiệm vụ tháng 3/2022 như báo cáo.",
        decisions=(monthly_resolution(3),),
        status="approved",
        submitted_at=at(3, 11),
        approved_at=at(3, 16, 9, 30),
    ),
    MeetingSpec(
        **VP_COMMON,
        kind="thematic",
        topic=(
            "Nâng cao đạo đức công vụ, siết chặt kỷ luật, kỷ cương hành chính theo tư "
            "tưởng, đạo đức, phong cách Hồ Chí Minh"
        ),
        date=D(2022, 3, 29),
        start_time=T(14, 0),
        end_time=T(16, 0),
        agenda=(
            "Thông qua báo cáo chuyên đề của Chi bộ",
            "Thảo luận, liên hệ trách nhiệm của từng đảng viên",
            "Kết luận, biểu quyết",
        ),
        guests=(GuestSpec("Nguyễn Duy Đức", "Phó Bí thư Đảng ủy Cơ quan HĐND - UBND Thành phố"),),
        reports=(
            ReportSpec(
                "Lê Thị Kim Oanh",
                "Báo cáo chuyên đề “Nâng cao đạo đức công vụ, siết chặt kỷ luật, kỷ cương "
                "hành chính”",
                "Thực trạng chấp hành kỷ luật, kỷ cương hành chính tại Văn phòng; những hạn "
                "chế trong tham mưu văn bản và giao tiếp với người dân; giải pháp khắc phục.",
            ),
        ),
        turns=(
            (
                "Nguyễn Công Định",
                "Một số văn bản tham mưu còn trình ký chậm, phải chỉnh sửa nhiều lần; đề "
                "nghị quy định thời hạn cụ thể cho từng khâu.",
            ),
            (
                "Phạm Thị Thanh Thủy",
                "Tự nhận còn để văn bản tổng hợp trình chậm so với yêu cầu; cam kết khắc phục.",
            ),
            (
                "Hoàng Minh Tú",
                "Đề nghị công khai số hồ sơ trễ hạn hằng tháng và xin lỗi người dân đối với "
                "hồ sơ trễ hạn theo quy định.",
            ),
            (
                "Nguyễn Thị Bích Ngọc",
                "Chia sẻ kinh nghiệm của Sở Nội vụ trong thực hiện văn hóa công sở.",
            ),
            (
                "Nguyễn Duy Đức",
                "Ghi nhận chi bộ chuẩn bị chu đáo; đề nghị gắn nội dung chuyên đề với thực "
                "hiện Chỉ thị 29 của Ban Thường vụ Tỉnh ủy và kiểm tra việc khắc phục.",
            ),
        ),
        shortcomings=(
            ShortcomingSpec(
                "member",
                "Một số đảng viên còn chậm trong tham mưu văn bản, để văn bản trình ký quá "
                "thời hạn được giao.",
                tags=("SD-TT-4",),
                causes="Chủ quan: chưa sắp xếp công việc khoa học. Khách quan: khối lượng văn bản lớn.",
                responsibility="Đảng viên được phân công tham mưu văn bản.",
                actions=(
                    ActionSpec(
                        "Lập sổ theo dõi thời hạn văn bản tham mưu, báo cáo chi ủy hằng tháng.",
                        D(2022, 5, 31),
                        owner="Phạm Thị Thanh Thủy",
                        status="done",
                        done_at=D(2022, 5, 25),
                    ),
                ),
            ),
            ShortcomingSpec(
                "cell",
                "Việc thực hiện văn hóa công sở, giao tiếp với người dân tại Bộ phận Tiếp "
                "nhận và Trả kết quả có lúc chưa chuẩn mực.",
                tags=("SD-DD-5",),
                causes="Chủ quan: chưa thường xuyên nhắc nhở, kiểm tra.",
                responsibility="Tập thể chi bộ; đảng viên công tác tại Bộ phận.",
                actions=(
                    ActionSpec(
                        "Tổ chức lấy ý kiến đánh giá sự hài lòng của người dân hằng tháng tại "
                        "Bộ phận Tiếp nhận và Trả kết quả.",
                        D(2022, 6, 30),
                        owner="Võ Văn Lực",
                        status="in_progress",
                    ),
                ),
            ),
        ),
        conclusion=(
            "Chi bộ thống nhất báo cáo chuyên đề và các giải pháp khắc phục; giao chi ủy "
            "theo dõi, kiểm tra việc thực hiện, báo cáo tại sinh hoạt thường kỳ."
        ),
        decisions=(
            DecisionSpec(
                "Thông qua Báo cáo chuyên đề và các giải pháp nâng cao đạo đức công vụ, siết "
                "chặt kỷ luật, kỷ cương hành chính của Chi bộ."
            ),
        ),
        status="approved",
        submitted_at=at(3, 31),
        approved_at=at(4, 5, 10),
    ),
    MeetingSpec(
        **VP_COMMON,
        kind="regular",
        date=D(2022, 4, 12),
        start_time=T(16, 0),
        end_time=T(17, 40),
        agenda=regular_agenda(4),
        reports=(
            monthly_report(
                "Trần Đình Lương",
                4,
                "Kết quả phục vụ các hội nghị quý I; nhiệm vụ tháng 4/2022, trọng tâm là "
                "chuẩn bị kỳ họp HĐND Thành phố giữa năm.",
            ),
        ),
        turns=(
            (
                "Trần Quốc Bảo",
                "Báo cáo tiến độ số hóa hồ sơ lưu trữ năm 2021; đề nghị bố trí thêm thiết bị "
                "quét tài liệu.",
            ),
            (
                "Lê Đình Khánh",
                "Đề nghị chuẩn bị sớm tài liệu phục vụ tiếp xúc cử tri trước kỳ họp.",
            ),
            (
                "Võ Văn Lực",
                "Báo cáo kết quả lấy ý kiến hài lòng của người dân tháng 3/2022 tại Bộ phận "
                "Tiếp nhận và Trả kết quả.",
            ),
        ),
        conclusion="Chi bộ thống nhất nhiệm vụ tháng 4/2022 như báo cáo.",
        decisions=(monthly_resolution(4),),
        status="approved",
        submitted_at=at(4, 13),
        approved_at=at(4, 18, 15),
    ),
    MeetingSpec(
        **VP_COMMON,
        kind="regular",
        date=D(2022, 5, 12),
        start_time=T(16, 0),
        end_time=T(17, 50),
        agenda=regular_agenda(
            5, "Xét đề nghị công nhận đảng viên chính thức cho đồng chí Trần Quốc Bảo"
        ),
        attendance={"Đinh Thị Mai": (EXCUSED, "Nghỉ phép chăm con ốm")},
        reports=(
            monthly_report(
                "Lê Thị Kim Oanh",
                5,
                "Kết quả thực hiện nhiệm vụ tháng 4/2022; nhiệm vụ tháng 5/2022; bản tự kiểm "
                "điểm của đảng viên dự bị Trần Quốc Bảo.",
            ),
        ),
        turns=(
            (
                "Nguyễn Công Định",
                "Nhận xét đồng chí Trần Quốc Bảo trong thời gian dự bị chấp hành tốt chủ "
                "trương, chính sách, hoàn thành tốt nhiệm vụ; đề nghị chi bộ xét công nhận "
                "đảng viên chính thức.",
            ),
            (
                "Trần Quốc Bảo",
                "Trình bày bản tự kiểm điểm trong thời gian dự bị; tiếp thu ý kiến góp ý của "
                "chi bộ.",
            ),
            (
                "Hoàng Minh Tú",
                "Đề nghị đồng chí Bảo tiếp tục nâng cao trình độ lý luận chính trị.",
            ),
            (
                "Phan Thị Hoài Thương",
                "Báo cáo việc vận hành cổng thông tin điện tử của Thành phố trong tháng.",
            ),
        ),
        conclusion=(
            "Chi bộ thống nhất nhiệm vụ tháng 5/2022; đề nghị Đảng ủy cơ quan xem xét công "
            "nhận đảng viên chính thức cho đồng chí Trần Quốc Bảo."
        ),
        decisions=(
            monthly_resolution(5),
            DecisionSpec(
                "Đề nghị Đảng ủy cơ quan xem xét, công nhận đảng viên chính thức cho đồng chí "
                "Trần Quốc Bảo (vào Đảng ngày 19/5/2021).",
                kind="recognition",
                subject_member="Trần Quốc Bảo",
                votes=(7, 0, 0),
            ),
        ),
        status="returned",
        submitted_at=at(5, 13, 10),
        review_comments=(
            ReviewCommentSpec(
                "decision:2",
                "Đề nghị ghi đầy đủ ý kiến nhận xét của đảng viên chính thức được phân công "
                "giúp đỡ và ý kiến của tổ chức đoàn thể nơi đồng chí Trần Quốc Bảo công tác "
                "trước khi chi bộ biểu quyết.",
            ),
        ),
    ),
    MeetingSpec(
        **VP_COMMON,
        kind="regular",
        date=D(2022, 6, 10),
        start_time=T(16, 0),
        end_time=T(17, 40),
        agenda=regular_agenda(6),
        reports=(
            monthly_report(
                "Trần Đình Lương",
                6,
                "Kết quả thực hiện nhiệm vụ tháng 5/2022; nhiệm vụ tháng 6/2022, trọng tâm "
                "là phục vụ kỳ họp thường lệ giữa năm của HĐND Thành phố.",
            ),
        ),
        turns=(
            (
                "Phạm Thị Thanh Thủy",
                "Báo cáo tiến độ chuẩn bị báo cáo kinh tế - xã hội 6 tháng đầu năm.",
            ),
            (
                "Trần Quốc Bảo",
                "Đề nghị các phòng gửi tài liệu kỳ họp đúng hạn để kịp phát hành.",
            ),
            (
                "Nguyễn Thị Bích Ngọc",
                "Đề xuất rà soát quy chế làm việc của Văn phòng theo quy định mới.",
            ),
        ),
        conclusion="Chi bộ thống nhất nhiệm vụ tháng 6/2022 như báo cáo.",
        decisions=(monthly_resolution(6),),
        status="submitted",
        submitted_at=at(6, 13, 8, 30),
    ),
)

# ---------------------------------------------------------------------------
# Chi bộ Tài chính - Kế hoạch (its recorder is the `outsider` account).

TCKH_COMMON = {
    "cell": TCKH,
    "kind": "regular",
    "place": "Phòng họp Phòng Tài chính - Kế hoạch, Trụ sở HĐND - UBND Thành phố Hà Tĩnh",
    "chair": "Nguyễn Thị Hải Yến",
    "secretary": "Nguyễn Thị Lệ Quyên",
    "recorded_by": "outsider",
}

TCKH_MEETINGS = (
    MeetingSpec(
        **TCKH_COMMON,
        date=D(2022, 4, 14),
        start_time=T(16, 0),
        end_time=T(17, 35),
        agenda=regular_agenda(4),
        reports=(
            monthly_report(
                "Nguyễn Thị Hải Yến",
                4,
                "Kết quả thu, chi ngân sách và giải ngân vốn đầu tư công quý I; nhiệm vụ "
                "tháng 4/2022.",
            ),
        ),
        turns=(
            (
                "Lê Văn Cường",
                "Đề nghị đôn đốc các chủ đầu tư đẩy nhanh tiến độ giải ngân vốn đầu tư công.",
            ),
            (
                "Phạm Văn Toàn",
                "Báo cáo các dự án chậm tiến độ và nguyên nhân; đề xuất điều chuyển vốn.",
            ),
            (
                "Hà Thị Thu Phương",
                "Báo cáo tình hình đăng ký kinh doanh hộ cá thể trong quý I.",
            ),
        ),
        conclusion="Chi bộ thống nhất nhiệm vụ tháng 4/2022 như báo cáo.",
        decisions=(monthly_resolution(4),),
        status="approved",
        submitted_at=at(4, 15),
        approved_at=at(4, 20, 14),
    ),
    MeetingSpec(
        **TCKH_COMMON,
        date=D(2022, 5, 13),
        start_time=T(16, 0),
        end_time=T(17, 45),
        agenda=regular_agenda(5, "Xét đề nghị kết nạp đảng viên"),
        reports=(
            monthly_report(
                "Lê Văn Cường",
                5,
                "Kết quả thực hiện nhiệm vụ tháng 4/2022; nhiệm vụ tháng 5/2022; hồ sơ đề "
                "nghị kết nạp quần chúng Nguyễn Thị Hoài An.",
            ),
        ),
        turns=(
            (
                "Trần Thị Phương Thảo",
                "Là đảng viên giới thiệu, nhận xét quần chúng Nguyễn Thị Hoài An có lập "
                "trường tư tưởng vững vàng, đạo đức tốt, hoàn thành tốt nhiệm vụ; đề nghị chi "
                "bộ xét kết nạp.",
            ),
            (
                "Đoàn Minh Đức",
                "Nhất trí đề nghị kết nạp; đề nghị quần chúng tiếp tục phấn đấu sau khi được "
                "kết nạp.",
            ),
            (
                "Lê Văn Cường",
                "Đề nghị rà soát các khoản chi thường xuyên, thực hành tiết kiệm theo chỉ "
                "đạo của UBND Thành phố.",
            ),
            (
                "Nguyễn Thị Lệ Quyên",
                "Báo cáo kết quả kiểm kê tài sản công tại các đơn vị sự nghiệp.",
            ),
        ),
        conclusion=(
            "Chi bộ thống nhất nhiệm vụ tháng 5/2022; đề nghị Đảng ủy cơ quan xem xét kết "
            "nạp quần chúng Nguyễn Thị Hoài An vào Đảng."
        ),
        decisions=(
            monthly_resolution(5),
            DecisionSpec(
                "Đề nghị Đảng ủy cơ quan xem xét kết nạp quần chúng Nguyễn Thị Hoài An, "
                "chuyên viên Phòng Tài chính - Kế hoạch, vào Đảng Cộng sản Việt Nam.",
                kind="admission",
                votes=(6, 0, 0),
            ),
        ),
        status="approved",
        submitted_at=at(5, 16),
        approved_at=at(5, 20, 10),
    ),
    MeetingSpec(
        **TCKH_COMMON,
        date=D(2022, 6, 14),
        start_time=T(16, 0),
        end_time=T(17, 40),
        agenda=regular_agenda(6),
        attendance={"Phạm Văn Toàn": (EXCUSED, "Đi công tác theo phân công của UBND Thành phố")},
        reports=(
            monthly_report(
                "Nguyễn Thị Hải Yến",
                6,
                "Kết quả thực hiện nhiệm vụ tháng 5/2022; nhiệm vụ tháng 6/2022, trọng tâm là "
                "báo cáo tình hình thu, chi ngân sách 6 tháng đầu năm.",
            ),
        ),
        turns=(
            (
                "Trần Thị Phương Thảo",
                "Đề nghị các phòng, đơn vị gửi số liệu quyết toán đúng hạn.",
            ),
            (
                "Đoàn Minh Đức",
                "Báo cáo dự kiến kết quả thu ngân sách 6 tháng; một số khoản thu đạt thấp.",
            ),
            (
                "Hà Thị Thu Phương",
                "Đề xuất hướng dẫn trực tuyến thủ tục đăng ký hộ kinh doanh.",
            ),
        ),
        conclusion="Chi bộ thống nhất nhiệm vụ tháng 6/2022 như báo cáo.",
        decisions=(monthly_resolution(6),),
        status="draft",
    ),
)

# ---------------------------------------------------------------------------
# Chi bộ Tài nguyên và Môi trường: one record waiting for review, one being
# recorded (no end time, not read back yet: the checks show what is missing).

TNMT_COMMON = {
    "cell": TNMT,
    "kind": "regular",
    "place": "Phòng họp Phòng Tài nguyên và Môi trường, Trụ sở HĐND - UBND Thành phố Hà Tĩnh",
    "chair": "Hoàng Anh Tuấn",
    "secretary": "Trần Thị Diệu Linh",
}

TNMT_MEETINGS = (
    MeetingSpec(
        **TNMT_COMMON,
        date=D(2022, 5, 11),
        start_time=T(16, 0),
        end_time=T(17, 35),
        agenda=regular_agenda(5),
        attendance={"Nguyễn Đình Thắng": (UNEXCUSED, "")},
        reports=(
            monthly_report(
                "Hoàng Anh Tuấn",
                5,
                "Kết quả cấp giấy chứng nhận quyền sử dụng đất, bồi thường giải phóng mặt "
                "bằng, quản lý môi trường; nhiệm vụ tháng 5/2022.",
            ),
        ),
        turns=(
            (
                "Nguyễn Thị Hồng Vân",
                "Đề nghị tập trung giải quyết hồ sơ đất đai tồn đọng, trả lời đơn thư đúng hạn.",
            ),
            (
                "Lê Minh Quang",
                "Báo cáo tiến độ kiểm kê đất đai; đề nghị phối hợp với phường, xã.",
            ),
            (
                "Lê Quang Huy",
                "Đề xuất tăng cường kiểm tra hoạt động khai thác cát trái phép trên địa bàn.",
            ),
        ),
        conclusion="Chi bộ thống nhất nhiệm vụ tháng 5/2022 như báo cáo.",
        reminders=(
            "Nhắc nhở đồng chí Nguyễn Đình Thắng vắng sinh hoạt không có lý do; yêu cầu "
            "đồng chí báo cáo giải trình với chi ủy."
        ),
        decisions=(monthly_resolution(5),),
        status="submitted",
        submitted_at=at(5, 13, 15),
    ),
    MeetingSpec(
        **TNMT_COMMON,
        date=D(2022, 6, 9),
        start_time=T(16, 0),
        agenda=regular_agenda(6),
        # Exempt from activities, but she came: she counts as expected and present.
        attendance={"Ngô Thị Thanh Tâm": (PRESENT, "")},
        reports=(
            monthly_report(
                "Nguyễn Thị Hồng Vân",
                6,
                "Kết quả thực hiện nhiệm vụ tháng 5/2022; nhiệm vụ tháng 6/2022.",
            ),
        ),
        turns=(
            (
                "Nguyễn Đình Thắng",
                "Nghiêm túc tự phê bình việc vắng sinh hoạt không có lý do tháng trước; hứa "
                "không tái phạm.",
            ),
            (
                "Ngô Thị Thanh Tâm",
                "Tuy được miễn sinh hoạt, xin tham dự để góp ý về công tác đo đạc, chỉnh lý "
                "bản đồ địa chính.",
            ),
            (
                "Trần Thị Diệu Linh",
                "Báo cáo kết quả giải quyết hồ sơ đất đai trong tháng 5/2022.",
            ),
        ),
        minutes_read_back=False,
        status="draft",
    ),
)

OTHER_MEETINGS: tuple[MeetingSpec, ...] = (
    *QLDT_MEETINGS,
    *VP_MEETINGS,
    *TCKH_MEETINGS,
    *TNMT_MEETINGS,
)
