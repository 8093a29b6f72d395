"""In Chromium: every page of the URL × role matrix fits a phone and a desktop.

For every URL of tests/test_url_matrix.py that some role gets 200 for, the page
is loaded as the least-privileged role that gets it (anonymous pages
anonymously) at 390 × 844 (a phone) and at 1366 × 900 (a laptop), and:

- the page does not scroll sideways (`scrollWidth <= innerWidth`);
- axe reports no serious or critical violation;
- on the phone, buttons, menu links, pagination and form fields are at least
  44 px in both directions (touch targets).

Left out, and why:

- the Django admin (the rows of `admin_rows()`): Django's own pages, for the
  administrator at a desk, not styled by this app;
- answers that are not HTML pages: PDFs, Word and Excel files, the yearly
  archive ZIP, JSON look-ups, the health check, and the two fragments htmx
  loads into a page (`NOT_PAGES`).

The matrix world is built once for the module and committed (a live server in
another thread cannot see a transaction that is never committed), and the
module's own server serves it; the tables are emptied when the module ends, as
after any transactional test. Each role has one browser context, logged in
with a session made by Django's test client rather than by typing a password.
Runs on PostgreSQL too: about as long as on SQLite (the browser dominates).
"""

from __future__ import annotations

import threading
import time

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished
from django.db import connections
from django.test import Client, override_settings
from playwright.sync_api import expect

from tests.browser import serious_axe_violations
from tests.test_url_matrix import ROLES, ROWS, build_matrix_world, url_for

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
WIDTHS = {"390": PHONE, "1366": DESKTOP}
TOUCH_TARGET = 44

# The marker has pytest-django create the test database; what each test itself
# writes is rolled back (the pages are read through the module's live server).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# 200 for some role, but not an HTML page a person reads.
NOT_PAGES = {
    "healthz",  # a word for load balancers
    "recording_people",  # JSON look-up for the name picker
    "recording_catalog",  # JSON look-up for the catalogue
    "document_draft_pdf",
    "document_signed_pdf",
    "document_docx",
    "archive_download",  # ZIP of the year's signed documents
    "register_import_template",  # XLSX
    "register_import_sample",  # XLSX
    # Pieces htmx puts into a page (the page around them is tested).
    "document_status",  # the signing progress, polled on the meeting page
    "recording_decision_outcome",  # a decision's outcome fields in the editor
    "recording_document",  # the live document beside the editor (the preview page is tested)
}


def _first_role_with_200(name: str) -> str | None:
    expected = ROWS[name].expected()
    # ROLES runs from the least privileged (anonymous, member) to the administrator.
    return next((role for role in ROLES if expected[role] == 200), None)


PAGES = {
    name: role
    for name in sorted(ROWS)
    if name not in NOT_PAGES and (role := _first_role_with_200(name)) is not None
}


def _cases():
    for name, role in PAGES.items():
        for width in WIDTHS:
            yield pytest.param(name, role, width, id=f"{name}-{width}")


def _release_database(sender, **kwargs) -> None:
    """After each response of the live server, its request thread closes its database connections.

    Connections are persistent (CONN_MAX_AGE), and a request thread keeps its
    own while the browser keeps the socket open; the threads are daemons that
    nobody waits for. One still connected when the run ends stops PostgreSQL
    from dropping the test database ("is being accessed by other users").
    Connected for the live server's handler only (sender WSGIHandler): the test
    client's responses (ClientHandler) run in the main thread, whose connection
    holds the test's transaction.
    """
    connections.close_all()


def _wait_for_request_threads(timeout: float = 5) -> None:
    """Give the live server's request threads still answering the time to end.

    The browser contexts are closed by now, so their threads end at once; one
    that does not (a socket kept open) holds no connection after its last
    response anyway (`_release_database`).
    """
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        # socketserver.ThreadingMixIn names them after their target.
        if thread.name.endswith("(process_request_thread)"):
            thread.join(max(0.0, deadline - time.monotonic()))


class Site:
    def __init__(self, url: str, urls: dict[str, str], sessions: dict[str, str]):
        self.url = url
        self.urls = urls
        self.sessions = sessions


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The matrix world, committed, behind a live server of the module's own."""
    from django.apps import apps
    from pytest_django.live_server_helper import LiveServer

    from minutes import reference_data
    from minutes.models import CatalogItem, VotingRule

    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        if not (CatalogItem.objects.exists() and VotingRule.objects.exists()):
            reference_data.load(apps)
        world = build_matrix_world()
        urls = {name: url_for(name, ROWS[name], world) for name in PAGES}
        sessions = {}
        for role in set(PAGES.values()) - {"anonymous"}:
            client = Client()
            client.force_login(world.users[role])
            sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        request_finished.connect(_release_database, sender=WSGIHandler)
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield Site(server.url, urls, sessions)
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            _wait_for_request_threads()
            request_finished.disconnect(_release_database, sender=WSGIHandler)
            # What a transactional test does when it ends; the next database test
            # puts the reference data back (tests/conftest.py).
            call_command("flush", interactive=False, verbosity=0)
            # And this thread's: left open, PostgreSQL could not drop the test
            # database at the end of the run.
            connections.close_all()


@pytest.fixture(scope="module")
def role_pages(browser, site):
    """One browser context (and tab) per role, reused by every page of that role."""
    pages = {}

    def page_for(role: str):
        if role not in pages:
            context = browser.new_context(locale="vi-VN", viewport=PHONE)
            if role != "anonymous":
                context.add_cookies(
                    [
                        {
                            "name": settings.SESSION_COOKIE_NAME,
                            "value": site.sessions[role],
                            "url": site.url,
                        }
                    ]
                )
            pages[role] = context.new_page()
        return pages[role]

    yield page_for
    for page in pages.values():
        page.context.close()


# The outermost elements that stick out to the right: what makes the page scroll.
OVERFLOWING = """() => {
  const limit = window.innerWidth + 1;
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (typeof el.className === 'string' && el.className.trim())
      s += '.' + el.className.trim().split(/\\s+/).join('.');
    return s + ' (right edge ' + Math.round(el.getBoundingClientRect().right) + ' px)';
  };
  // Inside a scrolling box (.table-responsive) sticking out is that box's business.
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.getBoundingClientRect().right <= limit || clipped(el)) continue;
    const parent = el.parentElement;
    if (parent && parent !== document.body && parent.getBoundingClientRect().right > limit
        && !clipped(parent)) continue;
    out.push(describe(el));
    if (out.length >= 5) break;
  }
  if (out.length) return out;
  // Nothing outside a scrolling box: name the innermost elements that stick out.
  for (const el of document.body.querySelectorAll('*')) {
    if (el.getBoundingClientRect().right <= limit) continue;
    if ([...el.children].some((c) => c.getBoundingClientRect().right > limit)) continue;
    out.push(describe(el) + ' in ' + describe(el.parentElement));
    if (out.length >= 5) break;
  }
  return out;
}"""

# Things a finger presses, visible on the page, smaller than a fingertip.
SMALL_TARGETS = """(minimum) => {
  const selector = [
    'button', '.btn', '.nav-link', '.page-link', '.navbar-toggler', 'select', 'textarea',
    'input:not([type=hidden]):not([type=checkbox]):not([type=radio])',
  ].join(',');
  const out = [];
  for (const el of document.querySelectorAll(selector)) {
    const box = el.getBoundingClientRect();
    // Zero or one pixel: a visually hidden control whose <label> is what is pressed.
    if (box.width <= 1 || box.height <= 1 || el.closest('[hidden], .visually-hidden')) continue;
    if (box.width >= minimum - 0.5 && box.height >= minimum - 0.5) continue;
    const label = (el.textContent || el.getAttribute('aria-label') || el.name || '').trim();
    out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${label.slice(0, 30)}" `
             + `${Math.round(box.width)}×${Math.round(box.height)}`);
  }
  return out.slice(0, 8);
}"""


@pytest.mark.parametrize(("name", "role", "width"), list(_cases()))
def test_page_fits_the_screen_and_passes_axe(site, role_pages, name, role, width):
    page = role_pages(role)
    page.set_viewport_size(WIDTHS[width])
    url = site.urls[name]
    response = page.goto(f"{site.url}{url}")
    assert response.status == 200, f"{url} as {role}: {response.status}"
    assert response.headers["content-type"].startswith("text/html"), (
        f"{url} is not an HTML page: add it to NOT_PAGES"
    )
    assert page.locator("html[lang] head title").count() == 1, (
        f"{url} is a fragment, not a page: add it to NOT_PAGES"
    )

    problems = []
    scroll_width, inner_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    if scroll_width > inner_width:
        problems.append(
            f"scrolls sideways ({scroll_width} px wide in {inner_width} px): "
            + "; ".join(page.evaluate(OVERFLOWING))
        )
    if width == "390":
        small = page.evaluate(SMALL_TARGETS, TOUCH_TARGET)
        if small:
            problems.append(f"touch targets under {TOUCH_TARGET} px: " + "; ".join(small))
    problems += serious_axe_violations(page, site.url)
    assert not problems, f"{url} as {role} at {width} px:\n  " + "\n  ".join(problems)


def test_the_phone_menu_starts_closed_and_opens_with_one_tap(browser, site, artifacts_dir):
    context = browser.new_context(locale="vi-VN", viewport=PHONE, has_touch=True, is_mobile=True)
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": site.sessions["member"], "url": site.url}]
    )
    page = context.new_page()
    try:
        page.goto(f"{site.url}{site.urls['home']}")
        toggler = page.get_by_role("button", name="Trình đơn")
        logout = page.get_by_role("button", name="Đăng xuất")
        expect(toggler).to_have_attribute("aria-expanded", "false")
        expect(page.get_by_role("link", name="Việc của tôi")).to_be_hidden()
        expect(logout).to_be_hidden()
        # Closed, the header is one line: the page starts right under it.
        assert page.locator("header").bounding_box()["height"] < 80
        page.screenshot(path=artifacts_dir / "layout-phone-menu-closed.png")

        toggler.tap()
        expect(toggler).to_have_attribute("aria-expanded", "true")
        expect(page.get_by_role("link", name="Việc của tôi")).to_be_visible()
        expect(page.locator("header")).to_contain_text("Lê Thị Thu Hằng")
        expect(logout).to_be_visible()
        page.wait_for_function("() => document.getAnimations().length === 0")
        page.screenshot(path=artifacts_dir / "layout-phone-menu-open.png")
    finally:
        context.close()


def test_the_meeting_list_is_a_pile_of_cards_on_a_phone(role_pages, site, artifacts_dir):
    page = role_pages("recorder")  # the cell's recorder sees its minutes in every state
    page.set_viewport_size(PHONE)
    page.goto(f"{site.url}{site.urls['meeting_list']}")
    rows = page.locator("main tbody tr")
    expect(rows).to_have_count(4)
    caption = "(td) => getComputedStyle(td, '::before').content"
    for i in range(4):
        badge = rows.nth(i).locator(".badge").bounding_box()
        assert badge["x"] >= 0 and badge["x"] + badge["width"] <= PHONE["width"], (
            f"the status of row {i + 1} is cut off: {badge}"
        )
        # Each value says what it is, the table's header being out of sight.
        assert rows.nth(i).locator("td").last.evaluate(caption) == '"Trạng thái"'
    page.screenshot(path=artifacts_dir / "layout-phone-meeting-list.png", full_page=True)
    assert not page.locator("main thead").is_visible() or (
        page.locator("main thead").bounding_box()["height"] <= 1
    )

    page.set_viewport_size(DESKTOP)
    expect(page.get_by_role("columnheader", name="Trạng thái")).to_be_visible()
    page.screenshot(path=artifacts_dir / "layout-desktop-meeting-list.png")
    assert rows.first.locator("td").last.evaluate(caption) == "none"
