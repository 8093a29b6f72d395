"""Every "Xem trong biên bản" link of the preview's problem list lands on a part of the
document shown beside it, whatever the shape of the meeting."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from members.models import Role
from minutes.models import AttendanceStatus, Meeting, MeetingKind, Participant
from tests.factories import UserFactory, grant, meeting_with_parts

pytestmark = pytest.mark.django_db

SHAPES = {
    # A thematic meeting with no report: the preview asks for one.
    "thematic": {"kind": MeetingKind.THEMATIC, "topic": "Học tập và làm theo tấm gương"},
    "combined": {"kind": MeetingKind.COMBINED, "topic": "Phân loại rác thải tại nguồn"},
    # Time and place unknown, a member unmarked: problems in the opening and attendance.
    "unknown facts": {"kind": MeetingKind.REGULAR, "start_time": None, "place": ""},
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_each_document_link_of_the_problem_list_lands_on_a_part(client, shape):
    meeting = meeting_with_parts(turns=0, decisions=1)
    Meeting.objects.filter(pk=meeting.pk).update(**SHAPES[shape])
    first = Participant.objects.filter(meeting=meeting, role="member").order_by("order").first()
    Participant.objects.filter(pk=first.pk).update(status=AttendanceStatus.UNMARKED)
    user = UserFactory()
    grant(user, meeting.cell, Role.RECORDER)
    client.force_login(user)
    page = client.get(reverse("recording_preview", args=[meeting.pk])).content.decode()
    links = re.findall(r'<a href="#(part-[^"]+)">Xem trong biên bản</a>', page)
    assert links, "the preview lists problems with a link into the document"
    ids = set(re.findall(r'\bid="(part-[^"]+)"', page))
    assert [link for link in links if link not in ids] == []
