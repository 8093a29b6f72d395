"""Vietnamese formatting conventions for official Party documents.

This is the single place that knows how dates, times, counts, percentages,
ordinal words, item letters and document numbers are written in a biên bản
(see ``/work/shared/domain.md`` §1.4 and §6). Everything here is pure Python:
no Django, no locale settings, no I/O. Every function returns NFC text.

Rules and the choices made where the sources leave room:

* Dates: ``ngày DD tháng M năm YYYY``; leading zero for days 1-9 and for
  months 1 and 2 only (NĐ 30/2020, matching the 36-HD/VPTW examples).
* Short body-text dates: ``DD/M/YYYY`` with the same leading-zero rule
  ("03/4/2018", "20/02/2018", "21/6/2022"); a ``sep`` argument allows the
  hyphenated Party style ("01-10-1997").
* Times: 24-hour clock in words, ``19 giờ 30 phút``; hour unpadded, minutes two
  digits.
* Numbers: decimal comma, thousands dot ("1.234,50", "10.950"); rounding is
  half up (away from zero) on exact arithmetic.
* Percentages: no space before "%"; an exact integer is shown without decimals
  ("100%", "0%"), anything else with ``places`` decimals ("93,33%", "12,50%").
* Document numbers: ``Số 05-BB/CB`` (no colon, leading zero below 10); an
  unnumbered document gives ``Số -BB/CB``.
* Durations: ``2 giờ 30 phút`` / ``45 phút`` / ``2 giờ``.
* Unbreakable runs: document symbols ("03-HD/Th.U", "126-KH/ĐUCQ",
  "30/2020/NĐ-CP") and day/month/year dates ("21/6/2022", "01-10-1997") are
  marked by :func:`unbreakable_segments` so that no renderer splits them across
  lines. Dates in words and counts ("15/15") are left to ordinary line breaking.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, time
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

__all__ = [
    "LETTERS",
    "Segment",
    "date_line",
    "day_str",
    "decimal",
    "document_number",
    "duration_words",
    "fold",
    "lettered",
    "month_str",
    "nfc",
    "number_words",
    "ordinal_la",
    "ordinal_thu",
    "percent",
    "place_date_line",
    "roman",
    "short_date",
    "time_words",
    "unbreakable_segments",
    "upper",
    "vote_phrase",
]

#: Item letters: the Vietnamese alphabet without f, j, w, z (domain.md §6.3).
LETTERS: tuple[str, ...] = (
    "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m",
    "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y",
)  # fmt: skip

_DIGITS: tuple[str, ...] = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")

_NUMBER_WORDS_MAX = 999
_ROMAN_MAX = 3999
_ROMAN_TABLE: tuple[tuple[int, str], ...] = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def _require_int(value: object, name: str) -> int:
    """Reject non-integers (including bool, which is an int subclass but never a count)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    return value


# --- text


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC.

    Vietnamese can be typed precomposed ("ò" U+00F2) or decomposed ("o" + U+0300);
    the two look the same but compare unequal. Text is stored and rendered in NFC
    (TCVN 6909:2001 is Unicode; domain.md §6.5). Only normalises: whitespace is kept.
    """
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Return an accent-insensitive, case-insensitive search key for ``text``.

    Decomposes (NFD), drops every combining mark (tones and the circumflex, breve
    and horn), maps đ/Đ to d (đ has no decomposition), casefolds and collapses runs
    of whitespace to one space (stripping the ends). Users often search without
    diacritics, so "Tô Thái Hòa", "To Thai Hoa", "TÔ THÁI HOÀ" and the NFD
    spelling all give "to thai hoa". Punctuation is kept. Not for display.
    """
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = bare.replace("đ", "d").replace("Đ", "D")
    return " ".join(bare.casefold().split())


def upper(text: str) -> str:
    """Upper-case Vietnamese text, keeping every diacritic; the result is NFC.

    Headers and titles are in capitals ("ĐẢNG ỦY XÃ ĐÔNG TIẾN", domain.md §6.5).
    đ must become Đ (not D) and tone marks must survive, also for NFD input, so
    the text is normalised before and after the case mapping.
    """
    return nfc(nfc(text).upper())


# --- dates and times


def day_str(n: int) -> str:
    """Day of month for a date line: two digits for 1-9 ("03"), else as is ("21").

    The leading zero (NĐ 30/2020, 36-HD examples "ngày 03") stops a digit from
    being added in front of a single-digit day after signing.
    """
    _require_int(n, "day")
    if not 1 <= n <= 31:
        raise ValueError(f"day must be 1..31, got {n}")
    return f"{n:02d}"


def month_str(n: int) -> str:
    """Month for a date line: leading zero for months 1 and 2 only ("01", "02", "4", "12").

    Only "1" and "2" could be turned into a valid later month by prefixing a
    digit ("11", "12"), hence the rule of NĐ 30/2020 and the 36-HD example
    "tháng 02"; months 3-12 are written without a zero ("tháng 4").
    """
    _require_int(n, "month")
    if not 1 <= n <= 12:
        raise ValueError(f"month must be 1..12, got {n}")
    return f"{n:02d}" if n <= 2 else str(n)


def date_line(d: date) -> str:
    """Date in words for headers and body: "ngày 21 tháng 6 năm 2022".

    Uses :func:`day_str` and :func:`month_str` for the leading-zero rule
    ("ngày 03 tháng 4 năm 2018", "ngày 20 tháng 02 năm 2018"). Month names are
    always numbers, never words (domain.md §6.1).
    """
    return f"ngày {day_str(d.day)} tháng {month_str(d.month)} năm {d.year}"


def place_date_line(place: str, d: date) -> str:
    """Place-and-date line of the header: "Hà Tĩnh, ngày 21 tháng 6 năm 2022".

    ``place`` is the official name of the administrative unit (domain.md §6.1);
    it is stripped and NFC-normalised. A blank place raises ValueError, because a
    line starting with ", ngày" is malformed.
    """
    name = nfc(place).strip()
    if not name:
        raise ValueError("place must not be blank")
    return f"{name}, {date_line(d)}"


def short_date(d: date, sep: str = "/") -> str:
    """Compact date for body text: "21/6/2022", "03/4/2018", "20/02/2018".

    Format DD/M/YYYY with the same leading-zero rule as :func:`date_line` (zero
    for days 1-9 and months 1-2), so the two styles never disagree. State texts
    use "/", Party texts often "-" ("01-10-1997", domain.md §6.1): pass ``sep``.
    """
    return f"{day_str(d.day)}{sep}{month_str(d.month)}{sep}{d.year}"


def time_words(t: time) -> str:
    """Clock time in words: "19 giờ 30 phút", "8 giờ 00 phút".

    24-hour clock, hour without leading zero, minutes always two digits, seconds
    ignored. Short forms like "19h30" are informal and avoided in the official
    PDF (domain.md §6.2).
    """
    return f"{t.hour} giờ {t.minute:02d} phút"


def duration_words(minutes: int) -> str:
    """Length of a meeting: "2 giờ 30 phút", "45 phút", "2 giờ", "0 phút".

    Hours and minutes in words like :func:`time_words`, but a duration is not a
    clock reading, so minutes are not zero-padded ("1 giờ 5 phút") and a zero
    part is left out. Negative durations raise ValueError.
    """
    _require_int(minutes, "minutes")
    if minutes < 0:
        raise ValueError(f"duration must not be negative, got {minutes}")
    hours, rest = divmod(minutes, 60)
    if hours == 0:
        return f"{rest} phút"
    if rest == 0:
        return f"{hours} giờ"
    return f"{hours} giờ {rest} phút"


# --- number words


def number_words(n: int) -> str:
    """Standard (northern) Vietnamese words for 0..999, in lower case.

    Rules: 10 is "mười", 20-90 "… mươi"; after "mươi" one is "mốt" (21 "hai mươi
    mốt") but after "mười" it stays "một" (11); five after "mười"/"mươi" is "lăm"
    (15, 25); four stays "bốn" ("tư" is a regional variant, domain.md §6.3); a zero
    tens digit before a unit is "linh" (101 "một trăm linh một"). Outside 0..999
    raises ValueError.
    """
    _require_int(n, "n")
    if not 0 <= n <= _NUMBER_WORDS_MAX:
        raise ValueError(f"number_words supports 0..{_NUMBER_WORDS_MAX}, got {n}")
    if n < 10:
        return _DIGITS[n]
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds:
        words += [_DIGITS[hundreds], "trăm"]
        if rest == 0:
            return " ".join(words)
        if tens == 0:
            words += ["linh", _DIGITS[units]]
            return " ".join(words)
    if tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units == 1:
        words.append("một" if tens == 1 else "mốt")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return " ".join(words)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def ordinal_la(n: int) -> str:
    """Point opener "Một là", "Hai là", … "Mười lăm là", "Hai mươi mốt là".

    Party texts introduce directive points with "Một là, … Hai là, …" (domain.md
    §6.3); the cardinal words of :func:`number_words` are used, first letter in
    capitals because the form opens a sentence. n < 1 raises ValueError.
    """
    _require_int(n, "n")
    if n < 1:
        raise ValueError(f"ordinal needs n >= 1, got {n}")
    return f"{_capitalise(number_words(n))} là"


def ordinal_thu(n: int) -> str:
    """Ordinal "Thứ nhất", "Thứ hai", "Thứ tư", … "Thứ mười lăm", "Thứ hai mươi mốt".

    Vietnamese ordinals are "thứ" + cardinal, except 1 → "nhất" and 4 → "tư"
    ("thứ bốn" is wrong); from 11 on the plain cardinal is used ("Thứ mười bốn",
    "Thứ hai mươi mốt"). n < 1 raises ValueError.
    """
    _require_int(n, "n")
    if n < 1:
        raise ValueError(f"ordinal needs n >= 1, got {n}")
    special = {1: "nhất", 4: "tư"}
    return f"Thứ {special.get(n) or number_words(n)}"


# --- decimals and percentages


def _to_fraction(value: Decimal | float | Fraction | int) -> Fraction:
    """Exact rational value of ``value``; floats are taken at their shortest repr."""
    if isinstance(value, bool):
        raise TypeError("decimal value must be a number, got bool")
    if isinstance(value, Fraction | int):
        return Fraction(value)
    if isinstance(value, float):
        # repr gives the shortest decimal that round-trips, so 2.675 means 2.675
        # (what the user typed) rather than 2.67499999999999982236431605997495353221893310546875.
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot format a non-finite number: {value}")
        return Fraction(value)
    raise TypeError(f"decimal value must be Decimal, float, Fraction or int, got {type(value)}")


def _round_half_up(value: Fraction, places: int) -> int:
    """``value`` × 10**places rounded half away from zero, as an int."""
    scaled = value * 10**places
    magnitude = math.floor(abs(scaled) + Fraction(1, 2))
    return -magnitude if scaled < 0 else magnitude


def _group_thousands(digits: str) -> str:
    """Insert a dot every three digits from the right: "1234567" → "1.234.567"."""
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ".".join(groups)


def decimal(value: Decimal | float | Fraction | int, places: int = 2) -> str:
    """Number with decimal comma and thousands dot: "93,33", "1.234,50", "10.950".

    Vietnamese writes "6,7%" and "10.950 tỷ đồng" (domain.md §6.4). Exactly
    ``places`` decimals are shown (trailing zeros kept, no comma when 0); rounding
    is half up (away from zero) on the exact value, not banker's rounding. A
    result that rounds to zero has no minus sign.
    """
    _require_int(places, "places")
    if places < 0:
        raise ValueError(f"places must be >= 0, got {places}")
    scaled = _round_half_up(_to_fraction(value), places)
    sign = "-" if scaled < 0 else ""
    digits = str(abs(scaled)).rjust(places + 1, "0")
    whole, frac = digits[: len(digits) - places], digits[len(digits) - places :]
    text = sign + _group_thousands(whole)
    return f"{text},{frac}" if places else text


def percent(numerator: int, denominator: int, places: int = 2) -> str:
    """Percentage for display: "93,33%", "66,67%", "100%", "0%".

    Computed exactly (Fraction), rounded half up to ``places`` decimals, no space
    before "%" (domain.md §6.4). When the exact value is a whole number it is shown
    without decimals ("100%", "50%", "0%"); otherwise with exactly ``places``
    decimals ("12,50%"), so "100,00%" / "0,00%" signal a rounded, not exact, value.
    Counts cannot be negative: a negative numerator or a denominator <= 0 raises
    ValueError. Thresholds must be checked on the integers, never on this string.
    """
    _require_int(numerator, "numerator")
    _require_int(denominator, "denominator")
    if denominator <= 0:
        raise ValueError(f"denominator must be positive, got {denominator}")
    if numerator < 0:
        raise ValueError(f"numerator must not be negative, got {numerator}")
    ratio = Fraction(numerator * 100, denominator)
    if ratio.denominator == 1:
        return f"{decimal(ratio, 0)}%"
    return f"{decimal(ratio, places)}%"


def vote_phrase(votes_for: int, denominator: int) -> str:
    """Vote record: "14/15 đồng chí tán thành, đạt 93,33%".

    Template phrasing "… đồng chí tán thành, đạt tỷ lệ …%" (domain.md §6.4, §7);
    the denominator is the count defined in §3.2. More votes than the denominator
    is impossible and raises ValueError, as do the cases rejected by :func:`percent`.
    """
    _require_int(votes_for, "votes_for")
    _require_int(denominator, "denominator")
    if votes_for > denominator:
        raise ValueError(f"votes_for ({votes_for}) exceeds denominator ({denominator})")
    return f"{votes_for}/{denominator} đồng chí tán thành, đạt {percent(votes_for, denominator)}"


# --- headings and numbers


def lettered(n: int) -> str:
    """Letter of the n-th lettered item (1-based): a, b, c, d, đ, e, g, … x, y.

    Party texts letter sub-items with the Vietnamese alphabet, which has no f, j,
    w, z, and has đ after d (domain.md §6.3). Only 23 letters exist: n outside
    1..23 raises ValueError.
    """
    _require_int(n, "n")
    if not 1 <= n <= len(LETTERS):
        raise ValueError(f"lettered item must be 1..{len(LETTERS)}, got {n}")
    return LETTERS[n - 1]


def roman(n: int) -> str:
    """Roman numeral for section headings: I, II, III, IV, … (1..3999).

    Section titles of a biên bản are numbered "I.", "II." (domain.md §6.3, §7).
    n outside 1..3999 raises ValueError.
    """
    _require_int(n, "n")
    if not 1 <= n <= _ROMAN_MAX:
        raise ValueError(f"roman numerals cover 1..{_ROMAN_MAX}, got {n}")
    parts: list[str] = []
    for value, symbol in _ROMAN_TABLE:
        count, n = divmod(n, value)
        parts.append(symbol * count)
    return "".join(parts)


def document_number(number: int | None, type_code: str, issuer: str) -> str:
    """Number and symbol: "Số 05-BB/CB", "Số 127-QĐ/TW"; unnumbered → "Số -BB/CB".

    Pattern ``Số <n>-<type>/<issuer>`` with no colon after "Số" (36-HD/VPTW) and a
    leading zero below 10 (domain.md §1.4). Minutes kept in a bound book may have
    no number: ``None`` gives "Số -BB/CB" (one space, the blank left to be filled
    by hand; the renderer may widen it). Codes are stripped and NFC-normalised;
    a blank code, or a number < 1, raises ValueError.
    """
    code = nfc(type_code).strip()
    org = nfc(issuer).strip()
    if not code or not org:
        raise ValueError("type_code and issuer must not be blank")
    if number is None:
        return f"Số -{code}/{org}"
    _require_int(number, "number")
    if number < 1:
        raise ValueError(f"document number must be >= 1, got {number}")
    return f"Số {number:02d}-{code}/{org}"


# --- runs that must not be broken across lines

# A letter of any script (Đ, Ư, …): \w without digits and the underscore.
_L = r"[^\W\d_]"
# An issuer or kind code: letters with inner dots ("Th.U", "BTCTW", "ĐUCQ", "TTg").
_CODE = rf"{_L}+(?:\.{_L}+)*"
# Party symbols: "<n>-<kind>/<issuer>", number left out before one is given
# ("Số -BB/CB"), sometimes with a further part after a slash ("VPTW/nb").
_PARTY_SYMBOL = (
    rf"(?P<p_number>\d{{0,5}})-(?P<p_kind>{_L}{{1,6}})/(?P<p_issuer>{_CODE}(?:/{_CODE})?)"
)
# State symbols, as cited in Party texts: "30/2020/NĐ-CP", "1234/QĐ-TTg".
_STATE_SYMBOL = rf"\d{{1,5}}(?:/\d{{4}})?/(?P<s_kind>{_L}{{1,6}})-(?P<s_issuer>{_CODE})"
# Dates day/month/year, with "/" (state texts) or "-" (Party texts).
_DATE = r"(?P<day>\d{1,2})(?P<sep>[/-])(?P<month>\d{1,2})(?P=sep)\d{4}"
# A run starts and ends a token: no letter, digit, slash, hyphen or inner dot
# glued to either end, so that no part of a longer code is taken for a symbol
# ("03-HD/Th.U-X" is nothing, not "03-HD/Th"); a full stop after it is fine.
_UNBREAKABLE = re.compile(rf"(?<![\w/.-])(?:{_PARTY_SYMBOL}|{_STATE_SYMBOL}|{_DATE})(?!\.?[\w/-])")


class Segment(NamedTuple):
    """A piece of text; ``keep`` pieces must stay on one line (see :func:`unbreakable_segments`)."""

    text: str
    keep: bool


def _is_code(kind: str, issuer: str) -> bool:
    """Kind codes are capitals ("HD", "QĐ"); issuers start with one ("TW", "Th.U", "TTg")."""
    return kind.isupper() and issuer[:1].isupper()


def _keeps(match: re.Match[str]) -> bool:
    """Whether a candidate is really a symbol or a date (the pattern is loose on letters and numbers)."""
    if match["day"] is not None:
        return 1 <= int(match["day"]) <= 31 and 1 <= int(match["month"]) <= 12
    if match["p_kind"] is not None:
        return _is_code(match["p_kind"], match["p_issuer"])
    return _is_code(match["s_kind"], match["s_issuer"])


def unbreakable_segments(text: str) -> list[Segment]:
    """Split ``text`` (made NFC) into plain pieces and pieces never to be broken across lines.

    Kept whole: document symbols — Party style "03-HD/Th.U", "126-KH/ĐUCQ",
    "42-HD/BTCTW", "05-BB/CB" (in "Số 05-BB/CB" only the symbol; "Số" may end
    a line), "-BB/CB" of an unnumbered document, "15-CV/VPTW/nb"; state style as
    cited in Party texts, "30/2020/NĐ-CP", "1234/QĐ-TTg" — and dates day/month/year
    "21/6/2022", "21/06/2022", "01-10-1997". Renderers otherwise break after the
    hyphen or the slash ("126-" | "KH/ĐUCQ"), which a reader cannot take back.

    Not kept: hyphenated words without a slash ("tự soi-tự sửa", "HĐND-UBND"),
    lower-case codes, counts and fractions ("15/15", "14/15") and month/year
    ("6/2022") — digits joined by a slash are never broken by the Unicode line
    rules anyway — and dates in words ("ngày 21 tháng 6 năm 2022"), which are
    several words and break between them like any other words.

    Joining the texts gives back ``nfc(text)``; plain pieces may be empty only
    when ``text`` is.
    """
    text = nfc(text)
    out: list[Segment] = []
    position = 0
    for match in _UNBREAKABLE.finditer(text):
        if not _keeps(match):
            continue
        if match.start() > position:
            out.append(Segment(text[position : match.start()], False))
        out.append(Segment(match[0], True))
        position = match.end()
    if position < len(text) or not out:
        out.append(Segment(text[position:], False))
    return out
