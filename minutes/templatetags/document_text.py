"""`text|unbreakable`: the official text in pieces, for the document templates.

Document symbols and dates ("03-HD/Th.U", "21/6/2022") must never be split
across lines (minutes.vnformat.unbreakable_segments). The filter only splits
the plain text; the template wraps the kept pieces in a no-wrap span and
escapes every piece itself, so no HTML is built here:

    {% for s in line.text|unbreakable %}{% if s.keep %}<span class="doc-keep">{{ s.text }}</span>{% else %}{{ s.text }}{% endif %}{% endfor %}

The DOCX renderer (minutes.docx) uses the same segmentation.
"""

from __future__ import annotations

from django import template

from minutes import vnformat as vn

register = template.Library()


@register.filter
def unbreakable(text: object) -> list[vn.Segment]:
    return vn.unbreakable_segments(str(text) if text is not None else "")
