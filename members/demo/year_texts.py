"""What the demonstration cells say in their year of meetings (invented, ordinary content).

`members.demo.year` picks from these by month, so that two months of one cell
do not read the same: the work of each cell (for the monthly report), what its
members raise (by speaker: a line is used only when its speaker is there), the
points its secretary stresses, the focus of each calendar month, and the four
themes of the quarterly thematic meetings, each with its legal bases, its
speaking turns (given to whoever attends) and the points of direction of the
agency committee's deputy secretary, who attends them.
"""

from __future__ import annotations

from dataclasses import dataclass

from members.demo.organizations import QLDT, TCKH, TNMT, VP


@dataclass(frozen=True)
class CellTexts:
    work: tuple[str, ...]  # "Kết quả … : <work>"
    turns: tuple[tuple[str, str], ...]  # (speaker, gist), used in turn
    directives: tuple[str, ...]  # points the chair stresses


CELL_TEXTS: dict[str, CellTexts] = {
    QLDT: CellTexts(
        work=(
            "cấp phép xây dựng, kiểm tra trật tự xây dựng trên địa bàn các phường, xã",
            "thẩm định thiết kế, dự toán các công trình hạ tầng đô thị; quản lý chất lượng "
            "công trình xây dựng",
            "chỉnh trang đô thị, quản lý vỉa hè, lòng đường, cây xanh, chiếu sáng công cộng",
            "rà soát, điều chỉnh quy hoạch chi tiết các khu dân cư; cắm mốc giới quy hoạch",
        ),
        turns=(
            (
                "Nguyễn Thị Minh Nguyệt",
                "Đề nghị công khai tiến độ giải quyết từng hồ sơ cấp phép xây dựng; hồ sơ nào "
                "quá hạn phải báo cáo rõ lý do với lãnh đạo Phòng.",
            ),
            (
                "Võ Quốc Việt",
                "Báo cáo kết quả kiểm tra trật tự xây dựng trong tháng; đề nghị phối hợp chặt "
                "chẽ với UBND các phường, xã xử lý dứt điểm các trường hợp xây dựng sai phép.",
            ),
            (
                "Trần Văn Hùng",
                "Đề nghị đẩy nhanh việc lấy ý kiến cộng đồng dân cư đối với các đồ án điều "
                "chỉnh quy hoạch chi tiết đang triển khai.",
            ),
            (
                "Lê Thị Thu Hằng",
                "Báo cáo số hồ sơ cấp phép xây dựng đã giải quyết trong tháng; phần lớn trả "
                "kết quả đúng hạn, còn một số hồ sơ phải bổ sung giấy tờ về đất.",
            ),
            (
                "Dương Thị Lan Anh",
                "Đề xuất kiểm tra, cắt tỉa cây xanh trên các tuyến phố chính, bảo đảm an toàn "
                "cho người và phương tiện khi có mưa to, gió lớn.",
            ),
            (
                "Hoàng Văn Nam",
                "Báo cáo tiến độ nạo vét hệ thống thoát nước tại các điểm thường xuyên ngập "
                "úng khi mưa lớn.",
            ),
            (
                "Bùi Đức Thịnh",
                "Đề nghị phối hợp với lực lượng chức năng tổ chức lại giao thông tại các nút "
                "giao đông phương tiện vào giờ cao điểm.",
            ),
            (
                "Phạm Ngọc Sơn",
                "Báo cáo kết quả thẩm định hồ sơ thiết kế, dự toán trong tháng; một số hồ sơ "
                "phải trả lại do chủ đầu tư lập chưa đúng quy định.",
            ),
            (
                "Hồ Thị Ngọc Ánh",
                "Đề nghị tiếp tục ra quân lập lại trật tự vỉa hè tại các tuyến phố trung tâm, "
                "gắn với tuyên truyền để người dân tự giác chấp hành.",
            ),
            (
                "Nguyễn Hữu Phúc",
                "Báo cáo tình hình cấp nước sinh hoạt tại các khu dân cư mới; đề nghị đơn vị "
                "cấp nước sớm đấu nối cho các hộ còn lại.",
            ),
            (
                "Trương Minh Khôi",
                "Đề nghị tăng cường kiểm tra chất lượng các công trình đang thi công, nhất là "
                "việc nghiệm thu các hạng mục khuất.",
            ),
            (
                "Phan Đình Tuấn",
                "Nhất trí với báo cáo; đề nghị chi ủy tiếp tục kiểm tra việc thực hiện các nội "
                "dung khắc phục hạn chế sau đợt sinh hoạt “Tự soi, tự sửa”.",
            ),
            (
                "Đặng Thị Hương",
                "Báo cáo tình hình thị trường bất động sản trên địa bàn; đề nghị tăng cường "
                "kiểm tra việc phân lô, bán nền trái phép.",
            ),
        ),
        directives=(
            "Mỗi đảng viên bám sát nhiệm vụ được phân công, giải quyết hồ sơ đúng hạn, không "
            "để người dân phải đi lại nhiều lần.",
            "Phát hiện, xử lý vi phạm trật tự xây dựng ngay từ khi mới phát sinh; đảng viên "
            "phụ trách địa bàn chịu trách nhiệm trước chi bộ.",
            "Thực hiện nghiêm văn hóa công sở, quy chế dân chủ trong tiếp và làm việc với "
            "công dân, doanh nghiệp.",
        ),
    ),
    VP: CellTexts(
        work=(
            "tham mưu tổ chức các kỳ họp, hội nghị của HĐND, UBND Thành phố; tổng hợp báo "
            "cáo định kỳ",
            "kiểm soát thủ tục hành chính, vận hành Bộ phận Tiếp nhận và Trả kết quả",
            "tiếp công dân, tiếp nhận và chuyển xử lý đơn thư đúng thời hạn",
            "văn thư, lưu trữ, số hóa hồ sơ và vận hành hệ thống quản lý văn bản điện tử",
        ),
        turns=(
            (
                "Lê Thị Kim Oanh",
                "Đề nghị các bộ phận chuẩn bị tài liệu hội nghị sớm, gửi đại biểu trước ít "
                "nhất ba ngày theo quy chế làm việc.",
            ),
            (
                "Hoàng Minh Tú",
                "Báo cáo tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn và nộp trực tuyến "
                "trong tháng; đề nghị tiếp tục hướng dẫn người dân nộp hồ sơ qua Cổng dịch vụ "
                "công.",
            ),
            (
                "Nguyễn Công Định",
                "Đề nghị chi ủy tiếp tục theo dõi việc thực hiện văn hóa công sở, giờ giấc làm "
                "việc của cán bộ, đảng viên.",
            ),
            (
                "Đinh Thị Mai",
                "Báo cáo tình hình thực hiện dự toán chi thường xuyên; đề nghị các bộ phận "
                "tiết kiệm điện, văn phòng phẩm.",
            ),
            (
                "Lê Đình Khánh",
                "Báo cáo kết quả tiếp công dân định kỳ và đột xuất; đề nghị các phòng chuyên "
                "môn trả lời đơn thư đúng hạn.",
            ),
            (
                "Phạm Thị Thanh Thủy",
                "Báo cáo tiến độ tổng hợp báo cáo kinh tế - xã hội định kỳ; một số phòng gửi "
                "số liệu chậm so với yêu cầu.",
            ),
            (
                "Trần Quốc Bảo",
                "Báo cáo kết quả số hóa hồ sơ lưu trữ; đề nghị các phòng nộp lưu hồ sơ đúng "
                "thời hạn.",
            ),
            (
                "Phan Thị Hoài Thương",
                "Báo cáo tình hình vận hành hệ thống quản lý văn bản và điều hành; đề nghị cán "
                "bộ ký số toàn bộ văn bản đi.",
            ),
            (
                "Nguyễn Thị Bích Ngọc",
                "Đề xuất rà soát, cập nhật quy chế làm việc và quy trình nội bộ của Văn phòng "
                "theo các quy định mới.",
            ),
            (
                "Võ Thị Hồng Nhung",
                "Báo cáo kết quả phấn đấu, rèn luyện trong tháng của đảng viên dự bị; cảm ơn "
                "đồng chí được phân công giúp đỡ.",
            ),
        ),
        directives=(
            "Nâng cao chất lượng tham mưu; văn bản trình ký phải đúng hạn, đúng thể thức.",
            "Giải quyết thủ tục hành chính đúng hạn, công khai, minh bạch; không để xảy ra "
            "tình trạng gây phiền hà, nhũng nhiễu người dân.",
            "Thực hành tiết kiệm, chống lãng phí trong sử dụng kinh phí, tài sản của cơ quan.",
        ),
    ),
    TCKH: CellTexts(
        work=(
            "thu, chi ngân sách; điều hành dự toán theo đúng quy định",
            "giải ngân vốn đầu tư công; đôn đốc các chủ đầu tư đẩy nhanh tiến độ",
            "quản lý giá, tài sản công; thẩm định quyết toán dự án hoàn thành",
            "đăng ký kinh doanh, hỗ trợ hộ kinh doanh và doanh nghiệp",
        ),
        turns=(
            (
                "Lê Văn Cường",
                "Đề nghị đôn đốc các chủ đầu tư hoàn thiện hồ sơ thanh toán, đẩy nhanh giải "
                "ngân vốn đầu tư công theo kế hoạch.",
            ),
            (
                "Đoàn Minh Đức",
                "Báo cáo tiến độ thu ngân sách; một số khoản thu từ đất đạt thấp, đề nghị có "
                "giải pháp tháo gỡ.",
            ),
            (
                "Trần Thị Phương Thảo",
                "Báo cáo kết quả thẩm định quyết toán dự án hoàn thành; còn một số dự án chậm "
                "quyết toán do hồ sơ chưa đầy đủ.",
            ),
            (
                "Phạm Văn Toàn",
                "Đề xuất điều chuyển vốn từ các dự án chậm giải ngân sang các dự án có khối "
                "lượng hoàn thành.",
            ),
            (
                "Nguyễn Thị Lệ Quyên",
                "Báo cáo kết quả rà soát, sắp xếp lại tài sản công tại các cơ quan, đơn vị.",
            ),
            (
                "Hà Thị Thu Phương",
                "Báo cáo tình hình đăng ký thành lập mới hộ kinh doanh, doanh nghiệp; đề nghị "
                "đẩy mạnh tiếp nhận hồ sơ trực tuyến.",
            ),
            (
                "Nguyễn Thị Hoài An",
                "Đề nghị hướng dẫn các đơn vị dự toán thực hiện chế độ báo cáo tài chính đúng hạn.",
            ),
            (
                "Nguyễn Văn Hiếu",
                "Báo cáo việc hướng dẫn các xã, phường lập dự toán ngân sách; tiếp thu ý kiến "
                "góp ý của chi bộ.",
            ),
        ),
        directives=(
            "Điều hành ngân sách chặt chẽ, đúng dự toán; kiên quyết cắt giảm các khoản chi "
            "chưa thật sự cần thiết.",
            "Đảng viên được phân công theo dõi dự án nắm chắc tiến độ giải ngân, báo cáo chi "
            "bộ hằng tháng.",
        ),
    ),
    TNMT: CellTexts(
        work=(
            "cấp giấy chứng nhận quyền sử dụng đất, giải quyết hồ sơ đất đai tồn đọng",
            "bồi thường, giải phóng mặt bằng các dự án trọng điểm",
            "quản lý môi trường, thu gom, xử lý rác thải sinh hoạt",
            "quản lý khoáng sản, tài nguyên nước; xử lý khai thác cát trái phép",
        ),
        turns=(
            (
                "Nguyễn Thị Hồng Vân",
                "Đề nghị tập trung giải quyết hồ sơ đất đai tồn đọng, trả lời đơn thư của công "
                "dân đúng thời hạn.",
            ),
            (
                "Lê Minh Quang",
                "Báo cáo tiến độ giải phóng mặt bằng các dự án; còn một số hộ chưa đồng thuận "
                "với phương án bồi thường.",
            ),
            (
                "Nguyễn Đình Thắng",
                "Đề xuất tăng cường kiểm tra việc thu gom, vận chuyển rác thải tại các khu dân "
                "cư và chợ.",
            ),
            (
                "Trần Thị Diệu Linh",
                "Báo cáo kết quả cấp giấy chứng nhận quyền sử dụng đất trong tháng.",
            ),
            (
                "Ngô Thị Thanh Tâm",
                "Báo cáo tiến độ chỉnh lý biến động bản đồ địa chính, cập nhật cơ sở dữ liệu "
                "đất đai.",
            ),
            (
                "Đậu Văn Sáng",
                "Đề nghị tổ chức đối thoại với người dân trước khi xử lý các vụ việc đất đai "
                "phức tạp, kéo dài.",
            ),
            (
                "Lê Quang Huy",
                "Báo cáo kết quả kiểm tra, xử lý khai thác cát trái phép trên các tuyến sông.",
            ),
            (
                "Phạm Thị Hà My",
                "Báo cáo kết quả phân loại rác thải tại nguồn ở các khu dân cư làm điểm.",
            ),
        ),
        directives=(
            "Giải quyết dứt điểm hồ sơ đất đai tồn đọng, không để phát sinh đơn thư vượt cấp.",
            "Kiểm tra, xử lý nghiêm vi phạm về môi trường, khai thác khoáng sản trái phép.",
        ),
    ),
}

# The tasks each calendar month brings, for the report and the agenda.
MONTH_FOCUS: dict[int, str] = {
    1: "chuẩn bị chu đáo các điều kiện để Nhân dân đón Tết Nguyên đán vui tươi, an toàn, "
    "tiết kiệm; phân công trực Tết",
    2: "nhanh chóng ổn định công việc sau Tết; triển khai kế hoạch công tác năm",
    3: "hoàn thành các chỉ tiêu quý I; hưởng ứng Ngày Quốc tế Phụ nữ 8/3 và kỷ niệm ngày "
    "thành lập Đoàn Thanh niên Cộng sản Hồ Chí Minh 26/3",
    4: "kỷ niệm ngày Giải phóng miền Nam, thống nhất đất nước 30/4 và Quốc tế Lao động 1/5",
    5: "kỷ niệm Ngày sinh Chủ tịch Hồ Chí Minh 19/5; chủ động phòng, chống thiên tai trước "
    "mùa mưa bão",
    6: "sơ kết công tác 6 tháng đầu năm; chuẩn bị kỳ họp thường lệ giữa năm của HĐND Thành phố",
    7: "kỷ niệm Ngày Thương binh - Liệt sỹ 27/7; triển khai nhiệm vụ 6 tháng cuối năm",
    8: "kỷ niệm Cách mạng Tháng Tám và Quốc khánh 2/9; chủ động phương án phòng, chống lụt bão",
    9: "chủ động ứng phó mưa bão, ngập lụt; bảo đảm an toàn trụ sở, hồ sơ, tài liệu",
    10: "khắc phục hậu quả mưa lũ; đánh giá kết quả thực hiện nhiệm vụ 9 tháng",
    11: "hưởng ứng Ngày hội Đại đoàn kết toàn dân tộc 18/11; chuẩn bị kiểm điểm, đánh giá cuối năm",
    12: "tổng kết công tác năm; kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên",
}

ABSENCE_REASONS = (
    "Đi công tác theo phân công của cơ quan",
    "Nghỉ ốm, có giấy xác nhận của cơ sở y tế",
    "Đi học lớp bồi dưỡng kiến thức quản lý nhà nước",
    "Nghỉ phép năm",
    "Con ốm, phải chăm sóc",
)

# The agency committee's deputy secretary attends the thematic meetings of its cells.
GUEST_NAME = "Nguyễn Duy Đức"
GUEST_TITLE = "Phó Bí thư Đảng ủy Cơ quan HĐND - UBND Thành phố"


@dataclass(frozen=True)
class Theme:
    topic: str
    legal_bases: tuple[str, ...]
    summary: str
    turns: tuple[str, ...]  # gists, given to whoever attends
    directives: tuple[str, str]  # the guest's points


THEMES: tuple[Theme, ...] = (
    Theme(
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về tinh thần trách "
        "nhiệm, thực hành tiết kiệm, chống lãng phí trong thực thi công vụ",
        (
            "Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị về đẩy mạnh học tập và làm "
            "theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
            "Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị về tiếp tục thực hiện Chỉ "
            "thị số 05-CT/TW",
        ),
        "Thực trạng tinh thần trách nhiệm, thực hành tiết kiệm, chống lãng phí của đảng "
        "viên trong Chi bộ; ưu điểm, hạn chế và nguyên nhân; việc làm cụ thể mỗi đảng viên "
        "đăng ký thực hiện trong thời gian tới.",
        (
            "Liên hệ bản thân: có lúc còn để thiết bị điện hoạt động khi không sử dụng; cam "
            "kết thực hành tiết kiệm từ những việc nhỏ nhất.",
            "Đề nghị đưa nội dung thực hành tiết kiệm vào tiêu chí đánh giá, xếp loại đảng "
            "viên cuối năm.",
            "Đề xuất mỗi đảng viên đăng ký một việc làm cụ thể làm theo gương Bác, chi ủy "
            "kiểm tra việc thực hiện hằng quý.",
            "Nhất trí với báo cáo; đề nghị bổ sung nội dung về tinh thần trách nhiệm khi giải "
            "quyết công việc của người dân.",
        ),
        (
            "Cụ thể hóa việc học tập và làm theo Bác thành những việc làm cụ thể của từng "
            "đảng viên, gắn với nhiệm vụ chuyên môn được giao.",
            "Chi ủy thường xuyên kiểm tra việc thực hiện cam kết của đảng viên, kịp thời biểu "
            "dương những cách làm hay.",
        ),
    ),
    Theme(
        "Đẩy mạnh chuyển đổi số, nâng cao chất lượng giải quyết công việc trên môi trường điện tử",
        (
            "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển "
            "khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
        ),
        "Kết quả ứng dụng công nghệ thông tin, xử lý văn bản và hồ sơ công việc trên môi "
        "trường điện tử tại cơ quan; những khó khăn, hạn chế; giải pháp và trách nhiệm của "
        "đảng viên.",
        (
            "Đề nghị mỗi đảng viên sử dụng thành thạo chữ ký số, xử lý văn bản hoàn toàn trên "
            "môi trường điện tử.",
            "Liên hệ bản thân: còn lưu hồ sơ giấy song song với hồ sơ điện tử, làm chậm việc "
            "tra cứu; cam kết khắc phục trong quý tới.",
            "Đề xuất tổ chức bồi dưỡng kỹ năng số cho các đảng viên lớn tuổi trong chi bộ.",
            "Đề nghị nâng tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận và trả kết quả trực tuyến.",
        ),
        (
            "Đẩy mạnh chuyển đổi số trong lãnh đạo, chỉ đạo và giải quyết công việc; mỗi "
            "đảng viên phải là một hạt nhân chuyển đổi số.",
            "Bảo đảm an toàn, an ninh thông tin, bảo vệ bí mật nhà nước trên môi trường mạng.",
        ),
    ),
    Theme(
        "Rèn luyện chuẩn mực đạo đức cách mạng của cán bộ, đảng viên trong giai đoạn mới",
        (
            "Quy định số 144-QĐ/TW ngày 09/5/2024 của Bộ Chính trị về chuẩn mực đạo đức cách "
            "mạng của cán bộ, đảng viên giai đoạn mới",
        ),
        "Đối chiếu các chuẩn mực đạo đức cách mạng với việc rèn luyện, tu dưỡng của đảng "
        "viên trong Chi bộ; những biểu hiện cần khắc phục; giải pháp tự soi, tự sửa.",
        (
            "Đối chiếu với các chuẩn mực, tự nhận có lúc còn ngại va chạm, chưa thẳng thắn góp "
            "ý đồng chí, đồng nghiệp.",
            "Đề nghị chi bộ duy trì tự phê bình và phê bình trong sinh hoạt, góp ý cụ thể cho "
            "từng đảng viên.",
            "Liên hệ bản thân về giữ gìn lối sống giản dị, gần gũi Nhân dân; cam kết không để "
            "người thân lợi dụng vị trí công tác của mình.",
            "Nhất trí với báo cáo; đề nghị bổ sung những biểu hiện cụ thể trong chi bộ để từng "
            "đồng chí tự soi, tự sửa.",
        ),
        (
            "Mỗi đảng viên thường xuyên tự soi, tự sửa theo các chuẩn mực đạo đức cách mạng; "
            "chi bộ đưa kết quả vào đánh giá, xếp loại cuối năm.",
            "Chi ủy nắm chắc tư tưởng của đảng viên, kịp thời nhắc nhở, uốn nắn những biểu "
            "hiện lệch chuẩn.",
        ),
    ),
    Theme(
        "Phòng, chống tham nhũng, tiêu cực; nêu cao trách nhiệm nêu gương của cán bộ, đảng viên",
        (
            "Quy định số 08-QĐi/TW ngày 25/10/2018 của Ban Chấp hành Trung ương về trách "
            "nhiệm nêu gương của cán bộ, đảng viên",
        ),
        "Việc thực hiện trách nhiệm nêu gương và công tác phòng ngừa tham nhũng, tiêu cực "
        "trong thực thi công vụ của đảng viên Chi bộ; hạn chế, nguyên nhân; giải pháp.",
        (
            "Đề nghị công khai quy trình, thời hạn giải quyết công việc để người dân giám sát, "
            "phòng ngừa tiêu cực.",
            "Liên hệ bản thân: thực hiện nghiêm việc kê khai tài sản, thu nhập; không nhận quà "
            "biếu liên quan đến công việc dưới mọi hình thức.",
            "Đề nghị chi ủy, đồng chí Bí thư tiếp tục nêu gương trong thực thi nhiệm vụ và "
            "trong sinh hoạt chi bộ.",
            "Đề xuất chi bộ định kỳ kiểm tra, giám sát đảng viên ở các vị trí dễ phát sinh "
            "tiêu cực.",
        ),
        (
            "Thực hiện nghiêm trách nhiệm nêu gương, trước hết là của đồng chí Bí thư và chi "
            "ủy viên; nói đi đôi với làm.",
            "Tăng cường kiểm tra, giám sát của chi bộ đối với đảng viên ở những vị trí tiếp "
            "xúc trực tiếp với người dân, doanh nghiệp.",
        ),
    ),
)

THEMATIC_AGENDA = (
    "Thông qua báo cáo chuyên đề của Chi bộ",
    "Thảo luận, liên hệ trách nhiệm của từng đảng viên",
    "Phát biểu chỉ đạo của đồng chí Phó Bí thư Đảng ủy cơ quan",
    "Kết luận, biểu quyết",
)

REVIEW_COMMENT = (
    "Đề nghị kết luận nêu rõ đồng chí chịu trách nhiệm và thời hạn hoàn thành từng nhiệm vụ "
    "trọng tâm của tháng."
)
