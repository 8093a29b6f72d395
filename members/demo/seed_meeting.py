"""The seed meeting: the pilot "Tự soi, tự sửa" session of Chi bộ Quản lý đô thị, 21/6/2022.

Source: the news report in /work/shared/seeds/000_4aa02ccbf0afb645.txt. What the
report states is kept in its own words: the legal bases, the guests and their
titles, who opened the meeting and what he did, who presented the draft report,
15/15 members present and 19 speaking turns, the shortcomings (its four
paragraphs, cut into items), the five points of direction ("Một là … Năm là")
and the guest's acknowledgement of the session.

Reconstructed, because the report does not say it (plausible, not factual):
the start and end times ("tối ngày 21/6/2022" only), the place, the secretary
(the chair appointed one, unnamed), who spoke and the gist of each of the 19
turns, the causes and responsibility per shortcoming (the report says only that
the cell clarified causes and tied responsibility to the cell and each member),
the corrective actions, the summary of the report, and the votes.

Obvious typos of the report fixed: "thỏa mản" → "thỏa mãn", "ngững" → "những",
"những vẫn chưa" → "nhưng vẫn chưa", "đẩy lùi. Xử lý" → "đẩy lùi, xử lý",
"những điêu đảng viên" → "những điều đảng viên", "nghiên túc" → "nghiêm túc",
"ngay sau sau khi" → "ngay sau khi". Its mixed spellings ("hoá"/"hóa", "uỷ"/"ủy")
are left as printed.
"""

from __future__ import annotations

import datetime as dt

from members.demo.organizations import AGENCY, QLDT, TCKH, TNMT, VP
from members.demo.specs import (
    ActionSpec,
    CampaignSpec,
    DecisionSpec,
    GuestSpec,
    MeetingSpec,
    ReportSpec,
    ShortcomingSpec,
)

D = dt.date

TOPIC = "Tự soi, tự sửa"

CHAIR = "Tô Thái Hòa"
DEPUTY = "Nguyễn Thị Minh Nguyệt"
# The report says the chair appointed a secretary but does not name them.
SECRETARY = "Nguyễn Thị Thu Trang"
GUEST_QUY = "Nguyễn Văn Quý"

LEGAL_BASES = (
    "Kết luận số 21-KL/TW ngày 25/10/2021 của Ban Chấp hành Trung ương về đẩy mạnh xây "
    "dựng, chỉnh đốn Đảng và hệ thống chính trị, kiên quyết ngăn chặn, đẩy lùi, xử lý "
    "nghiêm cán bộ, đảng viên suy thoái về tư tưởng chính trị, đạo đức, lối sống, biểu "
    "hiện “tự diễn biến”, “tự chuyển hóa”",
    "Hướng dẫn số 03-HD/Th.U ngày 19/5/2022 của Ban Thường vụ Thành ủy về đợt sinh hoạt "
    "chính trị xây dựng, chỉnh đốn Đảng và hệ thống chính trị với chủ đề “tự soi-tự sửa”",
    "Kế hoạch số 126-KH/ĐUCQ ngày 30/5/2022 của Đảng ủy cơ quan HĐND-UBND thành phố về "
    "việc tổ chức đợt sinh hoạt chính trị về xây dựng, chỉnh đốn Đảng và hệ thống chính "
    "trị với chủ đề “Tự soi, tự sửa”",
)

# The campaign of Kế hoạch 126-KH/ĐUCQ, in which the agency committee made this
# cell the pilot ("chỉ đạo Chi bộ Quản lý đô thị làm điểm"). The deadline is not
# in the report: invented.
CAMPAIGN = CampaignSpec(
    committee=AGENCY,
    topic=TOPIC,
    deadline=D(2022, 7, 31),
    legal_bases=LEGAL_BASES,
    pilot_cell=QLDT,
    created_by="reviewer",
)

# The chair's opening, from the report's first paragraphs.
AGENDA = (
    "Tuyên bố lý do, giới thiệu đại biểu; cử thư ký ghi biên bản; thông báo tình hình "
    "đảng viên; thông qua nội dung, chương trình; nêu rõ mục đích, yêu cầu buổi sinh hoạt",
    "Thông qua Báo cáo dự thảo chuyên đề “Tự soi, tự sửa” của Chi bộ",
    "Thảo luận, làm rõ những tồn tại, hạn chế của chi bộ, của cấp ủy và của từng đảng "
    "viên gắn với những biểu hiện tại Quy định số 37-QĐ/TW và 27 biểu hiện suy thoái theo "
    "tinh thần Nghị quyết Trung ương 4; nguyên nhân, trách nhiệm và kế hoạch tự sửa",
    "Phát biểu chỉ đạo của đồng chí Bí thư Đảng ủy cơ quan HĐND - UBND Thành phố",
    "Kết luận; biểu quyết thông qua báo cáo chuyên đề, kế hoạch khắc phục và biên bản",
)

DOCUMENTS_USED = (
    "Báo cáo dự thảo chuyên đề “Tự soi, tự sửa” của Chi bộ; "
    "Quy định số 37-QĐ/TW ngày 25/10/2021 của Ban Chấp hành Trung ương Đảng về những điều "
    "đảng viên không được làm; "
    "Nghị quyết Trung ương 4 (khóa XII) về 27 biểu hiện suy thoái về tư tưởng chính trị, "
    "đạo đức, lối sống, “tự diễn biến”, “tự chuyển hóa” trong nội bộ"
)

GUESTS = (
    GuestSpec(
        GUEST_QUY,
        "Ủy viên Ban Thường vụ Thành ủy, Bí thư Đảng ủy cơ quan HĐND - UBND Thành phố",
    ),
    GuestSpec(
        "Lê Quang Đức",
        "Ủy viên Ban Thường vụ Thành ủy, Thủ trưởng Cơ quan HĐND - UBND Thành phố",
    ),
    GuestSpec("Nguyễn Duy Đức", "Phó Bí thư Đảng ủy Cơ quan HĐND - UBND Thành phố"),
    # "Bí thư các chi bộ trực thuộc Đảng ủy cơ quan": the other cells of the demo tree.
    GuestSpec("Trần Đình Lương", f"Bí thư {VP}"),
    GuestSpec("Nguyễn Thị Hải Yến", f"Bí thư {TCKH}"),
    GuestSpec("Hoàng Anh Tuấn", f"Bí thư {TNMT}"),
)

REPORT = ReportSpec(
    DEPUTY,
    "Báo cáo dự thảo chuyên đề “Tự soi, tự sửa” của Chi bộ",
    "Báo cáo đánh giá việc học tập, quán triệt và thực hiện Kết luận số 21-KL/TW, Quy định "
    "số 37-QĐ/TW và Nghị quyết Trung ương 4 tại Chi bộ; tự soi, đối chiếu với những biểu "
    "hiện suy thoái đối với tập thể chi bộ, chi ủy, đồng chí Bí thư chi bộ và tổng hợp tự "
    "kiểm điểm của từng đảng viên; chỉ ra ưu điểm, tồn tại, hạn chế, nguyên nhân và đề ra "
    "phương hướng, giải pháp tự sửa trong thời gian tới.",
)

# 15/15 members made 19 speaking turns (report). Who spoke and what they said is
# reconstructed: every member speaks once, four of them twice, and each gist is
# grounded in a shortcoming the report lists.
TURNS = (
    (
        "Phan Đình Tuấn",
        "Nhất trí cao với dự thảo báo cáo. Bổ sung: công tác kiểm tra, giám sát của chi ủy "
        "đối với đảng viên trong thực thi công vụ, nhất là trong lĩnh vực trật tự xây dựng, "
        "chưa thường xuyên; việc phê bình, nhắc nhở, chấn chỉnh sai phạm chưa kịp thời. Là "
        "chi ủy viên được phân công phụ trách công tác kiểm tra, đồng chí nhận một phần "
        "trách nhiệm đối với hạn chế này.",
    ),
    (
        "Trần Văn Hùng",
        "Thẳng thắn nhận bản thân còn ngại học tập, nghiên cứu nghị quyết, ngại ghi chép; "
        "bài thu hoạch sau học tập nghị quyết còn sơ sài, chưa liên hệ với nhiệm vụ quy "
        "hoạch, kiến trúc được giao. Đề nghị sau mỗi đợt học tập tập trung tại Thành ủy, chi "
        "bộ tổ chức thảo luận sâu và giao từng đảng viên liên hệ với nhiệm vụ cụ thể.",
    ),
    (
        "Lê Thị Thu Hằng",
        "Đối chiếu với các biểu hiện theo Nghị quyết Trung ương 4, tự nhận trong giải quyết "
        "hồ sơ cấp phép xây dựng còn có hồ sơ chậm so với thời gian quy định, việc hướng dẫn "
        "người dân có lúc chưa đầy đủ, để có phản hồi chưa tốt từ người dân. Đề nghị Phòng "
        "công khai tiến độ giải quyết hồ sơ để đảng viên và người dân cùng giám sát.",
    ),
    (
        "Võ Quốc Việt",
        "Việc tuyên truyền chủ trương, chính sách, quy định của Nhà nước về trật tự đô thị, "
        "trật tự xây dựng còn hạn chế nên vi phạm vẫn còn xảy ra ở một số phường, xã. Bản "
        "thân có lúc còn ngại va chạm, xử lý vi phạm chưa dứt điểm; đề nghị chi bộ phê bình "
        "để sửa chữa.",
    ),
    (
        "Đặng Thị Hương",
        "Nhất trí với nội dung báo cáo về vai trò nêu gương của đảng viên. Tự phê bình có "
        "thời điểm còn đi làm muộn, về sớm vì việc gia đình. Cam kết chấp hành nghiêm giờ "
        "giấc làm việc theo Chỉ thị 29 của Ban Thường vụ Tỉnh ủy về siết chặt kỷ luật, kỷ "
        "cương hành chính.",
    ),
    (
        "Hoàng Văn Nam",
        "Công tác tham mưu về hạ tầng kỹ thuật còn bị động, chủ yếu thực hiện theo chỉ đạo, "
        "ít đề xuất, hiến kế; bản thân còn ngại đọc, ngại nghiên cứu các văn bản mới về xây "
        "dựng, quy hoạch. Đề nghị Phòng tổ chức cập nhật văn bản mới định kỳ hằng tháng.",
    ),
    (
        SECRETARY,
        "Sinh hoạt tự phê bình và phê bình của chi bộ có lúc còn chung chung, nhiều đồng chí "
        "ngại phát biểu, nể nang, né tránh; bản thân cũng ít phát biểu góp ý trong sinh hoạt "
        "chi bộ. Đề nghị chi ủy chuẩn bị trước nội dung trọng tâm và phân công đảng viên "
        "chuẩn bị ý kiến.",
    ),
    (
        "Bùi Đức Thịnh",
        "Tình trạng lãng phí điện, nước, văn phòng phẩm trong cơ quan vẫn còn, như để điều "
        "hòa, đèn chiếu sáng hoạt động khi không có người, in ấn tài liệu chưa cần thiết. Đề "
        "nghị chi bộ đưa nội dung thực hành tiết kiệm vào nghị quyết hằng tháng và giao chi "
        "ủy theo dõi.",
    ),
    (
        "Dương Thị Lan Anh",
        "Trong phối hợp giữa các bộ phận của Phòng còn có việc đùn đẩy trách nhiệm, nhất là "
        "các việc liên quan nhiều lĩnh vực như cây xanh, chiếu sáng, vỉa hè. Đề nghị phân "
        "công rõ người chủ trì, người phối hợp và thời hạn cho từng việc.",
    ),
    (
        "Phạm Ngọc Sơn",
        "Việc thẩm định dự án, thiết kế xây dựng có hồ sơ còn chậm, phải bổ sung nhiều lần, "
        "dẫn đến phản hồi tiêu cực của chủ đầu tư. Nguyên nhân chủ quan là chưa chủ động "
        "nghiên cứu kỹ quy định mới, phối hợp chưa chặt chẽ; khách quan là khối lượng hồ sơ "
        "lớn, nhân lực còn mỏng.",
    ),
    (
        "Hồ Thị Ngọc Ánh",
        "Đề nghị bổ sung vào báo cáo phần làm rõ trách nhiệm của từng đảng viên gắn với từng "
        "tồn tại, hạn chế, đối chiếu cụ thể với Quy định số 37-QĐ/TW về những điều đảng viên "
        "không được làm, tránh nêu chung chung.",
    ),
    (
        "Nguyễn Hữu Phúc",
        "Tự soi theo 27 biểu hiện suy thoái, nhận thấy bản thân có biểu hiện ngại khó, có "
        "việc làm còn qua loa, chưa đến nơi đến chốn trong theo dõi các công trình cấp, "
        "thoát nước. Cam kết khắc phục trong quý III năm 2022.",
    ),
    (
        "Trương Minh Khôi",
        "Là đảng viên trẻ, mong muốn chi bộ thường xuyên phê bình, nhắc nhở kịp thời khi "
        "đảng viên có biểu hiện chưa đúng, không để đến kỳ kiểm điểm cuối năm mới nêu; đề "
        "nghị phân công đảng viên có kinh nghiệm kèm cặp đảng viên trẻ trong công tác chuyên "
        "môn.",
    ),
    (
        "Võ Quốc Việt",
        "Đề nghị chi ủy xây dựng kế hoạch khắc phục sau buổi sinh hoạt, ghi rõ nội dung, "
        "người thực hiện, thời hạn; kết quả khắc phục được kiểm điểm tại sinh hoạt chi bộ "
        "thường kỳ hằng tháng.",
    ),
    (
        "Phan Đình Tuấn",
        "Làm rõ thêm nguyên nhân của tình trạng vi phạm trật tự xây dựng: chủ quan là công "
        "tác kiểm tra, xử lý chưa kiên quyết, phối hợp với phường, xã chưa chặt chẽ; khách "
        "quan là nhu cầu xây dựng tăng, ý thức chấp hành của một bộ phận người dân chưa cao. "
        "Trách nhiệm trước hết thuộc lãnh đạo Phòng và chi ủy.",
    ),
    (
        DEPUTY,
        "Thay mặt chi ủy tiếp thu các ý kiến, giải trình thêm một số nội dung của dự thảo "
        "báo cáo; thống nhất bổ sung nguyên nhân chủ quan, khách quan và trách nhiệm của tập "
        "thể chi bộ, chi ủy và từng đảng viên đối với từng tồn tại, hạn chế.",
    ),
    (
        CHAIR,
        "Tự phê bình với trách nhiệm người đứng đầu chi bộ và cơ quan: vai trò của Bí thư "
        "chi bộ trong đấu tranh chống suy thoái chưa được phát huy đầy đủ; có lúc còn nể "
        "nang trong phê bình, nhắc nhở; việc lãnh đạo quán triệt nghị quyết tại chi bộ chưa "
        "sâu. Đồng chí nhận trách nhiệm chính đối với những tồn tại, hạn chế của chi bộ.",
    ),
    (
        DEPUTY,
        "Tự phê bình với cương vị Phó Bí thư chi bộ, Phó Trưởng phòng: việc theo dõi, đôn đốc "
        "giờ giấc làm việc và tiến độ xử lý hồ sơ của các bộ phận được phân công chưa thường "
        "xuyên, còn để một số hồ sơ hành chính chậm so với quy định.",
    ),
    (
        CHAIR,
        "Tổng hợp ý kiến thảo luận: thống nhất những tồn tại, hạn chế của chi bộ, chi ủy và "
        "đảng viên nêu trong dự thảo báo cáo và được bổ sung qua thảo luận; đề nghị mỗi đảng "
        "viên hoàn thiện bản tự kiểm điểm, đăng ký nội dung tự sửa, gửi chi ủy sau buổi sinh "
        "hoạt.",
    ),
)

_CAUSE_STUDY = (
    "Chủ quan: chi ủy chưa xây dựng kế hoạch quán triệt riêng sau hội nghị học tập tập "
    "trung; một số đảng viên chưa dành thời gian tự nghiên cứu. Khách quan: khối lượng công "
    "việc chuyên môn lớn, thời gian học tập tập trung ngắn."
)

# The report's four paragraphs, cut into items; subjects as the text says
# (paragraph 1, "Công tác kiểm tra, giám sát …", is the cell committee's task).
SHORTCOMINGS = (
    ShortcomingSpec(
        "cell",
        "Công tác triển khai học tập, quán triệt nghị quyết chất lượng chưa cao, chưa sâu; "
        "sau khi được học tập, triển khai nghị quyết tập trung tại Thành ủy, chi bộ chưa tổ "
        "chức quán triệt sâu hơn cho đảng viên trong chi bộ; việc thảo luận, viết bài thu "
        "hoạch còn hình thức.",
        tags=("SD-TT-3",),
        causes=_CAUSE_STUDY,
        responsibility="Tập thể chi ủy; đồng chí Bí thư chi bộ chịu trách nhiệm chính.",
        actions=(
            ActionSpec(
                "Sau mỗi đợt học tập, quán triệt nghị quyết tập trung, tổ chức thảo luận "
                "chuyên sâu tại sinh hoạt chi bộ; mỗi đảng viên viết bài thu hoạch liên hệ "
                "với nhiệm vụ được giao.",
                D(2022, 9, 30),
                owner_name="Chi ủy",
            ),
        ),
    ),
    ShortcomingSpec(
        "member",
        "Vẫn còn một số đồng chí ngại học tập, nghiên cứu, ngại ghi chép, tổng hợp.",
        tags=("SD-TT-3",),
        causes="Chủ quan: ý thức tự học tập, tự rèn luyện của một số đảng viên chưa cao.",
        responsibility="Từng đảng viên có biểu hiện; chi ủy trong đôn đốc, kiểm tra.",
    ),
    ShortcomingSpec(
        "cell",
        "Sinh hoạt tự phê bình và phê bình của chi bộ còn chung chung, ngại va chạm, nể "
        "nang, né tránh; tự soi và tự sửa chưa đạt yêu cầu, việc khắc phục khuyết điểm thiếu "
        "quyết liệt.",
        tags=("SD-TT-5",),
        causes=(
            "Chủ quan: nội dung sinh hoạt chưa được chuẩn bị kỹ, chưa xác định vấn đề trọng "
            "tâm; tâm lý nể nang, ngại va chạm trong một bộ phận đảng viên. Khách quan: đảng "
            "viên cùng công tác trong một cơ quan, quan hệ công tác hằng ngày gần gũi."
        ),
        responsibility="Tập thể chi bộ; đồng chí Bí thư chi bộ chủ trì sinh hoạt.",
        actions=(
            ActionSpec(
                "Hoàn chỉnh Báo cáo chuyên đề “Tự soi, tự sửa”, gửi đảng viên và báo cáo "
                "Đảng ủy cơ quan; mỗi đảng viên hoàn thiện bản tự kiểm điểm, đăng ký nội "
                "dung và thời hạn tự sửa.",
                D(2022, 7, 15),
                owner_name="Chi ủy",
            ),
        ),
    ),
    ShortcomingSpec(
        "committee",
        "Công tác kiểm tra, giám sát, phê bình, nhắc nhở, chấn chỉnh sai phạm chưa kịp thời.",
        causes=(
            "Chủ quan: chi ủy chưa xây dựng kế hoạch giám sát thường xuyên đối với đảng "
            "viên trong thực thi công vụ."
        ),
        responsibility="Chi ủy; đồng chí chi ủy viên phụ trách công tác kiểm tra.",
        actions=(
            ActionSpec(
                "Bổ sung vào kế hoạch kiểm tra, giám sát năm 2022 nội dung giám sát việc thực "
                "hiện Quy định số 37-QĐ/TW; phê bình, nhắc nhở kịp thời tại sinh hoạt thường "
                "kỳ.",
                D(2022, 8, 31),
                owner_name="Chi ủy",
            ),
        ),
    ),
    ShortcomingSpec(
        "cell",
        "Việc tuyên truyền các chủ trương, chính sách, quy định của nhà nước đối với lĩnh "
        "vực vẫn còn hạn chế dẫn đến nhiều vi phạm về trật tự đô thị, trật tự xây dựng vẫn "
        "còn xảy ra.",
        causes=(
            "Chủ quan: hình thức tuyên truyền chưa phong phú, phối hợp với phường, xã chưa "
            "chặt chẽ; xử lý vi phạm chưa kiên quyết. Khách quan: nhu cầu xây dựng tăng, ý "
            "thức chấp hành của một bộ phận người dân chưa cao."
        ),
        responsibility="Tập thể chi bộ; lãnh đạo Phòng và đảng viên phụ trách lĩnh vực.",
        actions=(
            ActionSpec(
                "Tham mưu kế hoạch tuyên truyền quy định về trật tự đô thị, trật tự xây dựng "
                "tại các phường, xã; phối hợp kiểm tra, xử lý dứt điểm các vi phạm.",
                D(2022, 12, 31),
                owner="Phan Đình Tuấn",
            ),
        ),
    ),
    ShortcomingSpec(
        "cell",
        "Trong lãnh đạo, chỉ đạo của chi bộ đối với việc đấu tranh phòng chống các biểu hiện "
        "suy thoái về tư tưởng chính trị, đạo đức, lối sống, tự diễn biến, tự chuyển hóa, "
        "việc chấp hành kỷ cương, kỷ luật, nhất là việc thực hiện quy định những điều đảng "
        "viên không được làm có lúc thiếu kịp thời, linh hoạt, tính chủ động không cao.",
        causes="Chủ quan: chi bộ chưa cụ thể hóa nghị quyết, quy định thành nội dung sát với cơ quan.",
        responsibility="Tập thể chi bộ, chi ủy.",
    ),
    ShortcomingSpec(
        "committee",
        "Vai trò của Chi bộ, đồng chí Bí thư chi bộ trong đấu tranh chống suy thoái chưa "
        "được phát huy.",
        tags=("QD37-03",),
        causes=(
            "Chủ quan: đồng chí Bí thư chi bộ đồng thời là Trưởng phòng, tập trung nhiều cho "
            "nhiệm vụ chuyên môn; có lúc còn nể nang trong phê bình."
        ),
        responsibility="Đồng chí Bí thư chi bộ (người đứng đầu).",
        subject_member="Tô Thái Hòa",
        actions=(
            ActionSpec(
                "Xây dựng kế hoạch tự sửa của người đứng đầu chi bộ; chủ trì đấu tranh, phê "
                "bình kịp thời các biểu hiện suy thoái, “tự diễn biến”, “tự chuyển hóa” trong "
                "chi bộ.",
                D(2022, 8, 31),
                owner="Tô Thái Hòa",
            ),
        ),
    ),
    ShortcomingSpec(
        "member",
        "Một số đảng viên chưa nêu cao tinh thần đấu tranh tự phê bình và phê bình, ngại "
        "phát biểu, ngại va chạm, tự thỏa mãn, kết quả khắc phục khuyết điểm còn chậm, chưa "
        "đạt yêu cầu.",
        tags=("SD-TT-5",),
        causes="Chủ quan: tâm lý ngại va chạm, sợ mất lòng; chưa tự giác tự soi, tự sửa.",
        responsibility="Từng đảng viên.",
    ),
    ShortcomingSpec(
        "member",
        "Vai trò trách nhiệm nêu gương của đảng viên, nhất là người đứng đầu chi bộ, cơ quan "
        "tuy đã được phát huy mạnh mẽ song vẫn còn một số đồng chí chưa thật sự gương mẫu, "
        "nhất là việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh gắn với "
        "thực hiện Chỉ thị 29 của Ban Thường vụ Tỉnh ủy về tiếp tục siết chặt kỷ luật, kỷ "
        "cương hành chính, nâng cao đạo đức công vụ trong cán bộ, công chức.",
        tags=("QD37-03", "SD-TT-4"),
        causes="Chủ quan: một số đảng viên chưa tự giác rèn luyện, tu dưỡng.",
        responsibility="Từng đảng viên; người đứng đầu chi bộ, cơ quan.",
    ),
    ShortcomingSpec(
        "member",
        "Tình trạng đi làm muộn, về sớm, lãng phí thời gian, điện nước, văn phòng phẩm vẫn "
        "còn; chậm trong xử lý công việc hành chính và các công việc chuyên môn khác vẫn "
        "diễn ra phổ biến.",
        tags=("SD-DD-6", "SD-TT-4"),
        causes=(
            "Chủ quan: ý thức chấp hành kỷ luật lao động, thực hành tiết kiệm của một số "
            "đảng viên chưa cao; việc theo dõi, đôn đốc chưa thường xuyên. Khách quan: khối "
            "lượng hồ sơ hành chính lớn."
        ),
        responsibility="Từng đảng viên có biểu hiện; lãnh đạo Phòng trong theo dõi, đôn đốc.",
        actions=(
            ActionSpec(
                "Theo dõi, công khai hằng tuần việc chấp hành giờ giấc làm việc và tiến độ "
                "giải quyết hồ sơ của Phòng; xây dựng nội quy sử dụng tiết kiệm điện, nước, "
                "văn phòng phẩm.",
                D(2022, 7, 31),
                owner=DEPUTY,
            ),
        ),
    ),
    ShortcomingSpec(
        "cell",
        "Mặc dù sức chiến đấu của Chi bộ có tăng lên trong thời gian vừa qua nhưng vẫn chưa "
        "đạt được yêu cầu ngày càng cao của Đảng ủy cơ quan và UBND thành phố giao.",
        causes="Tổng hợp từ các nguyên nhân chủ quan, khách quan nêu trên.",
        responsibility="Tập thể chi bộ.",
    ),
    ShortcomingSpec(
        "member",
        "Trong lãnh đạo thực hiện nhiệm vụ chuyên môn của cơ quan chưa phát huy được vai trò "
        "của chi bộ, của đảng viên trong việc nêu cao tinh thần, trách nhiệm, tính đảng trong "
        "tham mưu, đề xuất, hiến kế để thực hiện thắng lợi nhiệm vụ của cơ quan. Công tác "
        "tham mưu còn bị động, thiếu đổi mới, sáng tạo, ngại đọc, ngại nghiên cứu tìm hiểu "
        "chủ trương, chính sách... Còn ngại va chạm và đùn đẩy trách nhiệm trong các công "
        "tác nói chung. Nhiều công việc vẫn có những phản hồi tiêu cực từ bên ngoài.",
        tags=("SD-TT-3", "SD-TT-4"),
        causes=(
            "Chủ quan: một số đảng viên chưa chủ động nghiên cứu, cập nhật chủ trương, chính "
            "sách, quy định mới; phân công, phối hợp giữa các bộ phận chưa rõ. Khách quan: "
            "nhiều quy định mới về xây dựng, quy hoạch thay đổi trong thời gian ngắn."
        ),
        responsibility="Từng đảng viên; chi ủy trong lãnh đạo nhiệm vụ chuyên môn.",
        actions=(
            ActionSpec(
                "Mỗi đảng viên đăng ký ít nhất một đề xuất, sáng kiến cải tiến công tác tham "
                "mưu trong lĩnh vực được phân công; chi bộ đánh giá kết quả hằng quý.",
                D(2022, 10, 31),
                owner_name="Chi ủy",
            ),
            ActionSpec(
                "Rà soát toàn bộ hồ sơ cấp phép xây dựng đang giải quyết, không để hồ sơ quá "
                "hạn; công khai tiến độ giải quyết cho người dân.",
                D(2022, 7, 31),
                owner="Lê Thị Thu Hằng",
            ),
        ),
    ),
)

# "Một là" … "Năm là", in the report's words (numbering is added when rendered).
DIRECTIVE_POINTS = tuple(
    (GUEST_QUY, text)
    for text in (
        "Tiếp tục tuyên truyền, giáo dục cho cán bộ, đảng viên không ngừng học tập và thực "
        "hiện các chủ trương, chính sách của Đảng, pháp luật của Nhà nước mà trước mắt là Kết "
        "luận số 21-KL/TW của Ban Chấp hành Trung ương về đẩy mạnh xây dựng, chỉnh đốn Đảng và "
        "HTCT, kiên quyết ngăn chặn, đẩy lùi, xử lý nghiêm cán bộ, đảng viên suy thoái về tư "
        "tưởng chính trị, đạo đức, lối sống, “tự diễn biến”, “tự chuyển hóa”.",
        "Duy trì tốt chế độ sinh hoạt Chi bộ, đổi mới hình thức sinh hoạt, song song với lãnh "
        "đạo nhiệm vụ chuyên môn nhưng không xem nhẹ công tác chính trị tư tưởng và các nhiệm "
        "vụ khác. Thực hiện nghiêm nguyên tắc tập trung dân chủ, kiên quyết chống suy thoái, "
        "tự diễn biến, tự chuyển hoá trong nội bộ, phát hiện và ngăn chặn kịp thời những biểu "
        "hiện lệch lạc trong tư tưởng, trong tác phong, lề lối làm việc và sinh hoạt; khắc "
        "phục tình trạng nể nang, né tránh, ngại va chạm trong đấu tranh tự phê bình và phê "
        "bình. Phấn đấu một quý có một cuộc sinh hoạt chuyên đề, nội dung được chuẩn bị chu "
        "đáo. Lồng ghép, gắn liền công tác đảng với các công tác chuyên môn để có thể triển "
        "khai các nhiệm vụ có hiệu quả, tiết kiệm thời gian.",
        "Nghiêm túc thực hiện các quy định, kết luận của Trung ương, của Tỉnh uỷ và Thành uỷ "
        "về xây dựng, chỉnh đốn Đảng, thực hiện tốt quy chế hoạt động của cơ quan, phát huy "
        "tinh thần tự phê bình và phê bình của đảng viên trong sinh hoạt, đảm bảo nguyên tắc "
        "tập thể lãnh đạo, cá nhân phụ trách, nhất là vai trò của Bí thư chi bộ. Kịp thời phê "
        "bình, nhắc nhở những cán bộ, đảng viên còn những hạn chế trên một số mặt công tác.",
        "Tăng cường công tác kiểm tra, giám sát việc thi hành điều lệ Đảng, những điều đảng "
        "viên không được làm; việc thực hiện chủ trương, chính sách của Đảng, pháp luật của "
        "Nhà nước, các quy định của địa phương nơi cư trú. Nắm bắt kịp thời diễn biến tư "
        "tưởng của cán bộ, đảng viên để có hướng xử lý phù hợp, hiệu quả. Đa dạng hóa các "
        "kênh thông tin để theo dõi cán bộ, đảng viên để có đánh giá đa chiều, thực chất, "
        "khách quan.",
        "Thực hiện tốt Quy định 213 của Trung ương về đảng viên sinh hoạt nơi cư trú, phấn "
        "đấu tất cả gia đình cán bộ cơ quan đạt gia đình văn hoá; không vi phạm các nội dung "
        "đã cam kết. Gắn thực hiện nhiệm vụ của chi bộ, cơ quan với thực hiện việc học tập và "
        "làm theo Bác trong mọi điều kiện, thời gian.",
    )
)

# The guest's acknowledgement (report, second-to-last paragraph) is recorded in
# the chair's conclusion, not as a speaking turn: the report's 19 turns are the
# members' own.
CONCLUSION = (
    "Buổi sinh hoạt chuyên đề “Tự soi, tự sửa” làm điểm của Chi bộ đã được đồng chí Nguyễn "
    "Văn Quý, Ủy viên Ban Thường vụ Thành ủy, Bí thư Đảng ủy cơ quan HĐND - UBND Thành phố "
    "ghi nhận là thực hiện nghiêm túc, dân chủ, đúng với tinh thần chỉ đạo tại Hướng dẫn số "
    "03-HD/Th.U của Ban Thường vụ Thành ủy; đồng chí Bí thư Đảng ủy cơ quan đồng thời yêu cầu "
    "các đồng chí Bí thư chi bộ trực thuộc họp rút kinh nghiệm để triển khai tốt sinh hoạt "
    "chuyên đề “Tự soi, tự sửa” của các chi bộ ngay sau khi kết thúc sinh hoạt điểm tại Chi "
    "bộ Quản lý đô thị.\n"
    "Các đồng chí đảng viên đã phát biểu thẳng thắn, trách nhiệm, làm rõ những tồn tại, "
    "hạn chế của chi bộ, của chi ủy và của từng đảng viên gắn với những biểu hiện tại Quy "
    "định số 37-QĐ/TW và 27 biểu hiện suy thoái theo tinh thần Nghị quyết Trung ương 4; "
    "làm rõ nguyên nhân và gắn trách nhiệm của chi bộ, của từng đảng viên với từng tồn tại, "
    "hạn chế.\n"
    "Chi ủy tiếp thu đầy đủ ý kiến tham gia của đảng viên và ý kiến chỉ đạo của đồng chí Bí "
    "thư Đảng ủy cơ quan để hoàn chỉnh Báo cáo chuyên đề “Tự soi, tự sửa” của Chi bộ, gửi "
    "đến đảng viên và báo cáo Đảng ủy cơ quan; xây dựng kế hoạch khắc phục có nội dung, "
    "người thực hiện và thời hạn cụ thể. Mỗi đảng viên hoàn thiện bản tự kiểm điểm, đăng ký "
    "nội dung tự sửa và thực hiện nghiêm túc; chi bộ kiểm tra kết quả khắc phục tại các kỳ "
    "sinh hoạt thường kỳ. Gắn việc tự soi, tự sửa với thực hiện nhiệm vụ chuyên môn, nhất là "
    "công tác quản lý trật tự đô thị, trật tự xây dựng, góp phần xây dựng Thành phố Hà Tĩnh "
    "ngày càng văn minh, hiện đại."
)

DECISION = DecisionSpec(
    "Thông qua Báo cáo chuyên đề “Tự soi, tự sửa” của Chi bộ, có tiếp thu, chỉnh sửa theo "
    "ý kiến tham gia của đảng viên và ý kiến chỉ đạo của đồng chí Bí thư Đảng ủy cơ quan, "
    "và kế hoạch khắc phục tồn tại, hạn chế của chi bộ, chi ủy và từng đảng viên.",
    votes=(15, 0, 0),
)

SEED_MEETING = MeetingSpec(
    cell=QLDT,
    kind="thematic",
    topic=TOPIC,
    date=D(2022, 6, 21),
    # "tối ngày 21/6/2022": an evening session. 135 minutes; a thematic meeting
    # needs at least 90 (120 only when combined with the regular meeting).
    start_time=dt.time(19, 30),
    end_time=dt.time(21, 45),
    place="Hội trường Cơ quan HĐND - UBND Thành phố Hà Tĩnh",
    legal_bases=LEGAL_BASES,
    documents_used=DOCUMENTS_USED,
    agenda=AGENDA,
    chair=CHAIR,
    secretary=SECRETARY,
    guests=GUESTS,
    reports=(REPORT,),
    turns=TURNS,
    shortcomings=SHORTCOMINGS,
    directive_points=DIRECTIVE_POINTS,
    conclusion=CONCLUSION,
    decisions=(DECISION,),
    minutes_read_back=True,
    closing_votes=(15, 0, 0),
    campaign=TOPIC,
    recorded_by="secretary",
    # The showcase the secretary submits in the review tests: left as a draft,
    # with no number.
    status="draft",
)
