"""`{% document_issuing meeting %}`: where the signed PDF of approved minutes stands.

Shows nothing for minutes that are not approved or whose document was there
when the page was loaded; otherwise the panel of
templates/minutes/documents/_issuing_status.html (in progress and polling,
or failed with the reason and, for a reviewer, a button to try again).
"""

from __future__ import annotations

from django import template

from minutes.services.documents import issuing_state

register = template.Library()


@register.inclusion_tag("minutes/documents/_issuing_status.html", takes_context=True)
def document_issuing(context, meeting) -> dict:
    request = context["request"]
    return {
        "meeting": meeting,
        "issuing": issuing_state(request.user, meeting),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
