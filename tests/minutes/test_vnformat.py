"""Unit tests for minutes.vnformat (Vietnamese formatting conventions, domain.md §1.4, §6)."""

import ast
import unicodedata
from datetime import date, datetime, time
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from minutes import vnformat as vn

NFD_HOA = unicodedata.normalize("NFD", "Hòa")
NFC_HOA = unicodedata.normalize("NFC", "Hòa")


def test_nfd_fixture_really_differs_from_nfc():
    # Guards the NFC/NFD tests below: they are meaningless if the inputs are equal.
    assert NFD_HOA != NFC_HOA
    assert len(NFD_HOA) == 4
    assert len(NFC_HOA) == 3


def test_module_does_not_import_django():
    source = Path(vn.__file__).read_text(encoding="utf-8")
    imported: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert "django" not in imported
    allowed = {
        "__future__",
        "math",
        "re",
        "typing",
        "unicodedata",
        "datetime",
        "decimal",
        "fractions",
    }
    assert imported <= allowed


def test_all_lists_only_existing_public_names():
    for name in vn.__all__:
        assert hasattr(vn, name), name
        assert not name.startswith("_")


# --- nfc


def test_nfc_composes_decomposed_text():
    assert vn.nfc(NFD_HOA) == NFC_HOA
    assert len(vn.nfc(NFD_HOA)) == 3


@pytest.mark.parametrize(
    "text",
    ["Tô Thái Hòa", "Đảng ủy xã Đông Tiến", "Chi bộ Quản lý đô thị", "Tự soi, tự sửa"],
)
def test_nfc_nfd_and_nfc_inputs_agree(text):
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    assert vn.nfc(decomposed) == vn.nfc(text) == text


def test_nfc_keeps_surrounding_whitespace():
    assert vn.nfc("  Hà Tĩnh \n") == "  Hà Tĩnh \n"


def test_nfc_result_is_nfc():
    assert unicodedata.is_normalized("NFC", vn.nfc("Nguye\u0302\u0303n Va\u0306n Đu\u031b\u0301c"))
    assert vn.nfc("Nguye\u0302\u0303n") == "Nguyễn"


# --- fold


@pytest.mark.parametrize(
    "text",
    [
        "Tô Thái Hòa",
        "To Thai Hoa",
        "TÔ THÁI HÒA",
        "Tô Thái Hoà",  # old-style tone placement
        f"Tô Thái {NFD_HOA}",
        unicodedata.normalize("NFD", "Tô Thái Hòa"),
        "  Tô   Thái\tHòa \n",
        "to thai hoa",
    ],
)
def test_fold_equivalent_spellings(text):
    assert vn.fold(text) == "to thai hoa"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đảng ủy xã Đông Tiến", "dang uy xa dong tien"),
        ("ĐẢNG ỦY", "dang uy"),
        ("đ", "d"),
        ("Đ", "d"),
        ("Nguyễn Văn Đức", "nguyen van duc"),
        ("ư ơ ă â ê ô", "u o a a e o"),
        ("Bí thư Chi bộ", "bi thu chi bo"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_fold_examples(text, expected):
    assert vn.fold(text) == expected


def test_fold_tu_soi_tu_sua_contains_search_term():
    folded = vn.fold("Tự soi, tự sửa")
    assert folded == "tu soi, tu sua"
    assert "tu soi" in folded
    assert vn.fold("tu sua") in folded


def test_fold_has_no_combining_marks_and_no_d_stroke():
    folded = vn.fold("Hội nghị Ban Chấp hành Đảng bộ lần thứ tư, Đông Tiến")
    assert not any(unicodedata.combining(ch) for ch in folded)
    assert "đ" not in folded
    assert "Đ" not in folded
    assert folded.isascii()


# --- upper


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chi bộ Quản lý đô thị", "CHI BỘ QUẢN LÝ ĐÔ THỊ"),
        ("Đảng ủy xã Đông Tiến", "ĐẢNG ỦY XÃ ĐÔNG TIẾN"),
        ("đảng cộng sản việt nam", "ĐẢNG CỘNG SẢN VIỆT NAM"),
        ("biên bản", "BIÊN BẢN"),
        ("đ", "Đ"),
        ("ư ơ ă", "Ư Ơ Ă"),
        ("Tô Thái Hòa", "TÔ THÁI HÒA"),
        ("đã ĐÃ", "ĐÃ ĐÃ"),
        ("", ""),
    ],
)
def test_upper_examples(text, expected):
    assert vn.upper(text) == expected


def test_upper_d_stroke_is_not_plain_d():
    assert vn.upper("đô thị")[0] == "\u0110"  # LATIN CAPITAL LETTER D WITH STROKE
    assert not vn.upper("đô thị").startswith("D")


@pytest.mark.parametrize("text", ["Đảng ủy xã Đông Tiến", "Tô Thái Hòa", "Chi bộ Quản lý đô thị"])
def test_upper_nfd_input_gives_nfc_output(text):
    result = vn.upper(unicodedata.normalize("NFD", text))
    assert result == vn.upper(text)
    assert unicodedata.is_normalized("NFC", result)


def test_upper_nfd_hoa_is_composed():
    assert vn.upper(NFD_HOA) == "HÒA"
    assert len(vn.upper(NFD_HOA)) == 3


# --- day_str / month_str


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "01"), (3, "03"), (9, "09"), (10, "10"), (20, "20"), (21, "21"), (31, "31")],
)
def test_day_str(n, expected):
    assert vn.day_str(n) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "01"),
        (2, "02"),
        (3, "3"),
        (4, "4"),
        (6, "6"),
        (9, "9"),
        (10, "10"),
        (11, "11"),
        (12, "12"),
    ],
)
def test_month_str(n, expected):
    assert vn.month_str(n) == expected


@pytest.mark.parametrize("n", [0, 32, -1])
def test_day_str_out_of_range(n):
    with pytest.raises(ValueError):
        vn.day_str(n)


@pytest.mark.parametrize("n", [0, 13, -2])
def test_month_str_out_of_range(n):
    with pytest.raises(ValueError):
        vn.month_str(n)


@pytest.mark.parametrize("func", [vn.day_str, vn.month_str])
@pytest.mark.parametrize("value", ["3", 3.0, True])
def test_day_month_reject_non_int(func, value):
    with pytest.raises(TypeError):
        func(value)


# --- date_line / place_date_line / short_date


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2018, 4, 3), "ngày 03 tháng 4 năm 2018"),
        (date(2018, 2, 20), "ngày 20 tháng 02 năm 2018"),
        (date(2022, 6, 21), "ngày 21 tháng 6 năm 2022"),
        (date(2024, 1, 1), "ngày 01 tháng 01 năm 2024"),
        (date(2021, 10, 25), "ngày 25 tháng 10 năm 2021"),
        (date(2023, 12, 9), "ngày 09 tháng 12 năm 2023"),
        (date(2025, 11, 30), "ngày 30 tháng 11 năm 2025"),
        (date(2025, 3, 10), "ngày 10 tháng 3 năm 2025"),
    ],
)
def test_date_line(d, expected):
    assert vn.date_line(d) == expected


def test_date_line_accepts_datetime():
    assert vn.date_line(datetime(2022, 6, 21, 19, 30)) == "ngày 21 tháng 6 năm 2022"


@pytest.mark.parametrize(
    ("place", "d", "expected"),
    [
        ("Hà Tĩnh", date(2022, 6, 21), "Hà Tĩnh, ngày 21 tháng 6 năm 2022"),
        ("Hà Nội", date(2018, 4, 3), "Hà Nội, ngày 03 tháng 4 năm 2018"),
        ("Hạ Long", date(2018, 2, 20), "Hạ Long, ngày 20 tháng 02 năm 2018"),
        ("  Đông Tiến ", date(2024, 1, 5), "Đông Tiến, ngày 05 tháng 01 năm 2024"),
    ],
)
def test_place_date_line(place, d, expected):
    assert vn.place_date_line(place, d) == expected


def test_place_date_line_normalises_place():
    result = vn.place_date_line(unicodedata.normalize("NFD", "Hà Tĩnh"), date(2022, 6, 21))
    assert result == "Hà Tĩnh, ngày 21 tháng 6 năm 2022"
    assert unicodedata.is_normalized("NFC", result)


@pytest.mark.parametrize("place", ["", "   ", "\n"])
def test_place_date_line_blank_place(place):
    with pytest.raises(ValueError):
        vn.place_date_line(place, date(2022, 6, 21))


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2022, 6, 21), "21/6/2022"),
        (date(2018, 4, 3), "03/4/2018"),
        (date(2018, 2, 20), "20/02/2018"),
        (date(2021, 10, 25), "25/10/2021"),
        (date(2024, 1, 9), "09/01/2024"),
    ],
)
def test_short_date(d, expected):
    assert vn.short_date(d) == expected


def test_short_date_hyphen_party_style():
    assert vn.short_date(date(1997, 10, 1), sep="-") == "01-10-1997"
    assert vn.short_date(date(2018, 2, 20), sep="-") == "20-02-2018"


@pytest.mark.parametrize(
    "d",
    [date(2018, 4, 3), date(2018, 2, 20), date(2022, 6, 21), date(2024, 1, 1), date(2023, 12, 31)],
)
def test_short_date_agrees_with_date_line(d):
    day, month, year = vn.short_date(d).split("/")
    assert vn.date_line(d) == f"ngày {day} tháng {month} năm {year}"


# --- time_words / duration_words


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (time(19, 30), "19 giờ 30 phút"),
        (time(8, 0), "8 giờ 00 phút"),
        (time(21, 30), "21 giờ 30 phút"),
        (time(7, 5), "7 giờ 05 phút"),
        (time(0, 0), "0 giờ 00 phút"),
        (time(14, 45, 59), "14 giờ 45 phút"),
        (time(23, 59), "23 giờ 59 phút"),
    ],
)
def test_time_words(t, expected):
    assert vn.time_words(t) == expected


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (150, "2 giờ 30 phút"),
        (45, "45 phút"),
        (0, "0 phút"),
        (59, "59 phút"),
        (60, "1 giờ"),
        (120, "2 giờ"),
        (65, "1 giờ 5 phút"),
        (90, "1 giờ 30 phút"),
        (61, "1 giờ 1 phút"),
    ],
)
def test_duration_words(minutes, expected):
    assert vn.duration_words(minutes) == expected


def test_duration_words_negative():
    with pytest.raises(ValueError):
        vn.duration_words(-1)


# --- number_words


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "không"),
        (1, "một"),
        (4, "bốn"),
        (5, "năm"),
        (7, "bảy"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (19, "mười chín"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (24, "hai mươi bốn"),
        (25, "hai mươi lăm"),
        (30, "ba mươi"),
        (31, "ba mươi mốt"),
        (55, "năm mươi lăm"),
        (91, "chín mươi mốt"),
        (99, "chín mươi chín"),
        (100, "một trăm"),
        (101, "một trăm linh một"),
        (104, "một trăm linh bốn"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (111, "một trăm mười một"),
        (115, "một trăm mười lăm"),
        (121, "một trăm hai mươi mốt"),
        (125, "một trăm hai mươi lăm"),
        (200, "hai trăm"),
        (305, "ba trăm linh năm"),
        (999, "chín trăm chín mươi chín"),
    ],
)
def test_number_words(n, expected):
    assert vn.number_words(n) == expected


def test_number_words_mot_only_after_muoi_and_lam_only_after_ten():
    for n in range(0, 1000):
        words = vn.number_words(n).split()
        for i, word in enumerate(words):
            if word == "mốt":
                assert i > 0 and words[i - 1] == "mươi", n
            if word == "lăm":
                assert i > 0 and words[i - 1] in {"mười", "mươi"}, n
        if n % 10 == 1 and (n % 100) // 10 >= 2:
            assert words[-1] == "mốt", n
        if n % 10 == 5 and (n % 100) // 10 >= 1:
            assert words[-1] == "lăm", n
        assert "tư" not in words, n


@pytest.mark.parametrize("n", [-1, 1000, 10**6])
def test_number_words_out_of_range(n):
    with pytest.raises(ValueError):
        vn.number_words(n)


# --- ordinal_la / ordinal_thu


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "Một là"),
        (2, "Hai là"),
        (3, "Ba là"),
        (4, "Bốn là"),
        (5, "Năm là"),
        (6, "Sáu là"),
        (7, "Bảy là"),
        (8, "Tám là"),
        (9, "Chín là"),
        (10, "Mười là"),
        (11, "Mười một là"),
        (12, "Mười hai là"),
        (14, "Mười bốn là"),
        (15, "Mười lăm là"),
        (20, "Hai mươi là"),
        (21, "Hai mươi mốt là"),
        (25, "Hai mươi lăm là"),
    ],
)
def test_ordinal_la(n, expected):
    assert vn.ordinal_la(n) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "Thứ nhất"),
        (2, "Thứ hai"),
        (3, "Thứ ba"),
        (4, "Thứ tư"),
        (5, "Thứ năm"),
        (6, "Thứ sáu"),
        (7, "Thứ bảy"),
        (8, "Thứ tám"),
        (9, "Thứ chín"),
        (10, "Thứ mười"),
        (11, "Thứ mười một"),
        (12, "Thứ mười hai"),
        (14, "Thứ mười bốn"),
        (15, "Thứ mười lăm"),
        (20, "Thứ hai mươi"),
        (21, "Thứ hai mươi mốt"),
        (24, "Thứ hai mươi bốn"),
    ],
)
def test_ordinal_thu(n, expected):
    assert vn.ordinal_thu(n) == expected


@pytest.mark.parametrize("func", [vn.ordinal_la, vn.ordinal_thu])
@pytest.mark.parametrize("n", [0, -1, -15])
def test_ordinals_reject_n_below_one(func, n):
    with pytest.raises(ValueError):
        func(n)


# --- decimal


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Fraction(1400, 15), 2, "93,33"),
        (Decimal("91.55"), 2, "91,55"),
        (10950, 0, "10.950"),
        (Decimal("1234.5"), 2, "1.234,50"),
        (Decimal("6.7"), 1, "6,7"),
        (Decimal("19.1"), 1, "19,1"),
        (0, 2, "0,00"),
        (Decimal("0.5"), 0, "1"),
        (Decimal("1.5"), 0, "2"),
        (Decimal("2.5"), 0, "3"),  # half up, not banker's rounding
        (Decimal("0.125"), 2, "0,13"),
        (Decimal("0.005"), 2, "0,01"),
        (Decimal("0.004"), 2, "0,00"),
        (Fraction(200, 3), 2, "66,67"),
        (Fraction(1, 3), 3, "0,333"),
        (2.675, 2, "2,68"),  # float taken at its repr, then half up
        (1.005, 2, "1,01"),
        (0.1, 2, "0,10"),
        (1234567.891, 2, "1.234.567,89"),
        (999, 0, "999"),
        (1000, 0, "1.000"),
        (Decimal("999.995"), 2, "1.000,00"),
        (123456, 0, "123.456"),
        (1234567, 0, "1.234.567"),
        (Decimal("-1234.5"), 2, "-1.234,50"),
        (Decimal("-2.5"), 0, "-3"),  # half away from zero
        (Decimal("-0.001"), 2, "0,00"),  # no negative zero
        (Decimal("12.345"), 2, "12,35"),
        (Decimal("12.344"), 2, "12,34"),
    ],
)
def test_decimal(value, places, expected):
    assert vn.decimal(value, places) == expected


def test_decimal_default_places_is_two():
    assert vn.decimal(Decimal(3)) == "3,00"


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), float("nan"), float("inf")])
def test_decimal_non_finite(value):
    with pytest.raises(ValueError):
        vn.decimal(value)


def test_decimal_negative_places():
    with pytest.raises(ValueError):
        vn.decimal(Decimal(1), -1)


@pytest.mark.parametrize("value", ["1.5", True, None])
def test_decimal_rejects_non_numbers(value):
    with pytest.raises(TypeError):
        vn.decimal(value)


# --- percent


@pytest.mark.parametrize(
    ("num", "den", "expected"),
    [
        (14, 15, "93,33%"),
        (444, 447, "99,33%"),
        (2, 3, "66,67%"),  # half up at the last place
        (1, 3, "33,33%"),
        (1, 1, "100%"),
        (15, 15, "100%"),
        (0, 15, "0%"),
        (1, 2, "50%"),
        (3, 4, "75%"),
        (1, 8, "12,50%"),
        (1, 200, "0,50%"),
        (1, 200000, "0,00%"),  # rounded, not exact: keeps decimals
        (199999, 200000, "100,00%"),
        (7, 6, "116,67%"),
        (100, 1, "10.000%"),
    ],
)
def test_percent(num, den, expected):
    assert vn.percent(num, den) == expected


def test_percent_91_55_from_sources():
    # "444/447 … (chiếm 91,55%)" is a share of a larger body; 91,55% itself:
    assert vn.percent(9155, 10000) == "91,55%"
    assert vn.percent(1831, 2000) == "91,55%"


@pytest.mark.parametrize(
    ("num", "den", "places", "expected"),
    [
        (2, 3, 0, "67%"),
        (2, 3, 1, "66,7%"),
        (2, 3, 3, "66,667%"),
        (1, 6, 1, "16,7%"),
        (1, 8, 0, "13%"),  # 12.5 half up
        (1, 1, 3, "100%"),
    ],
)
def test_percent_places(num, den, places, expected):
    assert vn.percent(num, den, places) == expected


def test_percent_has_no_space_before_sign():
    result = vn.percent(14, 15)
    assert " " not in result
    assert result.endswith("%")


@pytest.mark.parametrize(("num", "den"), [(1, 0), (0, 0), (1, -3), (-1, 3)])
def test_percent_invalid(num, den):
    with pytest.raises(ValueError):
        vn.percent(num, den)


# --- vote_phrase


@pytest.mark.parametrize(
    ("votes_for", "den", "expected"),
    [
        (14, 15, "14/15 đồng chí tán thành, đạt 93,33%"),
        (15, 15, "15/15 đồng chí tán thành, đạt 100%"),
        (2, 3, "2/3 đồng chí tán thành, đạt 66,67%"),
        (0, 7, "0/7 đồng chí tán thành, đạt 0%"),
        (444, 447, "444/447 đồng chí tán thành, đạt 99,33%"),
    ],
)
def test_vote_phrase(votes_for, den, expected):
    assert vn.vote_phrase(votes_for, den) == expected


@pytest.mark.parametrize(("votes_for", "den"), [(16, 15), (1, 0), (0, 0), (-1, 5)])
def test_vote_phrase_invalid(votes_for, den):
    with pytest.raises(ValueError):
        vn.vote_phrase(votes_for, den)


# --- lettered


def test_lettered_full_sequence():
    letters = [vn.lettered(n) for n in range(1, 24)]
    assert " ".join(letters) == "a b c d đ e g h i k l m n o p q r s t u v x y"


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "a"), (4, "d"), (5, "đ"), (6, "e"), (7, "g"), (10, "k"), (22, "x"), (23, "y")],
)
def test_lettered_examples(n, expected):
    assert vn.lettered(n) == expected


def test_lettered_skips_foreign_letters():
    letters = {vn.lettered(n) for n in range(1, 24)}
    assert letters.isdisjoint({"f", "j", "w", "z"})
    assert len(letters) == 23


@pytest.mark.parametrize("n", [0, -1, 24, 26])
def test_lettered_out_of_range(n):
    with pytest.raises(ValueError):
        vn.lettered(n)


# --- roman


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "I"),
        (2, "II"),
        (3, "III"),
        (4, "IV"),
        (5, "V"),
        (6, "VI"),
        (9, "IX"),
        (10, "X"),
        (14, "XIV"),
        (40, "XL"),
        (49, "XLIX"),
        (90, "XC"),
        (400, "CD"),
        (1994, "MCMXCIV"),
        (2022, "MMXXII"),
        (3999, "MMMCMXCIX"),
    ],
)
def test_roman(n, expected):
    assert vn.roman(n) == expected


@pytest.mark.parametrize("n", [0, -1, 4000])
def test_roman_out_of_range(n):
    with pytest.raises(ValueError):
        vn.roman(n)


# --- document_number


@pytest.mark.parametrize(
    ("number", "type_code", "issuer", "expected"),
    [
        (5, "BB", "CB", "Số 05-BB/CB"),
        (1, "BC", "CB", "Số 01-BC/CB"),
        (9, "BB", "CB", "Số 09-BB/CB"),
        (10, "BB", "CB", "Số 10-BB/CB"),
        (127, "QĐ", "TW", "Số 127-QĐ/TW"),
        (36, "HD", "VPTW", "Số 36-HD/VPTW"),
        (3, "NQ", "ĐU", "Số 03-NQ/ĐU"),
        (None, "BB", "CB", "Số -BB/CB"),
        (7, " BB ", " CB", "Số 07-BB/CB"),
    ],
)
def test_document_number(number, type_code, issuer, expected):
    assert vn.document_number(number, type_code, issuer) == expected


def test_document_number_has_no_colon():
    assert ":" not in vn.document_number(5, "BB", "CB")
    assert ":" not in vn.document_number(None, "BB", "CB")


def test_document_number_normalises_codes():
    result = vn.document_number(2, unicodedata.normalize("NFD", "QĐ"), "ĐU")
    assert result == "Số 02-QĐ/ĐU"
    assert unicodedata.is_normalized("NFC", result)


@pytest.mark.parametrize(
    ("number", "type_code", "issuer"),
    [(0, "BB", "CB"), (-5, "BB", "CB"), (5, "", "CB"), (5, "BB", "  "), (None, " ", "CB")],
)
def test_document_number_invalid(number, type_code, issuer):
    with pytest.raises(ValueError):
        vn.document_number(number, type_code, issuer)


def test_document_number_rejects_non_int_number():
    with pytest.raises(TypeError):
        vn.document_number("05", "BB", "CB")  # type: ignore[arg-type]
