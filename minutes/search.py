"""Full-text search over the minutes a user may see, without caring about accents.

"tu soi tu sua" finds "Tự soi, tự sửa" and "Hoa" finds "Hòa": the query and the
text are both folded (accents, đ and case dropped) before they are compared,
and every word of the query must occur as a word of the minutes.

- PostgreSQL: `Meeting.search_document` (the official text of the minutes,
  from minutes.document) is indexed by a GIN index on
  `to_tsvector('simple', bienban_unaccent(search_document))`, created by
  migration 0004 with the `unaccent` extension; results are ranked with
  `ts_rank_cd`.
- Other databases (SQLite, for trying the app out): the folded text is kept in
  `SearchEntry.folded`, matched word by word, and ranked by how often the
  words occur.

For a very common word, ranking every match would mean re-reading thousands
of documents on each request; the ranking is then done over the most recent
`RANKED_CANDIDATES` matches, and the page says so.

The matching passage is highlighted by folding the text with a map back to
its characters, so the marks fall on the accented original. The passage is
escaped piece by piece; only the <mark> tags are markup.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, FloatField, QuerySet
from django.db.models.expressions import Expression
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from members.access import meetings_visible_to
from minutes.document import build_document
from minutes.models import Meeting, SearchEntry
from minutes.vnformat import fold

RANKED_CANDIDATES = 200
COUNT_CAP = 1000
PER_PAGE = 20
MAX_QUERY_WORDS = 12
SNIPPET_CHARS = 260

_WORD = re.compile(r"\w+")


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def query_words(query: str) -> list[str]:
    """The folded words of a query, in order, without repeats, at most MAX_QUERY_WORDS."""
    words: list[str] = []
    for word in _WORD.findall(fold(query or "")):
        if word not in words:
            words.append(word)
    return words[:MAX_QUERY_WORDS]


def folded_words(text: str) -> str:
    """The text as folded words separated by single spaces, padded: " to thai hoa "."""
    return " " + " ".join(_WORD.findall(fold(text))) + " "


# --- keeping the text in step ------------------------------------------------


def document_text(meeting: Meeting) -> str:
    """The official text of the minutes (parts loaded as with_parts does)."""
    return build_document(meeting).text()


def store_search_text(meeting_id: int, text: str) -> None:
    """Write the text of one meeting where this database's search reads it."""
    Meeting.objects.filter(pk=meeting_id).update(search_document=text)
    if not _is_postgres():
        SearchEntry.objects.update_or_create(
            meeting_id=meeting_id, defaults={"folded": folded_words(text)}
        )


def refresh_search_document(meeting: Meeting) -> str:
    """Rebuild the search text of `meeting` from its minutes and store it."""
    from minutes.selectors import with_parts

    loaded = with_parts(Meeting.objects.filter(pk=meeting.pk)).get()
    text = document_text(loaded)
    store_search_text(meeting.pk, text)
    meeting.search_document = text
    return text


def search_entries_for(items: list[tuple[int, str]]) -> list[SearchEntry]:
    """Unsaved SearchEntry rows for (meeting id, text) pairs, for bulk loading; [] on PostgreSQL."""
    if _is_postgres():
        return []
    return [SearchEntry(meeting_id=pk, folded=folded_words(text)) for pk, text in items]


# --- searching -----------------------------------------------------------------


class _VectorSQL(Expression):
    """SQL over the `search_vector` column of the meeting table (PostgreSQL).

    The column exists only in the database (migration 0007), so it is named
    here with the alias the query gives the meeting table, which also holds
    inside a subquery.
    """

    def __init__(self, template: str, params: list, output_field) -> None:
        super().__init__(output_field=output_field)
        self.template, self.params = template, params

    def as_sql(self, compiler, connection):
        column = f"{compiler.quote_name_unless_alias(compiler.query.base_table)}.search_vector"
        return self.template.format(vector=column), list(self.params)


def _pg_match(text: str) -> _VectorSQL:
    return _VectorSQL(
        "{vector} @@ plainto_tsquery('simple', %s)", [text], output_field=BooleanField()
    )


def _pg_rank(text: str) -> _VectorSQL:
    return _VectorSQL(
        "ts_rank_cd({vector}, plainto_tsquery('simple', %s))", [text], output_field=FloatField()
    )


def _matching(queryset: QuerySet[Meeting], words: list[str]) -> QuerySet[Meeting]:
    if _is_postgres():
        return queryset.filter(_pg_match(" ".join(words)))
    for word in words:
        queryset = queryset.filter(search_entry__folded__contains=f" {word} ")
    return queryset


@dataclass
class Hit:
    meeting: Meeting
    rank: float
    snippet: SafeString


@dataclass
class SearchResults:
    query: str
    words: list[str]
    total: int = 0  # matches counted, at most COUNT_CAP + 1
    ranked: int = 0  # how many matches the ranking covered
    page: int = 1
    hits: list[Hit] = field(default_factory=list)

    @property
    def capped(self) -> bool:
        return self.total > self.ranked

    @property
    def more_than(self) -> int | None:
        """COUNT_CAP when there are more matches than were counted, else None."""
        return COUNT_CAP if self.total > COUNT_CAP else None

    @property
    def pages(self) -> int:
        return max(1, -(-self.ranked // PER_PAGE))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def search(user, query: str, *, page: int = 1) -> SearchResults:
    """The minutes `user` may see that contain every word of `query`, best first.

    Two queries whatever the number of matches (besides the user's grants): the
    count (up to COUNT_CAP) and the ranked page (ranked among the newest
    RANKED_CANDIDATES matches), whose rows carry their cell.
    """
    words = query_words(query)
    results = SearchResults(query=query, words=words)
    if not words:
        return results
    matches = _matching(meetings_visible_to(user), words)
    # Counting every match of a very common word reads every document's vector;
    # past COUNT_CAP the page only says "more than".
    results.total = matches.values("pk")[: COUNT_CAP + 1].count()
    if not results.total:
        return results
    results.ranked = min(results.total, RANKED_CANDIDATES)
    results.page = max(1, min(page, results.pages))
    candidates = matches.order_by("-date", "-pk").values("pk")[:RANKED_CANDIDATES]
    ranked = Meeting.objects.filter(pk__in=candidates).select_related("cell")
    if _is_postgres():
        ranked = ranked.annotate(rank=_pg_rank(" ".join(words))).order_by("-rank", "-date", "-pk")
        start = (results.page - 1) * PER_PAGE
        meetings = list(ranked[start : start + PER_PAGE])
        ranks = [m.rank for m in meetings]
    else:
        scored = [
            (sum(entry.count(f" {w} ") for w in words), meeting)
            for meeting, entry in (
                (m, m.search_entry.folded) for m in ranked.select_related("search_entry")
            )
        ]
        scored.sort(key=lambda pair: (-pair[0], -pair[1].date.toordinal(), -pair[1].pk))
        start = (results.page - 1) * PER_PAGE
        page_rows = scored[start : start + PER_PAGE]
        meetings = [m for _score, m in page_rows]
        ranks = [float(score) for score, _m in page_rows]
    results.hits = [
        Hit(meeting=m, rank=r, snippet=highlight(m.search_document, words))
        for m, r in zip(meetings, ranks, strict=True)
    ]
    return results


# --- highlighting ----------------------------------------------------------------


def _fold_char(char: str) -> str:
    bare = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D").casefold()


# Every Latin letter (Vietnamese included) folded to one character: str.translate
# then folds a whole document at C speed, and positions stay the same.
_ONE_TO_ONE = {
    code: folded
    for code in (*range(0x20, 0x250), *range(0x1E00, 0x1F00))
    if len(folded := _fold_char(chr(code))) == 1 and folded != chr(code)
}
_COMBINING = re.compile("[\u0300-\u036f]")


def _fold_same_length(text: str) -> tuple[str, list[int] | None]:
    """`text` folded, and a map from folded positions to text positions (None: the same)."""
    if not _COMBINING.search(text):
        return text.translate(_ONE_TO_ONE), None
    # Decomposed input (rare: text is stored in NFC): fold character by character.
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        bare = _fold_char(char)
        out.append(bare)
        where.extend([index] * len(bare))
    return "".join(out), where


def highlight(text: str, words: list[str], width: int = SNIPPET_CHARS) -> SafeString:
    """The line of `text` with the most query words, cut to about `width` characters,
    escaped, with each matching word wrapped in <mark>."""
    if not text or not words:
        return mark_safe("")
    folded, where = _fold_same_length(text)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)")
    by_line: dict[int, list[tuple[int, int, str]]] = {}
    for match in pattern.finditer(folded):
        a, b = match.start(), match.end()
        if where is not None:
            a, b = where[a], where[b - 1] + 1
        line_start = text.rfind("\n", 0, a) + 1
        by_line.setdefault(line_start, []).append((a, b, match.group(1)))
    if not by_line:
        return mark_safe(escape(text[:width]) + ("…" if len(text) > width else ""))
    line_start, spans = max(
        by_line.items(),
        key=lambda item: (len({w for _a, _b, w in item[1]}), len(item[1]), -item[0]),
    )
    line_end = text.find("\n", line_start)
    line_end = len(text) if line_end == -1 else line_end
    first = spans[0][0]
    start = max(line_start, first - width // 3)
    if start > line_start:
        space = text.rfind(" ", line_start, start)
        start = space + 1 if space != -1 and first - space < width // 2 else start
    end = min(line_end, start + width)
    pieces = ["…"] if start > line_start else []
    cursor = start
    for a, b, _w in spans:
        if a < cursor or b > end:
            continue
        pieces.append(escape(text[cursor:a]))
        pieces.append(f"<mark>{escape(text[a:b])}</mark>")
        cursor = b
    pieces.append(escape(text[cursor:end]))
    if end < line_end:
        pieces.append("…")
    return mark_safe("".join(pieces))  # every piece of member text above is escaped
