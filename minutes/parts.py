"""Rendered parts of a meeting, kept in Django's cache until the meeting changes.

A meeting's page, its preview and its editor spend most of their time building
the same HTML again for every request: the minutes change a few dozen times in
an evening and are read hundreds of times. Each part is rendered once per
change and served from the cache (the local-memory cache by default, Redis in
production through `BIENBAN_CACHE_URL`).

What makes a key go stale:

- the meeting itself: every service that changes a meeting or one of its parts
  moves `Meeting.updated_at` (minutes.services.recording.lock_for_editing for the
  editor's writes, minutes.services.workflow._save for the workflow), and the
  key carries it, so a change never meets an old entry;
- what the minutes show but other rows hold (the cell's and committee's names,
  the committee's settings and voting rules, the catalogue, campaigns, members'
  names on corrective actions): a change to any of them bumps one generation
  number for all meetings (`PartsGeneration`, in the database so that every
  process sees it at once; `with_generation` reads it in the meeting's own
  query). Those rows change rarely, so starting every part over costs little.

Nothing that depends on the person viewing goes into a part: a part holds what
every reader with access sees the same way, and the page around it is rendered
per request. Parts that contain forms hold a placeholder where the CSRF token
goes (`TOKEN_MARK`) for the view to fill in.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Hashable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, QuerySet, Subquery
from django.db.models.signals import post_delete, post_save
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from minutes.models import PartsGeneration

# A day is long enough to serve an evening's edits and the review after them;
# an entry that outlives its meeting's change is never read again.
PART_SECONDS = 24 * 3600
TOKEN_MARK = "BIENBAN-PART-CSRF-TOKEN"


def with_generation(queryset: QuerySet) -> QuerySet:
    """Meetings annotated with the parts generation, at no extra query."""
    return queryset.annotate(
        parts_generation=Subquery(PartsGeneration.objects.filter(pk=1).values("value")[:1])
    )


@functools.cache
def release() -> str:
    """What the running code and templates are, so that a deploy never serves older HTML.

    A shared cache (Redis) outlives a deploy; entries keyed without this would
    show the previous templates for up to a day. The stamp is the size and
    modification time of every template and module that builds parts, read
    once per process (a few hundred `stat` calls).
    """
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for folder, pattern in (("templates", "*.html"), ("minutes", "*.py"), ("members", "*.py")):
        for path in sorted((root / folder).rglob(pattern)):
            info = path.stat()
            digest.update(f"{path.relative_to(root)}:{info.st_size}:{info.st_mtime_ns};".encode())
    return digest.hexdigest()[:12]


def part_key(meeting, name: str, *variant: Hashable) -> str:
    """The cache key of one part of `meeting` as it is now, in the active language."""
    generation = getattr(meeting, "parts_generation", None)
    if generation is None:
        generation = PartsGeneration.objects.filter(pk=1).values_list("value", flat=True).first()
    stamp = meeting.updated_at.timestamp() if meeting.updated_at else 0
    extra = ":".join(str(v) for v in variant)
    return (
        f"bienban:part:{meeting.pk}:{stamp:.6f}:{generation}:{get_language() or ''}:{name}:{extra}"
    )


def cached_part(meeting, name: str, render: Callable[[], str], *variant: Hashable) -> SafeString:
    """The part `name` of `meeting` (in `variant`), rendered at most once per change.

    `render` returns the HTML (from a template, so already escaped); it runs only on a miss.
    """
    key = part_key(meeting, name, *variant)
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, PART_SECONDS)
    return mark_safe(html)  # safe: the output of a template render, stored as it was


def forget_all_parts() -> None:
    """Start every meeting's parts over: reference data that the minutes show has changed.

    Inside the caller's transaction, so that a reader sees the new rows and the
    new generation together.
    """
    if not PartsGeneration.objects.filter(pk=1).update(value=F("value") + 1):
        PartsGeneration.objects.get_or_create(pk=1)


def _reference_changed(sender, **kwargs) -> None:
    if kwargs.get("raw"):  # fixtures being loaded
        return
    forget_all_parts()


def connect_reference_models() -> None:
    """Bump the generation whenever a row the minutes show, outside the meeting, changes.

    Bulk writes (the register import) call `forget_all_parts` themselves.
    """
    from members.models import Member, Organization
    from minutes.models import Campaign, CatalogItem, CommitteeSettings, VotingRule

    for model in (Organization, Member, CommitteeSettings, VotingRule, CatalogItem, Campaign):
        uid = f"parts-reference-{model._meta.label_lower}"
        post_save.connect(_reference_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_reference_changed, sender=model, dispatch_uid=f"{uid}-delete")


# --- the parts every meeting page shares


def render_document(meeting, *, settings=None, voting_rules=None) -> str:
    """The document part's HTML; `meeting` must have its parts loaded (`with_parts`)."""
    from django.template.loader import render_to_string

    from minutes.document import build_document

    document = build_document(meeting, settings=settings, voting_rules=voting_rules)
    return render_to_string("minutes/document/body.html", {"document": document})


def document_part(meeting) -> SafeString:
    """The minutes laid out like the official document (the meeting page, the preview)."""
    from minutes.selectors import load_parts

    return cached_part(meeting, "document", lambda: render_document(load_parts(meeting)))
