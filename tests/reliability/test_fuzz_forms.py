"""Every POST form, as every role, with malformed and hostile input: never a 500, never raw markup.

The URLs come from the resolver through the URL matrix (tests/test_url_matrix.py):
one test per URL name, with the matrix's world (a committee, a cell, minutes
in each state, one account per role). The Django admin's own pages and
log-out are left out. The fields come from the pages themselves: every form
any page renders to the administrator (who sees them all) is collected, by
the address it posts to, with the values a browser would send; each URL is
fuzzed at its matrix address and at every address a form posts to under the
same URL name (all the item kinds of the editor, all its sections), with the
fields of those forms plus common names.

Payloads, each sent to every field at once, on top of the values the page
itself would send (so the rest of the form is valid and what is accepted is
stored): 100 KB strings; wrong types (letters, a huge integer, a negative
number, an impossible date); markup in every free-text field; NUL bytes;
invalid UTF-8 sent raw in a urlencoded and a multipart body; lists where
scalars are expected; files where text is expected. After a URL's fuzz, if
the markup was stored anywhere, the pages that show the data are read: the
markup must never come back unescaped.
"""

from __future__ import annotations

import itertools
import re
from urllib.parse import quote, urlsplit

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.db.models import Q
from django.test import Client, override_settings
from django.urls import Resolver404, resolve, reverse

from minutes.services.recording import ITEMS, add_item
from tests.reliability.test_stale_edit import page_forms
from tests.test_url_matrix import ROLES, ROWS, build_matrix_world, url_for

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
RAW_MARKS = (SCRIPT, "<img src=x onerror=alert(1)>")
BIG = ("Biên bản " * 12_500)[:100_000]  # 100 KB of text
BAD_UTF8 = b"\xff\xfe\xc3\x28\xa0\xa1"
# Names many forms of the app use, sent too where a page renders no form.
COMMON_NAMES = (
    "text",
    "title",
    "name",
    "reason",
    "comment",
    "note",
    "date",
    "number",
    "code",
    "file",
    "username",
    "password",
    "email",
    "next",
    "q",
    "direction",
    "status",
    "confirm_warnings",
)
# Inputs whose value a person types (the markup goes there; the others keep the page's value).
FREE_TEXT = {"text", "textarea", "search", "email", "url", "tel", ""}
SKIPPED = {"logout"}  # ends the session: nothing to fuzz
# Pages that show what forms store, read after the fuzz when markup was stored.
DISPLAY_PAGES = (
    "home",
    "meeting_list",
    "meeting_detail",
    "recording_editor",
    "recording_preview",
    "review_meeting",
    "review_changes",
    "review_history",
    "review_audit",
    "review_queue",
    "notifications",
    "campaign_list",
    "campaign_detail",
    "followup_board",
    "action_detail",
    "my_actions",
    "meeting_followup",
    "register_home",
    "register_roster",
    "register_member",
    "register_pending",
    "register_due",
    "organization_list",
    "accounts_list",
    "accounts_user",
)
STATES = ("draft", "submitted", "returned", "approved")
# Tables that log what was tried (axes' failed log-ins), shown only in the Django admin.
LOG_APPS = {"axes", "sessions"}

NAMES = sorted(name for name in ROWS if name not in SKIPPED)
# Pages read for their forms: not files, not the log-out.
CRAWLED = set(NAMES) - {
    "document_draft_pdf",
    "document_docx",
    "document_signed_pdf",
    "register_import_template",
    "register_import_sample",
}
HREF = re.compile(r'href="([^"#]+)')


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup, django_db_blocker):
    """The matrix world, and every form the pages render to the administrator, by address.

    Built once inside a transaction rolled back at the end; each test runs in a
    savepoint inside it, so what one URL's fuzz changed is gone for the next.
    """
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        world = build_matrix_world()
        # A report and a corrective action in the draft too, so that their forms show.
        draft = world.meetings["draft"]
        add_item(meeting=draft, kind="report", values={"title": "Báo cáo", "summary": "."}, by=None)
        add_item(
            meeting=draft,
            kind="action",
            values={"text": "Khắc phục.", "owner_name": "Chi ủy"},
            by=None,
            shortcoming=draft.shortcomings.first(),
        )
        admin = Client(raise_request_exception=False)
        admin.force_login(world.users["admin"])
        forms: dict[str, dict[str, tuple[str | None, str]]] = {}
        # The matrix addresses, then the pages they link to (the edit page of
        # every item, the confirmations...), one level deep.
        queue = [url_for(name, ROWS[name], world) for name in sorted(ROWS)]
        seen: set[str] = set()
        for depth in (0, 1):
            links: list[str] = []
            for page_url in queue:
                path = urlsplit(page_url).path
                # One page of each shape: the edit page of one turn, of one guest...
                shape = re.sub(r"\d+", "#", path)
                if shape in seen or _url_name(path) not in CRAWLED:
                    continue
                seen.add(shape)
                response = admin.get(page_url)
                if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                    continue
                html = response.content.decode(errors="replace")
                for form in page_forms(html):
                    if form["method"] != "post":
                        continue
                    action = urlsplit(form["action"]).path or path
                    fields = forms.setdefault(action, {})
                    for field_name, value, kind in form["fields"]:
                        if field_name != "csrfmiddlewaretoken":
                            fields.setdefault(field_name, (value, kind))
                if depth == 0:
                    links += [href for href in HREF.findall(html) if href.startswith("/")]
            queue = links
        world.forms = forms
        world.forms = forms
        yield world
        transaction.set_rollback(True)


def _url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _shape(fields) -> frozenset:
    """Forms whose field names differ only by ids are fuzzed once (one item of each kind)."""
    return frozenset(re.sub(r"\d+", "#", name) for name in fields)


def addresses(world, name: str) -> list[str]:
    """The matrix address of `name` and an address of every other form that posts under it."""
    own = url_for(name, ROWS[name], world)
    out = [own]
    shapes = {_shape(world.forms.get(urlsplit(own).path, {}))}
    for path in sorted(world.forms):
        if _url_name(path) != name:
            continue
        shape = _shape(world.forms[path])
        if shape not in shapes:
            shapes.add(shape)
            out.append(path)
    return out


def takes_posts(world, name: str) -> bool:
    """A form posts to it, or it answers only POST: its POST data is read."""
    return (
        any(_url_name(path) == name for path in world.forms)
        or ROWS[name].statuses.split()[-1] == "405"
    )


def base_fields(world, path: str) -> dict[str, tuple[str | None, str]]:
    """Field name -> (value the page sends, input kind), the common names included."""
    fields = dict(world.forms.get(path, {}))
    for common in COMMON_NAMES:
        fields.setdefault(common, ("", "text"))
    return fields


def _as_sent(fields) -> dict[str, str]:
    return {name: value for name, (value, _kind) in fields.items() if value is not None}


def payloads(fields) -> list[tuple[str, dict]]:
    """(label, request kwargs for Client.generic/post) for each kind of bad input."""
    names = list(fields)
    sent = _as_sent(fields)
    # Each field gets one of these in turn: letters, a huge integer, a negative
    # number, an impossible date, a float, hex.
    rotate = itertools.cycle(["abc", "9" * 40, "-1", "31/02/2022", "1e5", "0x10"])
    own = [n for n in names if n not in COMMON_NAMES] or names
    free = [n for n in own if fields[n][1] in FREE_TEXT]
    # The longest texts (textareas) come last on most forms: the one-text payload takes it.
    free.sort(key=lambda n: fields[n][1] == "textarea")
    out = [
        ("markup", {"data": {**sent, **dict(zip(free, itertools.cycle([SCRIPT, IMG])))}}),
        # The same in one text only, the rest as the page sends it: a valid form, stored.
        ("markup in one text", {"data": {**sent, **dict.fromkeys(free[-1:], SCRIPT + IMG)}}),
        # 100 KB in each of the form's own fields (all names at once would pass
        # Django's 2.5 MB limit on a request body, refused before any view runs).
        ("oversized", {"data": {**sent, **dict.fromkeys(own, BIG)}}),
        ("wrong types", {"data": {**sent, **{n: next(rotate) for n in names}}}),
        ("nul bytes", {"data": {**sent, **{n: f"a\x00b{(sent.get(n) or '')}" for n in names}}}),
        ("lists", {"data": {n: [sent.get(n) or "1", "2", SCRIPT] for n in names}}),
        (
            "files",
            {
                "data": {
                    n: SimpleUploadedFile(f"{i}.txt", SCRIPT.encode(), content_type="text/plain")
                    for i, n in enumerate(names)
                }
            },
        ),
    ]
    body = "&".join(f"{quote(n)}=%FF%FE%C3%28%A0%A1" for n in names).encode()
    out.append(
        (
            "invalid UTF-8, urlencoded",
            {"raw": body, "content_type": "application/x-www-form-urlencoded"},
        )
    )
    boundary = "fuzzBoundary7MA4YWxkTrZu0gW"
    parts = b"".join(
        b"--" + boundary.encode() + b"\r\n"
        b'Content-Disposition: form-data; name="' + n.encode() + b'"\r\n\r\n' + BAD_UTF8 + b"\r\n"
        for n in names
    )
    parts += (
        b"--" + boundary.encode() + b"\r\n"
        b'Content-Disposition: form-data; name="file"; filename="\xff\xfe.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n%PDF-1.7\n" + BAD_UTF8 + b"\r\n"
    )
    parts += b"--" + boundary.encode() + b"--\r\n"
    out.append(
        (
            "invalid UTF-8, multipart",
            {"raw": parts, "content_type": f"multipart/form-data; boundary={boundary}"},
        )
    )
    return out


def send(client: Client, path: str, request: dict, *, htmx: bool):
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    if "raw" in request:
        return client.generic(
            "POST", path, request["raw"], content_type=request["content_type"], **extra
        )
    return client.post(path, request["data"], **extra)


def assert_no_raw_markup(response, where: str) -> None:
    """Only HTML runs scripts; files (PDF, DOCX) are not read here."""
    if "html" not in response.get("Content-Type", "") or response.streaming:
        return
    text = response.content.decode(errors="replace")
    for mark in RAW_MARKS:
        assert mark not in text, f"{where}: {mark} unescaped in the page"


def client_for(world, role: str) -> Client:
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def _refused(response) -> bool:
    """The role cannot reach this URL: sent to log in, forbidden or not found."""
    if response.status_code in (403, 404, 405):
        return True
    return response.status_code == 302 and "/login/" in response.get("Location", "")


def stored_markup() -> list[str]:
    """Which tables hold the markup in a text column (one query per model)."""
    found = []
    for model in apps.get_models():
        if model._meta.app_label in LOG_APPS:
            continue
        text_fields = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.CharField | models.TextField) and f.concrete
        ]
        if not text_fields:
            continue
        query = Q()
        for f in text_fields:
            query |= Q(**{f"{f}__contains": "alert(1)"})
        if model._base_manager.filter(query).exists():
            found.append(model._meta.label)
    return found


def display_urls(world) -> list[str]:
    urls = [url_for(name, ROWS[name], world) for name in DISPLAY_PAGES]
    urls += [reverse("meeting_detail", args=[world.meetings[state].pk]) for state in STATES]
    urls.append(reverse("search") + "?q=alert")
    return sorted(set(urls))


def test_every_url_is_fuzzed_or_left_out_on_purpose():
    assert set(NAMES) | SKIPPED == set(ROWS)


@pytest.mark.parametrize("name", NAMES)
def test_hostile_posts_never_break_a_page(fuzz_world, name, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = fuzz_world
    for path in addresses(world, name):
        fields = base_fields(world, urlsplit(path).path)
        requests = payloads(fields)
        if not takes_posts(world, name):
            # A page that ignores what is posted: one hostile POST per role is enough.
            requests = requests[:1]
        for role in ROLES:
            client = client_for(world, role)
            for n, (label, request) in enumerate(requests):
                response = send(client, path, request, htmx=n % 2 == 1)
                where = f"POST {path} as {role}, {label}"
                assert response.status_code < 500, f"{where}: {response.status_code}"
                assert_no_raw_markup(response, where)
                if n == 0 and _refused(response):
                    break  # this role cannot reach it: one refusal is enough
    if stored_markup():
        admin = client_for(world, "admin")
        for url in display_urls(world):
            response = admin.get(url)
            assert response.status_code < 500, f"GET {url} after the fuzz of {name}"
            assert_no_raw_markup(response, f"GET {url} after the fuzz of {name}")


def test_the_fuzz_reaches_the_forms_of_every_item_kind_and_section(fuzz_world):
    """The pages' own forms are found: one per item kind, per meeting section."""

    def kinds(name: str) -> set[str]:
        return {resolve(urlsplit(a).path).kwargs.get("kind") for a in addresses(fuzz_world, name)}

    assert kinds("recording_item_add") >= set(ITEMS) - {"action"}
    assert kinds("recording_item_edit") >= set(ITEMS)
    sections = {
        resolve(urlsplit(a).path).kwargs["section"]
        for a in addresses(fuzz_world, "recording_meeting_fields")
    }
    assert sections == {"details", "roles", "discussion", "closing"}
