from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from members.access import meetings_visible_to
from minutes.models import Meeting


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page; each panel (recording, review, campaigns) brings its own data."""
    return render(request, "minutes/home.html")


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    """Every meeting the user may see, newest first, 25 a page."""
    visible = meetings_visible_to(request.user).order_by("-date", "-start_time", "-id")
    # A deep page skips thousands of rows: skip them on the covering index
    # meeting_list_cover (ids only, no table rows), then load the 25 shown.
    page = Paginator(visible.values_list("pk", flat=True), 25).get_page(request.GET.get("page"))
    ids = list(page.object_list)
    rows = Meeting.objects.for_list().in_bulk(ids)
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return render(request, "minutes/meeting_list.html", {"page": page})
