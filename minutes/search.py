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
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from members.access import meetings_visible_to
from minutes.document import build_document
from minutes.models import Meeting, SearchEntry
from minutes.vnformat import fold

RANKED_CANDIDATES = 200
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

_PG_MATCH = (
    "to_tsvector('simple', bienban_unaccent(minutes_meeting.search_document)) "
    "@@ plainto_tsquery('simple', %s)"
)
_PG_RANK = (
    "ts_rank_cd(to_tsvector('simple', bienban_unaccent(minutes_meeting.search_document)), "
    "plainto_tsquery('simple', %s))"
)


def _matching(queryset: QuerySet[Meeting], words: list[str]) -> QuerySet[Meeting]:
    if _is_postgres():
        return queryset.filter(RawSQL(_PG_MATCH, [" ".join(words)], output_field=BooleanField()))
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
    total: int = 0
    ranked: int = 0  # how many matches the ranking covered
    page: int = 1
    hits: list[Hit] = field(default_factory=list)

    @property
    def capped(self) -> bool:
        return self.total > self.ranked

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

    Three queries whatever the number of matches: the count, the ranked page
    (ranked among the newest RANKED_CANDIDATES matches), and nothing else — the
    meeting rows carry their cell.
    """
    words = query_words(query)
    results = SearchResults(query=query, words=words)
    if not words:
        return results
    matches = _matching(meetings_visible_to(user), words)
    results.total = matches.count()
    if not results.total:
        return results
    results.ranked = min(results.total, RANKED_CANDIDATES)
    results.page = max(1, min(page, results.pages))
    candidates = matches.order_by("-date", "-pk").values("pk")[:RANKED_CANDIDATES]
    ranked = Meeting.objects.filter(pk__in=candidates).select_related("cell")
    if _is_postgres():
        ranked = ranked.annotate(
            rank=RawSQL(_PG_RANK, [" ".join(words)], output_field=FloatField())
        ).order_by("-rank", "-date", "-pk")
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


def _fold_with_map(text: str) -> tuple[str, list[int]]:
    """`text` folded character by character, and for each folded character its source index."""
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        bare = "".join(
            c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
        )
        bare = bare.replace("đ", "d").replace("Đ", "D").casefold()
        out.append(bare)
        where.extend([index] * len(bare))
    return "".join(out), where


def highlight(text: str, words: list[str], width: int = SNIPPET_CHARS) -> SafeString:
    """The line of `text` with the most query words, cut to about `width` characters,
    escaped, with each matching word wrapped in <mark>."""
    if not text or not words:
        return mark_safe("")
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)")
    best: tuple[int, int, str, list[tuple[int, int]]] | None = None
    for line in text.splitlines():
        folded, where = _fold_with_map(line)
        spans = [(where[m.start()], where[m.end() - 1] + 1) for m in pattern.finditer(folded)]
        if not spans:
            continue
        distinct = len({fold(line[a:b]) for a, b in spans})
        if best is None or (distinct, len(spans)) > (best[0], best[1]):
            best = (distinct, len(spans), line, spans)
    if best is None:
        return mark_safe(escape(text[:width]) + ("…" if len(text) > width else ""))
    _d, _n, line, spans = best
    first = spans[0][0]
    start = max(0, first - width // 3)
    if start:
        space = line.rfind(" ", 0, start)
        start = space + 1 if space != -1 and first - space < width // 2 else start
    end = min(len(line), start + width)
    pieces = ["…"] if start else []
    cursor = start
    for a, b in spans:
        if a < cursor or b > end:
            continue
        pieces.append(escape(line[cursor:a]))
        pieces.append(f"<mark>{escape(line[a:b])}</mark>")
        cursor = b
    pieces.append(escape(line[cursor:end]))
    if end < len(line):
        pieces.append("…")
    return mark_safe("".join(pieces))  # every piece of member text above is escaped
