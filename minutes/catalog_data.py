"""Seed data for the shortcoming catalogues (plain Python, no Django import).

Two reference catalogues used to tag shortcomings raised in a cell meeting
(domain brief, section 4):

* ``NQ04-2016``: the 27 manifestations of degradation of Nghị quyết 04-NQ/TW
  (30/10/2016), 3 groups of 9 items each;
* ``QD37-2021``: the 19 things party members must not do, Quy định 37-QĐ/TW
  (25/10/2021), one group of 19 articles.

The wording is PARTLY UNCONFIRMED. Each ``text`` is a readable summary sentence
built only from the abridged key terms of the domain brief, not the official
text. ``confidence`` keeps the brief's mark: "C" confirmed, "P" partly
confirmed, "U" unconfirmed. Where the brief gives a mixed mark (QĐ 37 Art. 5:
beginning confirmed, rest partly), the weaker mark is used. For QĐ 37 items
marked "U", the brief knows only the topic, so even the article number is
unsure.

The data migration loads these rows with their stable codes and leaves the
model field ``exact_wording`` empty. Administrators can edit the wording in the
admin and should fill ``exact_wording`` from the official text once it has been
checked; the app then shows that instead of ``text``.

All strings are NFC-normalised Vietnamese.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

CATALOGS: list[dict[str, Any]] = [
    {
        "code": "NQ04-2016",
        "name": "27 biểu hiện suy thoái (Nghị quyết 04-NQ/TW ngày 30/10/2016)",
        "groups": [
            {
                "code": "SD-TT",
                "name": "Suy thoái về tư tưởng chính trị",
                "items": [
                    {
                        "code": "SD-TT-1",
                        "number": 1,
                        "text": (
                            "Phai nhạt lý tưởng; dao động niềm tin vào độc lập dân tộc và "
                            "chủ nghĩa xã hội; hoài nghi chủ nghĩa Mác-Lênin, "
                            "tư tưởng Hồ Chí Minh."
                        ),
                        "gloss_en": (
                            "Fading revolutionary ideals; wavering faith in national "
                            "independence and socialism; doubt about Marxism-Leninism and "
                            "Ho Chi Minh Thought."
                        ),
                        "confidence": "C",
                    },
                    {
                        "code": "SD-TT-2",
                        "number": 2,
                        "text": (
                            "Xa rời tôn chỉ, mục đích của Đảng; không kiên định con đường "
                            "xã hội chủ nghĩa; phụ họa quan điểm sai trái."
                        ),
                        "gloss_en": (
                            "Drifting from the Party's aims; not steadfast on the socialist "
                            "path; echoing wrong views."
                        ),
                        "confidence": "C",
                    },
                    {
                        "code": "SD-TT-3",
                        "number": 3,
                        "text": (
                            "Nhận thức sai về vai trò của lý luận; lười học tập lý luận, "
                            "nghị quyết, pháp luật."
                        ),
                        "gloss_en": (
                            "Underrating theory; lazy about studying theory, Party "
                            "resolutions and State law."
                        ),
                        "confidence": "C",
                    },
                    {
                        "code": "SD-TT-4",
                        "number": 4,
                        "text": (
                            "Không chấp hành nghiêm nguyên tắc tổ chức; sa sút ý chí; "
                            "không gương mẫu; né tránh, thiếu trách nhiệm; "
                            '"trung bình chủ nghĩa"; làm việc qua loa; '
                            "không hết lòng vì nước, vì dân."
                        ),
                        "gloss_en": (
                            "Lax on organisational principles; loss of drive; not exemplary; "
                            "shirking responsibility; mediocrity; perfunctory work; not "
                            "devoted to country and people."
                        ),
                        "confidence": "C",
                    },
                    {
                        "code": "SD-TT-5",
                        "number": 5,
                        "text": (
                            "Nể nang, né tránh trong phê bình; thấy đúng không bảo vệ, "
                            "thấy sai không đấu tranh; xu nịnh, ba phải; lợi dụng phê bình "
                            "để đả kích."
                        ),
                        "gloss_en": (
                            "Avoidance in (self-)criticism; not defending right or fighting "
                            'wrong; flattery, "yes-man" attitude; using criticism to attack '
                            "others."
                        ),
                        "confidence": "P",
                    },
                    {
                        "code": "SD-TT-6",
                        "number": 6,
                        "text": (
                            "Nói không đi đôi với làm; hứa nhiều làm ít; nói trong hội nghị "
                            "khác ngoài hội nghị."
                        ),
                        "gloss_en": (
                            "Words not matching deeds; big promises, little delivery; saying "
                            "different things inside and outside meetings."
                        ),
                        "confidence": "P",
                    },
                    {
                        "code": "SD-TT-7",
                        "number": 7,
                        "text": "Độc đoán, bảo thủ, áp đặt ý kiến cá nhân.",
                        "gloss_en": "Authoritarian, conservative, imposing personal views.",
                        "confidence": "P",
                    },
                    {
                        "code": "SD-TT-8",
                        "number": 8,
                        "text": "Ngại khó, kén chọn vị trí; tranh thủ, vận động phiếu bầu.",
                        "gloss_en": (
                            "Avoiding hard postings, picking comfortable posts; canvassing "
                            "for votes."
                        ),
                        "confidence": "P",
                    },
                    {
                        "code": "SD-TT-9",
                        "number": 9,
                        "text": ("Bổ nhiệm, đưa người thân quen không đủ tiêu chuẩn vào vị trí."),
                        "gloss_en": "Placing relatives or cronies who lack the standards.",
                        "confidence": "P",
                    },
                ],
            },
            {
                "code": "SD-DD",
                "name": "Suy thoái về đạo đức, lối sống",
                "items": [
                    {
                        "code": "SD-DD-1",
                        "number": 1,
                        "text": (
                            "Chủ nghĩa cá nhân, ích kỷ, thực dụng, cơ hội, vụ lợi; "
                            "ham danh lợi, kèn cựa địa vị."
                        ),
                        "gloss_en": (
                            "Individualism, selfishness, pragmatism, opportunism; chasing "
                            "fame and money; jealousy over positions."
                        ),
                        "confidence": "P",
                    },
                    {
                        "code": "SD-DD-2",
                        "number": 2,
                        "text": (
                            "Tranh giành quyền lực; cục bộ, bè phái; gia trưởng, độc đoán "
                            "trong điều hành."
                        ),
                        "gloss_en": (
                            "Power struggles; localism, factions; patriarchal, high-handed "
                            "management."
                        ),
                        "confidence": "P",
                    },
                    {
                        "code": "SD-DD-3",
                        "number": 3,
                        "text": "Kê khai tài sản, thu nhập không trung thực.",
                        "gloss_en": "Dishonest asset and income declarations.",
                        "confidence": "P",
                    },
                    {
                        "code": "SD-DD-4",
                        "number": 4,
                        "text": "Che giấu khuyết điểm; phô trương, thổi phồng thành tích.",
                        "gloss_en": "Hiding faults; showing off, inflating achievements.",
                        "confidence": "P",
                    },
                    {
                        "code": "SD-DD-5",
                        "number": 5,
                        "text": (
                            "Quan liêu, xa dân; thờ ơ, vô cảm, thiếu trách nhiệm trước khó "
                            "khăn, bức xúc, đòi hỏi chính đáng của nhân dân."
                        ),
                        "gloss_en": (
                            "Bureaucracy, remote from the people; indifference to people's "
                            "hardships and legitimate demands."
                        ),
                        "confidence": "C",
                    },
                    {
                        "code": "SD-DD-6",
                        "number": 6,
                        "text": "Lãng phí thời gian, tiền của; gây thất thoát tài sản.",
                        "gloss_en": (
                            "Wasting working time, public money and assets; causing losses."
                        ),
                        "confidence": "P",
                    },
                    {
                        "code": "SD-DD-7",
                        "number": 7,
                        "text": "Tham ô, tham nhũng, lạm dụng chức vụ, quyền hạn.",
                        "gloss_en": "Embezzlement, corruption, abuse of office.",
                        "confidence": "P",
                    },
                    {
                        "code": "SD-DD-8",
                        "number": 8,
                        "text": (
                            "Thao túng công tác cán bộ; chạy chức, chạy quyền vì lợi ích riêng."
                        ),
                        "gloss_en": (
                            'Manipulating personnel work; "running" for posts and power for '
                            "private gain."
                        ),
                        "confidence": "P",
                    },
                    {
                        "code": "SD-DD-9",
                        "number": 9,
                        "text": (
                            "Lối sống sa đọa, bê tha; vi phạm đạo đức gia đình, thuần phong mỹ tục."
                        ),
                        "gloss_en": (
                            "Decadent lifestyle; breaching family ethics and good customs."
                        ),
                        "confidence": "P",
                    },
                ],
            },
            {
                "code": "SD-TDB",
                "name": 'Biểu hiện "tự diễn biến", "tự chuyển hóa" trong nội bộ',
                "items": [
                    {
                        "code": "SD-TDB-1",
                        "number": 1,
                        "text": (
                            "Phản bác, phủ nhận chủ nghĩa Mác-Lênin, tư tưởng Hồ Chí Minh và "
                            "nguyên tắc tập trung dân chủ; đòi đa nguyên, đa đảng."
                        ),
                        "gloss_en": (
                            "Rejecting Marxism-Leninism, Ho Chi Minh Thought and democratic "
                            "centralism; demanding pluralism and multiple parties."
                        ),
                        "confidence": "C",
                    },
                    {
                        "code": "SD-TDB-2",
                        "number": 2,
                        "text": (
                            "Phủ nhận dân chủ xã hội chủ nghĩa, nhà nước pháp quyền xã hội "
                            'chủ nghĩa; đòi "tam quyền phân lập", "xã hội dân sự"; phủ nhận '
                            "kinh tế thị trường định hướng xã hội chủ nghĩa, sở hữu toàn dân "
                            "về đất đai."
                        ),
                        "gloss_en": (
                            "Denying socialist democracy and the socialist rule-of-law "
                            'state; demanding separation of powers and "civil society"; '
                            "denying the socialist-oriented market economy and public land "
                            "ownership."
                        ),
                        "confidence": "C",
                    },
                    {
                        "code": "SD-TDB-3",
                        "number": 3,
                        "text": (
                            "Nói, viết, làm trái đường lối; hạ thấp thành quả cách mạng; "
                            "thổi phồng khuyết điểm; xuyên tạc lịch sử, vu cáo lãnh tụ."
                        ),
                        "gloss_en": (
                            "Saying, writing or doing things against the line; belittling "
                            "revolutionary gains; exaggerating faults; distorting history; "
                            "slandering leaders."
                        ),
                        "confidence": "C",
                    },
                    {
                        "code": "SD-TDB-4",
                        "number": 4,
                        "text": (
                            "Kích động bất mãn, bất đồng, chống đối trong nội bộ; dùng truyền "
                            "thông, mạng xã hội nói xấu, gây chia rẽ."
                        ),
                        "gloss_en": (
                            "Stirring discontent and opposition inside; using media and "
                            "social networks to smear and divide."
                        ),
                        "confidence": "C",
                    },
                    {
                        "code": "SD-TDB-5",
                        "number": 5,
                        "text": (
                            "Phủ nhận sự lãnh đạo tuyệt đối của Đảng đối với lực lượng vũ "
                            'trang; đòi "phi chính trị hóa" quân đội, công an; gây chia rẽ.'
                        ),
                        "gloss_en": (
                            "Denying the Party's absolute leadership of the armed forces; "
                            'demanding "depoliticisation" of army and police; sowing '
                            "division."
                        ),
                        "confidence": "C",
                    },
                    {
                        "code": "SD-TDB-6",
                        "number": 6,
                        "text": (
                            "Móc nối, cấu kết với thế lực thù địch, phản động, phần tử cơ "
                            "hội, bất mãn."
                        ),
                        "gloss_en": (
                            "Colluding with hostile or reactionary forces and disaffected "
                            "opportunists."
                        ),
                        "confidence": "C",
                    },
                    {
                        "code": "SD-TDB-7",
                        "number": 7,
                        "text": "Thông tin sai lệch trong hoạt động đối ngoại, hội nhập.",
                        "gloss_en": "Distorted or harmful information in foreign relations.",
                        "confidence": "P",
                    },
                    {
                        "code": "SD-TDB-8",
                        "number": 8,
                        "text": ("Lôi kéo; sáng tác, quảng bá tác phẩm lệch lạc gây dư luận xấu."),
                        "gloss_en": (
                            "Enticing others; producing or promoting distorted works that "
                            "stir bad opinion."
                        ),
                        "confidence": "P",
                    },
                    {
                        "code": "SD-TDB-9",
                        "number": 9,
                        "text": "Tư tưởng cực đoan, dân tộc hẹp hòi.",
                        "gloss_en": "Extremism, narrow nationalism.",
                        "confidence": "P",
                    },
                ],
            },
        ],
    },
    {
        "code": "QD37-2021",
        "name": "19 điều đảng viên không được làm (Quy định 37-QĐ/TW ngày 25/10/2021)",
        "groups": [
            {
                "code": "QD37",
                "name": "Những điều đảng viên không được làm",
                "items": [
                    {
                        "code": "QD37-01",
                        "number": 1,
                        "text": (
                            "Nói, viết, làm trái hoặc không thực hiện Cương lĩnh, Điều lệ, "
                            "nghị quyết…; làm những việc pháp luật không cho phép."
                        ),
                        "gloss_en": (
                            "Saying, writing or acting against (or not implementing) the "
                            "Platform, Charter and Party decisions; doing what the law "
                            "forbids."
                        ),
                        "confidence": "C",
                    },
                    {
                        "code": "QD37-02",
                        "number": 2,
                        "text": (
                            "Không chấp hành nguyên tắc tổ chức, hoạt động của Đảng; tự ứng "
                            "cử, nhận đề cử, đề cử khi chưa được tổ chức đảng cho phép."
                        ),
                        "gloss_en": (
                            "Breaching Party organisational principles; self-nominating or "
                            "accepting or making nominations without Party approval."
                        ),
                        "confidence": "C",
                    },
                    {
                        "code": "QD37-03",
                        "number": 3,
                        "text": (
                            "Phản bác, phủ nhận, xuyên tạc chủ nghĩa Mác-Lênin, tư tưởng Hồ "
                            "Chí Minh; không nêu gương; chủ nghĩa cá nhân, cơ hội, vụ lợi; "
                            '"tư duy nhiệm kỳ"; đoàn kết xuôi chiều, dân chủ hình thức; '
                            "thấy đúng không bảo vệ, thấy sai không đấu tranh; độc đoán, "
                            "chuyên quyền, quan liêu, xa rời quần chúng."
                        ),
                        "gloss_en": (
                            "Rejecting Marxism-Leninism and Ho Chi Minh Thought; not setting "
                            "an example; individualism, opportunism, self-interest; "
                            '"term-of-office thinking"; false unity, formal democracy; not '
                            "defending right or fighting wrong; autocracy, bureaucracy, "
                            "distance from the masses."
                        ),
                        "confidence": "C",
                    },
                    {
                        "code": "QD37-04",
                        "number": 4,
                        "text": (
                            "Cung cấp, để lộ, làm mất, viết bài, đăng tải thông tin, tài liệu "
                            "bí mật hoặc chưa được phép công bố; lưu giữ, tuyên truyền, phát "
                            "tán, xúi giục phát tán thông tin trái đường lối."
                        ),
                        "gloss_en": (
                            "Leaking, losing or publishing secret or unreleased information; "
                            "storing, spreading or inciting the spread of material against "
                            "the line."
                        ),
                        "confidence": "C",
                    },
                    {
                        "code": "QD37-05",
                        "number": 5,
                        "text": (
                            "Viết bài hoặc cung cấp tài liệu cho người khác viết, nói, đăng, "
                            "phát thông tin sai sự thật, vu cáo, bịa đặt…"
                        ),
                        "gloss_en": (
                            "Writing, or feeding others material for, false, slanderous or "
                            "fabricated publications."
                        ),
                        # Brief: beginning confirmed, rest partly confirmed.
                        "confidence": "P",
                    },
                    {
                        "code": "QD37-06",
                        "number": 6,
                        "text": (
                            "Bè phái, chia rẽ, cục bộ, gây mất đoàn kết; lợi dụng góp ý để "
                            "đả kích, xúc phạm."
                        ),
                        "gloss_en": (
                            'Factionalism, division, localism, disunity; abusing "feedback" '
                            "to attack others."
                        ),
                        "confidence": "P",
                    },
                    {
                        "code": "QD37-07",
                        "number": 7,
                        "text": (
                            "Tổ chức, tham gia hội, nhóm trái quy định; mít tinh, biểu tình, "
                            "tụ tập đông người trái pháp luật."
                        ),
                        "gloss_en": (
                            "Organising or joining unlawful associations, demonstrations or "
                            "gatherings."
                        ),
                        "confidence": "P",
                    },
                    {
                        "code": "QD37-08",
                        "number": 8,
                        "text": (
                            "Tố cáo nặc danh, mạo danh, sai sự thật; xúi giục khiếu nại, tố "
                            "cáo; trù dập người tố cáo, phê bình."
                        ),
                        "gloss_en": (
                            "Anonymous, impersonated or false denunciations; inciting "
                            "complaints; retaliating against whistle-blowers or critics."
                        ),
                        "confidence": "P",
                    },
                    {
                        "code": "QD37-09",
                        "number": 9,
                        "text": (
                            "Báo cáo, kê khai lý lịch, tài sản, thu nhập không trung thực; "
                            "dùng văn bằng, chứng chỉ giả, không hợp pháp; xin quốc tịch "
                            "nước ngoài, chuyển tiền, tài sản, mở tài khoản, mua bán tài sản "
                            "ở nước ngoài trái quy định."
                        ),
                        "gloss_en": (
                            "Dishonest reports or declarations (history, assets, income); "
                            "fake or illegal diplomas; seeking foreign nationality or moving "
                            "money and assets abroad against the rules."
                        ),
                        "confidence": "C",
                    },
                    {
                        "code": "QD37-10",
                        "number": 10,
                        "text": (
                            "Chạy chức, chạy quyền; can thiệp, tác động vào công tác cán bộ; "
                            "không chấp hành phân công."
                        ),
                        "gloss_en": (
                            "Buying or chasing posts; interfering in personnel work; refusing "
                            "assignments."
                        ),
                        # Brief: topic only; article number and wording unconfirmed.
                        "confidence": "U",
                    },
                    {
                        "code": "QD37-11",
                        "number": 11,
                        "text": (
                            "Lợi dụng chức vụ để trục lợi, vì lợi ích nhóm; để người thân "
                            "lợi dụng ảnh hưởng."
                        ),
                        "gloss_en": (
                            "Using office for private or group gain; letting relatives trade "
                            "on one's influence."
                        ),
                        "confidence": "U",
                    },
                    {
                        "code": "QD37-12",
                        "number": 12,
                        "text": (
                            "Cố ý làm trái; gây thất thoát, lãng phí tài sản công; sử dụng "
                            "tài sản công trái phép."
                        ),
                        "gloss_en": "Deliberate wrongdoing; waste or loss of public assets.",
                        "confidence": "U",
                    },
                    {
                        "code": "QD37-13",
                        "number": 13,
                        "text": (
                            "Can thiệp, tác động vào việc kiểm tra, giám sát, thanh tra, kiểm "
                            "toán, điều tra, truy tố, xét xử, thi hành án, đặc xá, giải quyết "
                            "khiếu nại, tố cáo để bao che; ép buộc, mua chuộc để giảm trách "
                            "nhiệm, hình phạt cho người khác."
                        ),
                        "gloss_en": (
                            "Interfering in inspections, audits, investigations, prosecution, "
                            "trials, enforcement, amnesty or complaint handling to shield "
                            "wrongdoing; pressuring or bribing to lighten others' liability."
                        ),
                        "confidence": "C",
                    },
                    {
                        "code": "QD37-14",
                        "number": 14,
                        "text": (
                            "Tham nhũng, hối lộ: đưa, nhận, môi giới hối lộ; nhận quà biếu "
                            "để trục lợi."
                        ),
                        "gloss_en": (
                            "Corruption and bribery (giving, taking, brokering); gifts for favours."
                        ),
                        "confidence": "P",
                    },
                    {
                        "code": "QD37-15",
                        "number": 15,
                        "text": (
                            "Kinh doanh ngành nghề pháp luật cấm; thành lập, quản lý doanh "
                            "nghiệp trái quy định đối với người đang là cán bộ, công chức."
                        ),
                        "gloss_en": (
                            "Prohibited business; running firms where the law bars officials "
                            "from doing so."
                        ),
                        "confidence": "U",
                    },
                    {
                        "code": "QD37-16",
                        "number": 16,
                        "text": ("Vi phạm quy định về hôn nhân, gia đình, bình đẳng giới, dân số."),
                        "gloss_en": (
                            "Breaching rules on marriage, family, gender equality, population."
                        ),
                        "confidence": "U",
                    },
                    {
                        "code": "QD37-17",
                        "number": 17,
                        "text": (
                            "Tổ chức cưới, tang, lễ, tết, sinh nhật, mừng thọ, tân gia, lên "
                            "chức… xa hoa, lãng phí, vụ lợi."
                        ),
                        "gloss_en": "Lavish or self-serving weddings, funerals, celebrations.",
                        "confidence": "U",
                    },
                    {
                        "code": "QD37-18",
                        "number": 18,
                        "text": (
                            "Đánh bạc, ma túy, mại dâm, tệ nạn xã hội; vi phạm thuần phong mỹ tục."
                        ),
                        "gloss_en": "Gambling, drugs, prostitution, other social vices.",
                        "confidence": "U",
                    },
                    {
                        "code": "QD37-19",
                        "number": 19,
                        "text": (
                            "Mê tín, hoạt động mê tín; ủng hộ, tham gia tôn giáo bất hợp "
                            "pháp; lợi dụng tôn giáo, tín ngưỡng để trục lợi."
                        ),
                        "gloss_en": (
                            "Superstition; supporting or joining illegal religious groups; "
                            "exploiting religion or belief for gain."
                        ),
                        "confidence": "C",
                    },
                ],
            },
        ],
    },
]


def iter_items() -> Iterator[tuple[str, str, str, str, dict[str, Any]]]:
    """Yield (catalog_code, catalog_name, group_code, group_name, item) in order.

    ``item`` is a shallow copy, so a caller may change it without touching
    ``CATALOGS``.
    """
    for catalog in CATALOGS:
        for group in catalog["groups"]:
            for item in group["items"]:
                yield catalog["code"], catalog["name"], group["code"], group["name"], dict(item)
