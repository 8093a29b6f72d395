"""Who sees what: roles reach down the tree; members see their own cell's approved minutes."""

import pytest
from django.urls import reverse

from members.access import can_record, can_review, meetings_visible_to
from members.models import Role
from minutes.models import Meeting, MinutesStatus
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    MemberFactory,
    UserFactory,
    grant,
    meeting_with_parts,
)


@pytest.fixture
def tree():
    committee = CommitteeFactory(name="Đảng bộ Cơ quan")
    cell = CellFactory(parent=committee, name="Chi bộ Quản lý đô thị")
    other_committee = CommitteeFactory(name="Đảng bộ Khác")
    other = CellFactory(parent=other_committee, name="Chi bộ Khác")
    return committee, cell, other


@pytest.mark.django_db
def test_a_role_on_a_committee_reaches_every_cell_below_it(tree):
    committee, cell, other = tree
    reviewer = UserFactory()
    grant(reviewer, committee, Role.REVIEWER)
    mine = meeting_with_parts(cell, members=2)
    meeting_with_parts(other, members=2)
    assert list(meetings_visible_to(reviewer)) == [mine]
    assert can_review(reviewer, cell) is True
    assert can_review(reviewer, other) is False
    assert can_record(reviewer, cell) is False


@pytest.mark.django_db
def test_a_reviewer_role_on_the_cell_itself_does_not_review_it(tree):
    committee, cell, other = tree
    user = UserFactory()
    grant(user, cell, Role.REVIEWER)
    assert can_review(user, cell) is False


@pytest.mark.django_db
def test_a_plain_member_sees_only_approved_minutes_of_their_own_cell(tree):
    committee, cell, other = tree
    user = UserFactory()
    MemberFactory(cell=cell, user=user)
    draft = meeting_with_parts(cell, members=2)
    approved = meeting_with_parts(cell, members=2)
    Meeting.objects.filter(pk=approved.pk).update(status=MinutesStatus.APPROVED)
    meeting_with_parts(other, members=2)
    assert list(meetings_visible_to(user)) == [approved]
    assert draft not in meetings_visible_to(user)


@pytest.mark.django_db
def test_nobody_without_a_role_sees_anything(tree):
    meeting_with_parts(tree[1], members=2)
    assert meetings_visible_to(UserFactory()).count() == 0


@pytest.mark.django_db
def test_the_minutes_page_shows_the_record_to_its_recorder_and_404s_for_an_outsider(client, tree):
    committee, cell, other = tree
    meeting = meeting_with_parts(cell, members=3, guests=1)
    recorder, outsider = UserFactory(), UserFactory()
    grant(recorder, cell, Role.RECORDER)
    grant(outsider, other, Role.RECORDER)
    url = reverse("meeting_detail", args=[meeting.pk])

    client.force_login(recorder)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "CHI BỘ QUẢN LÝ ĐÔ THỊ" in page
    assert "3/3" in page

    client.force_login(outsider)
    assert client.get(url).status_code == 404
    list_page = client.get(reverse("meeting_list")).content.decode()
    assert "Chi bộ Quản lý đô thị" not in list_page


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page(client, tree):
    meeting = meeting_with_parts(tree[1], members=2)
    response = client.get(reverse("meeting_detail", args=[meeting.pk]))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
