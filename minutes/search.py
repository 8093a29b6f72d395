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

The text follows the minutes: every workflow transition rebuilds it
(minutes.receivers), and every save through the editing services
(minutes.services.recording) rebuilds it once the save commits
(`refresh_after_commit`), so a secretary finds a draft by what was just typed.
Who finds a meeting is decided by `meetings_visible_to` alone, as for opening it.

For a very common word, ranking every match would mean re-reading thousands
of documents on each request; the ranking is then done over the most recent
`RANKED_CANDIDATES` matches, and the page says so.

The matching passage is found by folding the text with a map back to its
characters, so the marks fall on the accented original. A query of several
words is looked for first as a phrase ("tu soi tu sua" marks "Tự soi, tự sửa"
as one piece), else word by word. `highlight` returns plain text pieces; the
template (minutes/oversight/_search_snippet.html) adds the <mark> tags and
escapes the text.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import BooleanField, FloatField, QuerySet
from django.db.models.expressions import Expression

from members.access import meetings_visible_to
from minutes.document import build_document
from minutes.models import Meeting, SearchEntry
from minutes.tasks import refresh_search_text
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


class _RefreshOnCommit:
    """The on-commit callback of `refresh_after_commit`: queues one meeting's rebuild, once."""

    def __init__(self, meeting_id: int) -> None:
        self.search_meeting_id = meeting_id
        self.done = False

    def __call__(self) -> None:
        if self.done:
            return  # registered by several saves of the same transaction: once is enough
        self.done = True
        refresh_search_text.enqueue(self.search_meeting_id)


def refresh_after_commit(meeting_id: int) -> None:
    """Queue the rebuild of a meeting's search text once the current transaction commits.

    The editing services call this on every save, so a draft is found by its
    own words as soon as it is saved. One transaction may hold many saves (a
    shortcoming with its action, a burst of rows): they share one callback,
    registered again by each save (so it survives the rollback of the savepoint
    that first registered it) but run once, after the last of them. Outside a
    transaction it runs at once. The rebuild is a task (minutes.tasks): at once
    with the default backend, by the worker in production, so an autosave does
    not wait for it. A failure to index is logged and never undoes or hides the
    save (robust).
    """
    callback = next(
        (
            func
            for _ids, func, _robust in transaction.get_connection().run_on_commit
            if isinstance(func, _RefreshOnCommit)
            and func.search_meeting_id == meeting_id
            and not func.done
        ),
        None,
    ) or _RefreshOnCommit(meeting_id)
    transaction.on_commit(callback, robust=True)


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
    snippet: Snippet


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
    phrase = phrase_words(query)
    results.hits = [
        Hit(meeting=m, rank=r, snippet=highlight(m.search_document, phrase))
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


@dataclass(frozen=True)
class Snippet:
    """A passage of the minutes cut around what was searched for, as plain text.

    `segments` are (text, is_match) pairs in order; the template wraps the
    matches in <mark> with autoescaping. `before` and `after` say whether the
    line was cut at that end (shown as "…").
    """

    segments: tuple[tuple[str, bool], ...] = ()
    before: bool = False
    after: bool = False

    @property
    def marked(self) -> list[str]:
        """The marked pieces of text, in order."""
        return [text for text, is_match in self.segments if is_match]

    @property
    def text(self) -> str:
        """The passage without marks (ellipses included), e.g. for a title or a test."""
        return (
            ("…" if self.before else "")
            + "".join(t for t, _m in self.segments)
            + ("…" if self.after else "")
        )


# How many occurrences are weighed when choosing the passage: a very common word
# occurs thousands of times in a large document.
MAX_CANDIDATES = 500


def _spans(
    text: str, folded: str, where: list[int] | None, pattern: re.Pattern
) -> list[tuple[int, int, str]]:
    """(start, end, folded match) in `text` for each match of `pattern` in `folded`."""
    spans: list[tuple[int, int, str]] = []
    for match in pattern.finditer(folded):
        a, b = match.start(), match.end()
        if where is not None:
            a, b = where[a], where[b - 1] + 1
            # Keep the combining marks of the last letter inside the mark.
            while b < len(text) and unicodedata.combining(text[b]):
                b += 1
        spans.append((a, b, match.group(1)))
        if len(spans) >= MAX_CANDIDATES:
            break
    return spans


def _line(text: str, at: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return start, len(text) if end == -1 else end


def _window(text: str, a: int, b: int, lead: int, width: int) -> tuple[int, int, int, int]:
    """(start, end, line start, line end): about `width` characters of the line of
    text[a:b], starting `lead` characters before `a`, not cutting words where it can."""
    line_start, line_end = _line(text, a)
    start = max(line_start, min(a - lead, line_end - width))
    end = min(line_end, max(start + width, b))
    if start > line_start and not text[start - 1].isspace():
        space = text.find(" ", start, a)
        if space != -1:
            start = space + 1
    if end < line_end and not text[end].isspace():
        space = text.rfind(" ", b, end)
        if space != -1:
            end = space
    return start, end, line_start, line_end


def _snippet(
    text: str, spans: list[tuple[int, int, str]], window: tuple[int, int, int, int]
) -> Snippet:
    start, end, line_start, line_end = window
    segments: list[tuple[str, bool]] = []
    cursor = start
    for a, b, _w in spans:
        if a < cursor or b > end:
            continue
        if a > cursor:
            segments.append((text[cursor:a], False))
        segments.append((text[a:b], True))
        cursor = b
    if end > cursor:
        segments.append((text[cursor:end], False))
    return Snippet(tuple(segments), before=start > line_start, after=end < line_end)


def phrase_words(query: str) -> list[str]:
    """The folded words of a query in order, repeats kept: the phrase to look for."""
    return _WORD.findall(fold(query or ""))[: MAX_QUERY_WORDS * 2]


def highlight(text: str, words: list[str], width: int = SNIPPET_CHARS) -> Snippet:
    """About `width` characters of one line of `text` around what `words` match.

    `words` are folded, in the order of the query (repeats kept, see
    `phrase_words`). When there are several and they occur together as a phrase
    (any punctuation or spaces between them, on one line), the passage is
    centred on the first occurrence of the phrase and only the phrase is
    marked, wherever it occurs in the passage. Otherwise each query word is
    marked as a whole word, in the passage holding the most distinct query
    words.
    """
    if not text or not words:
        return Snippet()
    folded, where = _fold_same_length(text)
    if len(words) > 1:
        phrase = r"[^\w\n]+".join(re.escape(w) for w in words)
        spans = _spans(text, folded, where, re.compile(rf"(?<!\w)({phrase})(?!\w)"))
        if spans:
            a, b, _w = spans[0]
            window = _window(text, a, b, max(0, width - (b - a)) // 2, width)
            return _snippet(text, spans, window)
    distinct = sorted(set(words), key=words.index)[:MAX_QUERY_WORDS]
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in distinct) + r")(?!\w)")
    spans = _spans(text, folded, where, pattern)
    if not spans:
        return Snippet(((text[:width], False),) if text[:width] else (), after=len(text) > width)
    starts, ends = [a for a, _b, _w in spans], [b for _a, b, _w in spans]

    def richness(window: tuple[int, int, int, int]) -> tuple[int, int]:
        """(distinct query words, occurrences) wholly inside the window."""
        inside = [
            w for _a, _b, w in spans[bisect_left(starts, window[0]) : bisect_right(ends, window[1])]
        ]
        return len(set(inside)), len(inside)

    # max() keeps the first of equals: the earliest passage wins a tie.
    best = max((_window(text, a, b, width // 3, width) for a, b, _w in spans), key=richness)
    return _snippet(text, spans, best)
