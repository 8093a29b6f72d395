"""Suggestions while typing (people, catalogue items) and the live outcome of a vote.

These answer GET requests and change nothing. People come only from meetings
the user may see; the catalogue is reference data open to every signed-in user.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from members.access import meetings_visible_to
from minutes.forms.recording import DecisionForm, person_rank
from minutes.models import AttendanceStatus, CatalogItem, Participant, ParticipantRole
from minutes.views.recording.common import load_context, recording_view
from minutes.vnformat import fold

MAX_SUGGESTIONS = 10


def _query(request: HttpRequest) -> str:
    """The typed text, bounded, without the characters no database column may hold."""
    return request.GET.get("q", "")[:MAX_QUERY].replace("\x00", "")


MAX_CANDIDATES = 200
MAX_QUERY = 100


@require_GET
@login_required
def people(request: HttpRequest, pk: int) -> JsonResponse:
    """People of the meeting whose folded name contains the folded query."""
    if not meetings_visible_to(request.user).filter(pk=pk).exists():
        raise Http404
    key = fold(_query(request))
    rows = Participant.objects.filter(meeting_id=pk)
    if request.GET.get("for") == "members":
        rows = rows.filter(role=ParticipantRole.MEMBER, member__isnull=False)
    else:
        rows = rows.filter(
            Q(role=ParticipantRole.GUEST)
            | Q(role=ParticipantRole.MEMBER, status=AttendanceStatus.PRESENT)
        )
    if key:
        rows = rows.filter(search_name__contains=key)
    rows = list(rows.order_by("role", "order", "pk")[:MAX_CANDIDATES])
    # Whole-word matches first: "hoa" lists Tô Thái Hòa before Hoàng Văn Nam.
    rows.sort(key=lambda p: person_rank(p.search_name, key) if key else 0)
    rows = rows[:MAX_SUGGESTIONS]
    return JsonResponse(
        {
            "results": [
                {
                    "id": p.pk,
                    "name": p.full_name,
                    "detail": ", ".join(
                        str(x) for x in (p.title, p.organization, p.get_non_member_display()) if x
                    )[:120],
                }
                for p in rows
            ]
        }
    )


@require_GET
@login_required
def catalog(request: HttpRequest) -> JsonResponse:
    """Catalogue items whose code or words contain the query, with or without diacritics."""
    query = _query(request)
    items = CatalogItem.objects.matching(query) if fold(query) else CatalogItem.objects.none()
    return JsonResponse(
        {
            "results": [
                {"code": item.code, "text": item.wording[:160], "group": item.group_name}
                for item in items[:MAX_SUGGESTIONS]
            ]
        }
    )


@require_GET
@recording_view
def decision_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    """Adopted or not, by which rule and over which denominator, for the votes as typed."""
    prefix = request.GET.get("prefix", "decision-new")
    if not prefix.startswith("decision-") or len(prefix) > 40:
        raise Http404
    context = load_context(request, pk, rules=True)
    form = DecisionForm(request.GET, context=context, prefix=prefix)
    form.is_valid()
    return render(
        request,
        "minutes/recording/_outcome.html",
        {"outcome": form.outcome(), "denominator": context.denominator, "live": True},
    )
