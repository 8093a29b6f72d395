"""Quality assessment on shared pages, without touching their views.

`{% quality_editor_section meeting %}`: the editor's "Tự đánh giá chất lượng
sinh hoạt" section, a cached part (minutes.parts) like the editor's other
sections: built once per change of the minutes (saving the self-assessment
moves the meeting's `updated_at`; a framework or adoption change bumps the
parts generation), so a warm editor reads no more queries than before.

`{% quality_assessments meeting %}`: the review page's panel, the cell's own
assessment and the superior's side by side, each labelled, never mixed.
"""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string

from minutes.forms.quality import AssessmentForm
from minutes.models import AssessmentSource, QualityAssessment, QualityFramework
from minutes.parts import TOKEN_MARK, cached_part
from minutes.services import quality as services

register = template.Library()


def _self_assessment(meeting) -> QualityAssessment | None:
    loaded = getattr(meeting, "self_assessments", None)  # selectors.with_parts
    if loaded is not None:
        return loaded[0] if loaded else None
    return (
        QualityAssessment.objects.filter(meeting=meeting, source=AssessmentSource.SELF)
        .select_related("framework")
        .first()
    )


def _render_editor_section(meeting) -> str:
    existing = _self_assessment(meeting)
    if existing is not None:
        framework = QualityFramework.objects.prefetch_related("criteria", "grades").get(
            pk=existing.framework_id
        )
        initial = dict(existing.scores.values_list("criterion_id", "points"))
    else:
        framework = services.framework_for(meeting)
        initial = {}
    form = (
        AssessmentForm(
            framework=framework,
            initial_points=initial,
            initial={"note": existing.note if existing else ""},
        )
        if framework is not None
        else None
    )
    return render_to_string(
        "minutes/quality/_editor_section.html",
        {
            "meeting": meeting,
            "framework": framework,
            "existing": existing,
            "form": form,
            "csrf_token": TOKEN_MARK,
        },
    )


@register.simple_tag
def quality_editor_section(meeting):
    return cached_part(meeting, "quality-self", lambda: _render_editor_section(meeting))


@register.inclusion_tag("minutes/quality/_assessments.html", takes_context=True)
def quality_assessments(context, meeting) -> dict:
    request = context["request"]
    superior = (
        QualityAssessment.objects.filter(meeting=meeting, source=AssessmentSource.SUPERIOR)
        .select_related("framework")
        .first()
    )
    return {
        "meeting": meeting,
        "own": _self_assessment(meeting),
        "superior": superior,
        "can_assess": services.can_assess_as_superior(request.user, meeting),
    }
