"""The demonstration tree, the rosters of its cells, and the demonstration accounts.

The tree follows the seed report (/work/shared/seeds/000_4aa02ccbf0afb645.txt):
the agency party committee "Đảng bộ Cơ quan HĐND - UBND Thành phố" directed its
cell "Chi bộ Quản lý đô thị" to hold the pilot "Tự soi, tự sửa" session, under
guidance 03-HD/Th.U of the city party committee. The agency committee is placed
under "Đảng bộ Thành phố Hà Tĩnh" (whose documents carry the symbol "Th.U", as in
"Hướng dẫn số 03-HD/Th.U"), so the tree has the three levels a real deployment
has and a role on a committee reaches cells two levels down.

The rosters are the cells as they stood in the first half of 2022, when the
seed meeting and the other 2022 meetings took their snapshots;
`members.demo.register` brings them up to the day the data is loaded (members
admitted, recognised, exempt, away or gone since).

Every person on the rosters is invented, except Tô Thái Hòa, whom the report
names as Bí thư of Chi bộ Quản lý đô thị (his job title, dates and card number
are invented too). Card numbers are illustrative, not real.
"""

from __future__ import annotations

import datetime as dt

from members.demo.specs import AccountSpec, MemberSpec, OrgSpec

D = dt.date

CITY = "Đảng bộ Thành phố Hà Tĩnh"
AGENCY = "Đảng bộ Cơ quan HĐND - UBND Thành phố"
QLDT = "Chi bộ Quản lý đô thị"
VP = "Chi bộ Văn phòng HĐND - UBND"
TCKH = "Chi bộ Tài chính - Kế hoạch"
TNMT = "Chi bộ Tài nguyên và Môi trường"

ORGANIZATIONS: tuple[OrgSpec, ...] = (
    OrgSpec(CITY, "committee", "Th.U", "Hà Tĩnh"),
    OrgSpec(AGENCY, "agency", "ĐU", "Hà Tĩnh", parent=CITY, term_start=D(2020, 7, 1)),
    OrgSpec(QLDT, "cell", "CB", "Hà Tĩnh", parent=AGENCY, term_start=D(2020, 7, 1)),
    OrgSpec(VP, "cell", "CB", "Hà Tĩnh", parent=AGENCY, term_start=D(2020, 7, 1)),
    OrgSpec(TCKH, "cell", "CB", "Hà Tĩnh", parent=AGENCY, term_start=D(2020, 7, 1)),
    OrgSpec(TNMT, "cell", "CB", "Hà Tĩnh", parent=AGENCY, term_start=D(2020, 7, 1)),
)

# Chi bộ Quản lý đô thị: 15 members, all official long before 21/6/2022, so
# the seed meeting has 15 official members expected and present (15/15).
# 15 official members (≥ 9) elect a cell committee (chi ủy): Bí thư, Phó Bí thư
# and one Chi ủy viên (Charter Art. 24.4).
QLDT_ROSTER: tuple[MemberSpec, ...] = (
    MemberSpec(
        "Tô Thái Hòa", "m", D(1974, 3, 12), "42.010231", D(2001, 5, 19), D(2002, 5, 19),
        "Trưởng phòng Quản lý đô thị", position="bi_thu",
    ),
    MemberSpec(
        "Nguyễn Thị Minh Nguyệt", "f", D(1981, 9, 4), "42.021458", D(2006, 12, 22),
        D(2007, 12, 22), "Phó Trưởng phòng Quản lý đô thị", position="pho_bi_thu",
    ),
    MemberSpec(
        "Phan Đình Tuấn", "m", D(1979, 1, 27), "42.018806", D(2004, 2, 3), D(2005, 2, 3),
        "Phó Trưởng phòng Quản lý đô thị", position="chi_uy_vien",
    ),
    MemberSpec(
        "Trần Văn Hùng", "m", D(1983, 6, 15), "42.025117", D(2009, 3, 26), D(2010, 3, 26),
        "Chuyên viên phụ trách quy hoạch, kiến trúc, Phòng Quản lý đô thị",
    ),
    MemberSpec(
        "Lê Thị Thu Hằng", "f", D(1987, 11, 2), "42.031940", D(2012, 9, 2), D(2013, 9, 2),
        "Chuyên viên phụ trách cấp phép xây dựng, Phòng Quản lý đô thị",
    ),
    MemberSpec(
        "Võ Quốc Việt", "m", D(1985, 4, 30), "42.028733", D(2010, 12, 22), D(2011, 12, 22),
        "Chuyên viên phụ trách trật tự xây dựng, Phòng Quản lý đô thị",
    ),
    MemberSpec(
        "Đặng Thị Hương", "f", D(1988, 8, 19), "42.033502", D(2013, 5, 19), D(2014, 5, 19),
        "Chuyên viên phụ trách quản lý nhà và thị trường bất động sản, Phòng Quản lý đô thị",
    ),
    MemberSpec(
        "Hoàng Văn Nam", "m", D(1982, 2, 8), "42.024076", D(2008, 7, 27), D(2009, 7, 27),
        "Chuyên viên phụ trách hạ tầng kỹ thuật, Phòng Quản lý đô thị",
    ),
    MemberSpec(
        "Nguyễn Thị Thu Trang", "f", D(1991, 10, 10), "42.040885", D(2016, 3, 8), D(2017, 3, 8),
        "Chuyên viên tổng hợp, Phòng Quản lý đô thị",
    ),
    MemberSpec(
        "Bùi Đức Thịnh", "m", D(1990, 12, 1), "42.038214", D(2015, 9, 2), D(2016, 9, 2),
        "Chuyên viên phụ trách giao thông, vận tải, Phòng Quản lý đô thị",
    ),
    MemberSpec(
        "Dương Thị Lan Anh", "f", D(1993, 7, 21), "42.046327", D(2018, 6, 1), D(2019, 6, 1),
        "Chuyên viên phụ trách cây xanh, chiếu sáng đô thị, Phòng Quản lý đô thị",
    ),
    MemberSpec(
        "Phạm Ngọc Sơn", "m", D(1986, 5, 5), "42.030119", D(2011, 10, 14), D(2012, 10, 14),
        "Chuyên viên phụ trách thẩm định dự án, thiết kế xây dựng, Phòng Quản lý đô thị",
    ),
    MemberSpec(
        "Hồ Thị Ngọc Ánh", "f", D(1994, 1, 18), "42.049561", D(2019, 12, 20), D(2020, 12, 20),
        "Chuyên viên phụ trách quản lý vỉa hè, đặt tên đường, Phòng Quản lý đô thị",
    ),
    MemberSpec(
        "Nguyễn Hữu Phúc", "m", D(1989, 9, 9), "42.035847", D(2014, 3, 26), D(2015, 3, 26),
        "Chuyên viên phụ trách cấp, thoát nước đô thị, Phòng Quản lý đô thị",
    ),
    MemberSpec(
        "Trương Minh Khôi", "m", D(1995, 6, 26), "42.051204", D(2020, 2, 3), D(2021, 2, 3),
        "Chuyên viên phụ trách quản lý chất lượng công trình xây dựng, Phòng Quản lý đô thị",
    ),
)  # fmt: skip

# Chi bộ Văn phòng HĐND - UBND: 9 official members of its own until 19/5/2022
# (a committee), one of them exempt from March on; one probationary member
# recognized as official on 19/5/2022 (vote in the May meeting); one admitted on
# 3/2/2022 and still probationary; one member seconded from a provincial
# department who takes part here temporarily ("in").
VP_ROSTER: tuple[MemberSpec, ...] = (
    MemberSpec(
        "Trần Đình Lương", "m", D(1972, 8, 14), "42.008842", D(1998, 11, 7), D(1999, 11, 7),
        "Chánh Văn phòng HĐND - UBND Thành phố", position="bi_thu",
    ),
    MemberSpec(
        "Lê Thị Kim Oanh", "f", D(1980, 3, 3), "42.019630", D(2005, 3, 8), D(2006, 3, 8),
        "Phó Chánh Văn phòng HĐND - UBND Thành phố", position="pho_bi_thu",
    ),
    MemberSpec(
        "Nguyễn Công Định", "m", D(1978, 10, 20), "42.017395", D(2003, 9, 2), D(2004, 9, 2),
        "Phó Chánh Văn phòng HĐND - UBND Thành phố", position="chi_uy_vien",
    ),
    MemberSpec(
        "Phạm Thị Thanh Thủy", "f", D(1984, 12, 12), "42.026951", D(2009, 12, 22),
        D(2010, 12, 22), "Chuyên viên tổng hợp, Văn phòng HĐND - UBND Thành phố",
    ),
    MemberSpec(
        "Hoàng Minh Tú", "m", D(1988, 4, 9), "42.034418", D(2013, 10, 14), D(2014, 10, 14),
        "Chuyên viên kiểm soát thủ tục hành chính, Văn phòng HĐND - UBND Thành phố",
    ),
    MemberSpec(
        "Đinh Thị Mai", "f", D(1986, 2, 25), "42.029087", D(2011, 5, 19), D(2012, 5, 19),
        "Kế toán, Văn phòng HĐND - UBND Thành phố",
    ),
    MemberSpec(
        "Võ Văn Lực", "m", D(1990, 7, 7), "42.039772", D(2015, 12, 22), D(2016, 12, 22),
        "Chuyên viên Bộ phận Tiếp nhận và Trả kết quả, Văn phòng HĐND - UBND Thành phố",
    ),
    MemberSpec(
        "Lê Đình Khánh", "m", D(1987, 1, 30), "42.032265", D(2012, 3, 26), D(2013, 3, 26),
        "Chuyên viên Ban Tiếp công dân Thành phố",
    ),
    MemberSpec(
        "Nguyễn Văn Thuận", "m", D(1964, 5, 16), "42.002917", D(1990, 2, 3), D(1991, 2, 3),
        "Nhân viên lái xe, Văn phòng HĐND - UBND Thành phố",
        exempt_from=D(2022, 3, 1), exempt_to=D(2022, 12, 31),
        exempt_reason="Điều trị bệnh dài ngày",
    ),
    MemberSpec(
        "Trần Quốc Bảo", "m", D(1996, 11, 23), "42.054738", D(2021, 5, 19), D(2022, 5, 19),
        "Chuyên viên văn thư, lưu trữ, Văn phòng HĐND - UBND Thành phố",
    ),
    MemberSpec(
        "Phan Thị Hoài Thương", "f", D(1998, 4, 2), "42.058160", D(2022, 2, 3), None,
        "Chuyên viên công nghệ thông tin, Văn phòng HĐND - UBND Thành phố",
    ),
    MemberSpec(
        "Nguyễn Thị Bích Ngọc", "f", D(1985, 9, 28), "42.027504", D(2010, 5, 19),
        D(2011, 5, 19), "Chuyên viên Sở Nội vụ, biệt phái về Văn phòng HĐND - UBND Thành phố",
        attachment="in", attachment_place="Chi bộ Văn phòng Sở Nội vụ tỉnh Hà Tĩnh",
    ),
)  # fmt: skip

# Chi bộ Tài chính - Kế hoạch: 6 official members (fewer than 9: a Bí thư and a
# Phó Bí thư, no committee) and one probationary member until 20/12/2022.
TCKH_ROSTER: tuple[MemberSpec, ...] = (
    MemberSpec(
        "Nguyễn Thị Hải Yến", "f", D(1977, 6, 6), "42.014583", D(2002, 12, 22), D(2003, 12, 22),
        "Trưởng phòng Tài chính - Kế hoạch", position="bi_thu",
    ),
    MemberSpec(
        "Lê Văn Cường", "m", D(1982, 8, 8), "42.023349", D(2008, 2, 3), D(2009, 2, 3),
        "Phó Trưởng phòng Tài chính - Kế hoạch", position="pho_bi_thu",
    ),
    MemberSpec(
        "Trần Thị Phương Thảo", "f", D(1985, 3, 17), "42.028190", D(2010, 9, 2), D(2011, 9, 2),
        "Phó Trưởng phòng Tài chính - Kế hoạch",
    ),
    MemberSpec(
        "Đoàn Minh Đức", "m", D(1989, 10, 29), "42.036682", D(2014, 7, 27), D(2015, 7, 27),
        "Chuyên viên phụ trách ngân sách, Phòng Tài chính - Kế hoạch",
    ),
    MemberSpec(
        "Nguyễn Thị Lệ Quyên", "f", D(1992, 2, 14), "42.043025", D(2017, 3, 8), D(2018, 3, 8),
        "Chuyên viên phụ trách quản lý giá, công sản, Phòng Tài chính - Kế hoạch",
    ),
    MemberSpec(
        "Phạm Văn Toàn", "m", D(1987, 12, 3), "42.031578", D(2012, 2, 3), D(2013, 2, 3),
        "Chuyên viên phụ trách kế hoạch, đầu tư công, Phòng Tài chính - Kế hoạch",
    ),
    MemberSpec(
        "Hà Thị Thu Phương", "f", D(1997, 5, 11), "42.056903", D(2021, 12, 20), D(2022, 12, 20),
        "Chuyên viên phụ trách đăng ký kinh doanh, Phòng Tài chính - Kế hoạch",
    ),
)  # fmt: skip

# Chi bộ Tài nguyên và Môi trường: 8 members of its own, one of them on
# temporary activity elsewhere (studying full time), one exempt from April to
# September, one probationary until 10/11/2022.
TNMT_ROSTER: tuple[MemberSpec, ...] = (
    MemberSpec(
        "Hoàng Anh Tuấn", "m", D(1976, 11, 11), "42.012906", D(2000, 5, 19), D(2001, 5, 19),
        "Trưởng phòng Tài nguyên và Môi trường", position="bi_thu",
    ),
    MemberSpec(
        "Nguyễn Thị Hồng Vân", "f", D(1983, 1, 21), "42.024815", D(2008, 12, 22), D(2009, 12, 22),
        "Phó Trưởng phòng Tài nguyên và Môi trường", position="pho_bi_thu",
    ),
    MemberSpec(
        "Lê Minh Quang", "m", D(1984, 7, 2), "42.026270", D(2009, 9, 2), D(2010, 9, 2),
        "Phó Trưởng phòng Tài nguyên và Môi trường",
    ),
    MemberSpec(
        "Trần Thị Diệu Linh", "f", D(1990, 3, 30), "42.038947", D(2015, 5, 19), D(2016, 5, 19),
        "Chuyên viên phụ trách đất đai, Phòng Tài nguyên và Môi trường",
    ),
    MemberSpec(
        "Nguyễn Đình Thắng", "m", D(1988, 12, 25), "42.033860", D(2013, 12, 22), D(2014, 12, 22),
        "Chuyên viên phụ trách môi trường, Phòng Tài nguyên và Môi trường",
    ),
    MemberSpec(
        "Ngô Thị Thanh Tâm", "f", D(1979, 4, 14), "42.016734", D(2004, 9, 2), D(2005, 9, 2),
        "Chuyên viên phụ trách đo đạc, bản đồ, Phòng Tài nguyên và Môi trường",
        exempt_from=D(2022, 4, 1), exempt_to=D(2022, 9, 30),
        exempt_reason="Nghỉ điều trị bệnh dài ngày theo chỉ định của bác sĩ",
    ),
    MemberSpec(
        "Đậu Văn Sáng", "m", D(1986, 8, 1), "42.030642", D(2011, 9, 2), D(2012, 9, 2),
        "Chuyên viên Phòng Tài nguyên và Môi trường",
        attachment="out",
        attachment_place="Lớp Cao cấp lý luận chính trị tập trung, Học viện Chính trị khu vực III",
    ),
    MemberSpec(
        "Lê Quang Huy", "m", D(1997, 10, 5), "42.055412", D(2021, 11, 10), D(2022, 11, 10),
        "Chuyên viên phụ trách khoáng sản, tài nguyên nước, Phòng Tài nguyên và Môi trường",
    ),
)  # fmt: skip

ROSTERS: dict[str, tuple[MemberSpec, ...]] = {
    QLDT: QLDT_ROSTER,
    VP: VP_ROSTER,
    TCKH: TCKH_ROSTER,
    TNMT: TNMT_ROSTER,
}

PASSWORD = "bienban-demo"

# first_name holds the given name (tên), last_name the family and middle names
# (họ và tên đệm); Vietnamese order is last_name + " " + first_name.
ACCOUNTS: tuple[AccountSpec, ...] = (
    AccountSpec(
        "secretary", "Trang", "Nguyễn Thị Thu",
        "Thư ký ghi biên bản, Chi bộ Quản lý đô thị",
        member=(QLDT, "Nguyễn Thị Thu Trang"), grants=(("recorder", QLDT),),
    ),
    AccountSpec(
        "chair", "Hòa", "Tô Thái", "Bí thư, chủ trì, Chi bộ Quản lý đô thị",
        member=(QLDT, "Tô Thái Hòa"), grants=(("chair", QLDT),),
    ),
    AccountSpec(
        "reviewer", "Đức", "Nguyễn Duy",
        "Phó Bí thư Đảng ủy cơ quan, duyệt biên bản các chi bộ trực thuộc",
        grants=(("reviewer", AGENCY),),
    ),
    AccountSpec(
        "member", "Hằng", "Lê Thị Thu", "Đảng viên, Chi bộ Quản lý đô thị",
        member=(QLDT, "Lê Thị Thu Hằng"),
    ),
    AccountSpec(
        "outsider", "Quyên", "Nguyễn Thị Lệ",
        "Thư ký ghi biên bản của chi bộ khác (Chi bộ Tài chính - Kế hoạch)",
        member=(TCKH, "Nguyễn Thị Lệ Quyên"), grants=(("recorder", TCKH),),
    ),
    AccountSpec("admin", "Quản trị", "", "Quản trị hệ thống", superuser=True),
)  # fmt: skip
