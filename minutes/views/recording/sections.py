"""The editor page in parts, each rendered once per change and then reused.

The editor of a real meeting shows some 150 repeated pieces (fields, list
items, attendance rows) through templates. Rendering them all on every
request would cost more than the page may take, so each section of the page
is a part (`minutes.parts`), kept in Django's cache at two levels:

- under the meeting's `updated_at`, which every editing service moves: a GET
  after no change reads the meeting's row and these parts, nothing else;
- under a digest of what the section shows (`EditorSections._shown`): after an
  edit the meeting's parts are loaded once, and only the sections whose
  content changed are rendered again (adding a speaking turn renders the list
  of turns, not the attendance or the forms). Within a list, the items are
  kept in runs of CHUNK the same way, so a long list renders only the run that
  changed. The meeting's general information and closing forms show its row
  alone, so they are found by content without loading anything; their
  revision, which every save of any of them moves, is filled in per response.

The blank add forms are the same for every meeting but for the meeting's id in
their URLs: each is rendered once per language with a placeholder id. Parts
hold what every recorder of the meeting sees alike; the CSRF token of their
forms is `TOKEN_MARK`; all of these are filled in per response (`common.fill_in`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from minutes.forms.recording import (
    ITEM_FORMS,
    ClosingForm,
    DetailsForm,
    DiscussionForm,
    EditorContext,
    RolesForm,
)
from minutes.models import Meeting, MeetingKind, PartsGeneration
from minutes.parts import TOKEN_MARK, cached_part
from minutes.views.recording.common import (
    PLACEHOLDER_ID,
    REVISION_MARK,
    attendance_rows,
    item_rows,
    load_editor_context,
)

MEETING_FORMS = {
    "details": DetailsForm,
    "roles": RolesForm,
    "closing": ClosingForm,
    "discussion": DiscussionForm,
}
LIST_KINDS = ("agenda", "guest", "report", "turn", "shortcoming", "directive", "decision")
SECTIONS = ("details", "roles", *LIST_KINDS, "attendance", "closing", "datalists")
# The forms of these sections show the meeting's own row and nothing else.
ROW_SECTIONS = ("details", "closing")
# Meeting forms shown inside a list's section rather than as a section of their own:
# the discussion recorded as a whole sits with the speaking turns.
FORM_IN_LIST = {"discussion": "turn"}
# Lists whose items belong to one part of a combined session ("Thuộc phần").
PART_KINDS = ("report", "turn", "directive", "decision")
# Items of a list kept together (see EditorSections._chunks).
CHUNK = 20


def meeting_form(section: str, context: EditorContext, data=None):
    form_class = MEETING_FORMS[section]
    if data is not None:
        return form_class(data, context=context)
    return form_class(initial=form_class.initial_from(context.meeting), context=context)


@dataclass(frozen=True)
class _ContentKey:
    """What `minutes.parts` keys a part on by what it shows rather than by `updated_at`.

    Every edit moves `updated_at`, so every part keyed on it is rendered again
    after any edit. A part keyed here carries, as its variant, a digest of
    everything it shows (`digest`): after adding a speaking turn only the list
    of turns is rendered again, the other sections are found by their content.
    """

    pk: int
    parts_generation: object
    updated_at: None = None


def _without_revision(initial: dict) -> list:
    return sorted((name, value) for name, value in initial.items() if name != "revision")


def digest(value) -> str:
    return hashlib.blake2b(repr(value).encode(), digest_size=16).hexdigest()


def _fields(obj) -> tuple:
    """All the values of a row's own columns: whatever a piece shows of it is among them."""
    return tuple(getattr(obj, f.attname) for f in obj._meta.concrete_fields)


def _row_values(row) -> tuple:
    """What the list item of `row` (an ItemRow) shows, from its row and the rows it names."""
    shown = row.__dict__.get("_shown")
    if shown is None:
        shown = row.__dict__["_shown"] = _item_values(row)
    return shown


def _item_values(row) -> tuple:
    item = row.item
    return (
        row.kind,
        _fields(item),
        row.ordinal,
        row.person.full_name if row.person else None,
        row.subject_name,
        repr(row.outcome),
        [(tag.code, tag.wording) for tag in row.tags],
        [(_fields(action.item), action.item.owner_display) for action in row.actions],
    )


@dataclass(frozen=True)
class _Blank:
    """What `minutes.parts` keys a blank add form on: no meeting, nothing that changes."""

    pk: int = PLACEHOLDER_ID
    updated_at: None = None
    parts_generation: str = "blank"


_BLANK = _Blank()


def blank_add_form(
    kind: str, *, oob: bool = False, focus_first: bool = False, combined: bool = False
) -> SafeString:
    """The add form of the list `kind` (not actions), empty.

    Its CSRF input holds TOKEN_MARK and its URLs a placeholder id: the response
    fills both in (`common.fill_in`). A combined session's forms ask which part
    an item belongs to (`combined`): a variant of its own.
    """

    def render() -> str:
        return render_to_string(
            "minutes/recording/_add_form.html",
            {
                "kind": kind,
                "form": ITEM_FORMS[kind](context=None, combined=combined),
                "meeting": _BLANK,
                "oob": oob,
                "focus_first": focus_first,
                "csrf_token": TOKEN_MARK,
            },
        )

    return cached_part(_BLANK, "add-form", render, kind, oob, focus_first, combined)


class EditorSections:
    """The sections of one meeting's editor; a section holding forms that came back is not kept.

    `meeting` is the row the keys come from (`selectors.visible_meeting_row`, or
    the meeting of `context` when the view has loaded it already). `bound`
    maps a section's form ("details", "roles", "closing", "add-<kind>") to the
    form as posted; `attendance_post` and `attendance_errors` show the
    attendance as the user left it after a failed save.
    """

    def __init__(
        self,
        request: HttpRequest,
        meeting: Meeting,
        context: EditorContext | None = None,
        *,
        bound: dict | None = None,
        attendance_post=None,
        attendance_errors: dict | None = None,
    ) -> None:
        self.request = request
        self.meeting = meeting
        self._context = context
        self.bound = bound or {}
        self.attendance_post = attendance_post
        self.attendance_errors = attendance_errors or {}
        if not hasattr(meeting, "parts_generation"):
            # Loaded without `parts.with_generation` (a view that had the whole meeting).
            meeting.parts_generation = (
                PartsGeneration.objects.filter(pk=1).values_list("value", flat=True).first()
            )

    @cached_property
    def context(self) -> EditorContext:
        return self._context or load_editor_context(self.request, self.meeting)

    def _changed(self, name: str) -> bool:
        """Whether the section shows something posted rather than what is stored."""
        if name == "attendance":
            return self.attendance_post is not None or bool(self.attendance_errors)
        if any(
            self.bound.get(form) is not None for form, kind in FORM_IN_LIST.items() if kind == name
        ):
            return True
        return name in self.bound or f"add-{name}" in self.bound

    def part(self, name: str) -> SafeString:
        if self._changed(name):
            return self.render(name)
        if name in ROW_SECTIONS:
            # Shows the meeting's row alone: found by content without loading the parts.
            return self._by_content(name)
        # Unchanged since it was rendered (the same `updated_at`): nothing is loaded.
        # Otherwise the parts are loaded, and the section may still be found by content.
        return cached_part(self.meeting, f"editor-{name}", lambda: self._by_content(name))

    def _by_content(self, name: str) -> SafeString:
        key = _ContentKey(self.meeting.pk, self.meeting.parts_generation)
        shown = digest(self._shown(name))
        return cached_part(key, f"editor-{name}", lambda: self.render(name), shown)

    def _shown(self, name: str) -> tuple:
        """Everything section `name` shows, as plain values (the parts generation aside).

        The section's HTML is kept under a digest of this: it must hold every
        value the section's templates print or decide on.
        """
        meeting = self.meeting
        if name in ROW_SECTIONS:
            return (name, _without_revision(MEETING_FORMS[name].initial_from(meeting)))
        context = self.context
        people = [_fields(p) for p in context.participants]
        if name in ("roles", "datalists", "attendance"):
            # The choices of chair and secretary, the name lists, the attendance
            # rows and figures: all from the people of the meeting (and its
            # committee's settings, which the parts generation covers).
            rows = MEETING_FORMS["roles"].initial_from(meeting) if name == "roles" else {}
            return (name, people, _without_revision(rows))
        return (
            name,
            self._list_context(name),
            self._forms_shown(name),
            [_row_values(row) for row in self._rows(name)],
        )

    def _list_context(self, kind: str) -> tuple:
        """What a list shows besides its items: the decisions' denominator, a report's heading."""
        if kind == "decision":
            denominator = self.context.denominator
            return (
                denominator.voters_present,
                denominator.value,
                denominator.explain(),
                # The part of each decision is shown for a combined session only.
                self.meeting.kind,
            )
        if kind in PART_KINDS:
            # The report's heading, and for a combined session the part of each item.
            return (self.meeting.kind,)
        return ()

    def _forms_shown(self, kind: str) -> tuple:
        """The meeting forms the list's section holds: they show the meeting's row alone."""
        return tuple(
            (form, _without_revision(MEETING_FORMS[form].initial_from(self.meeting)))
            for form, list_kind in FORM_IN_LIST.items()
            if list_kind == kind
        )

    def _rows(self, kind: str) -> list:
        rows = self.__dict__.setdefault("_item_rows", {})
        if kind not in rows:
            rows[kind] = item_rows(self.context, kind)
        return rows[kind]

    def all(self) -> dict[str, SafeString]:
        return {name: self.part(name) for name in SECTIONS}

    # --- rendering, on a miss

    def render(self, name: str) -> SafeString:
        if name in LIST_KINDS:
            template, data = "minutes/recording/_list_section.html", self._list(name)
        elif name == "attendance":
            template, data = "minutes/recording/_attendance_section.html", self._attendance()
        elif name == "datalists":
            context = self.context
            template = "minutes/recording/_people_datalists.html"
            data = {"people_present": context.present_people, "people_members": context.members}
        else:
            template, data = "minutes/recording/_meeting_form.html", self._form(name)
        # No request: nothing of the viewer goes into a part, and the token is a mark.
        return render_to_string(
            template, {"meeting": self.meeting, "csrf_token": TOKEN_MARK, **data}
        )

    def _form(self, section: str) -> dict:
        form = self.bound.get(section)
        if form is None:
            if section in ROW_SECTIONS:
                # The form shows the row alone: the meeting's parts need not be loaded.
                context = self._context or EditorContext(meeting=self.meeting, settings=None)
            else:
                context = self.context
            # The revision moves with every save of any of the three forms: it is
            # left out of the part and filled in per response (common.fill_in).
            form_class = MEETING_FORMS[section]
            initial = {**form_class.initial_from(self.meeting), "revision": REVISION_MARK}
            form = form_class(initial=initial, context=context)
        return {"form": form, "section": section}

    def _list(self, kind: str) -> dict:
        context = self.context
        form = self.bound.get(f"add-{kind}")
        meeting_forms = [
            self._form(name) for name, list_kind in FORM_IN_LIST.items() if list_kind == kind
        ]
        return {
            "meeting_forms": meeting_forms,
            "kind": kind,
            "rows": self._rows(kind),
            "chunks": self._chunks(kind),
            "denominator": context.denominator,
            "editable": True,
            "add_form": form,
            "blank_form": ""
            if form
            else blank_add_form(kind, combined=self.meeting.kind == MeetingKind.COMBINED),
            "is_thematic": context.meeting.kind in (MeetingKind.THEMATIC, MeetingKind.COMBINED),
        }

    def _chunks(self, kind: str) -> list[SafeString]:
        """The list's items in runs of CHUNK, each kept by its content.

        A list rendered again after an edit renders only the runs that changed:
        adding a speaking turn to two hundred renders the last twenty.
        """
        rows = self._rows(kind)
        context = self._list_context(kind)
        key = _ContentKey(self.meeting.pk, self.meeting.parts_generation)
        chunks = []
        for start in range(0, len(rows), CHUNK):
            run = rows[start : start + CHUNK]
            shown = digest((kind, context, [_row_values(row) for row in run]))
            chunks.append(cached_part(key, "editor-items", self._items_renderer(run), shown))
        return chunks

    def _items_renderer(self, rows: list):
        def render() -> SafeString:
            return render_to_string(
                "minutes/recording/_list_items.html",
                {
                    "rows": rows,
                    "meeting": self.meeting,
                    "denominator": self.context.denominator,
                    "editable": True,
                },
            )

        return render

    def _attendance(self) -> dict:
        context = self.context
        rows = attendance_rows(context)
        posted_data = self.attendance_post
        for row in rows:
            pk = row["person"].pk
            row["error"] = self.attendance_errors.get(pk, "")
            posted = posted_data.get(f"status-{pk}") if posted_data is not None else None
            if posted:
                # Show what the user chose, not what is stored, so a failed save loses nothing.
                row["choices"] = [(v, label, v == posted) for v, label, _c in row["choices"]]
                row["posted_reason"] = posted_data.get(f"reason-{pk}", "")
        return {
            "attendance": rows,
            "figures": context.figures,
            "denominator": context.denominator,
        }
