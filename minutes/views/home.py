from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from members.access import meetings_visible_to


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page; each panel (recording, review, campaigns) brings its own data."""
    return render(request, "minutes/home.html")


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    """Every meeting the user may see, newest first, 25 a page."""
    meetings = meetings_visible_to(request.user).for_list().order_by("-date", "-start_time", "-id")
    page = Paginator(meetings, 25).get_page(request.GET.get("page"))
    return render(request, "minutes/meeting_list.html", {"page": page})
