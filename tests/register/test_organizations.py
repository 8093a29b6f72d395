"""Committees and cells set up from the app: who may add them, what is checked, what is kept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from members.models import Organization, OrganizationKind, Role
from minutes.audit import verify_chain
from minutes.models import AuditEvent
from tests.factories import CellFactory, CommitteeFactory, UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def test_an_administrator_starts_the_tree_from_an_empty_database(admin_client):
    page = admin_client.get(reverse("organization_list"))
    assert "Chưa có tổ chức đảng nào" in page.content.decode()

    response = admin_client.post(
        reverse("organization_create"),
        {
            "name": "Đảng bộ Cơ quan  HĐND - UBND  Thành phố",
            "kind": OrganizationKind.AGENCY_COMMITTEE,
            "symbol": "ĐU",
            "place_name": "Hà Tĩnh",
            "header_name": "",
            "term_start": "1/7/2020",
        },
    )
    assert response.status_code == 302
    committee = Organization.objects.get()
    # Spaces collapsed, diacritics kept exactly.
    assert committee.name == "Đảng bộ Cơ quan HĐND - UBND Thành phố"
    assert committee.term_start.isoformat() == "2020-07-01"

    admin_client.post(
        reverse("organization_create"),
        {
            "parent": committee.pk,
            "name": "Chi bộ Quản lý đô thị",
            "kind": OrganizationKind.CELL,
            "place_name": "Hà Tĩnh",
        },
    )
    cell = Organization.objects.get(kind=OrganizationKind.CELL)
    assert cell.parent == committee and cell.path.startswith(committee.path)
    assert cell.symbol == "CB" and cell.term_start == committee.term_start

    listing = admin_client.get(reverse("organization_list")).content.decode()
    assert listing.index("Đảng bộ Cơ quan HĐND - UBND Thành phố") < listing.index(
        "Chi bộ Quản lý đô thị"
    )
    assert AuditEvent.objects.filter(action="organization_created").count() == 2
    assert verify_chain() == []


def test_a_name_already_used_under_the_same_committee_is_refused(admin_client):
    committee = CommitteeFactory()
    CellFactory(parent=committee, name="Chi bộ Văn phòng")
    response = admin_client.post(
        reverse("organization_create"),
        {"parent": committee.pk, "name": "chi bộ văn phòng", "kind": "cell", "place_name": "X"},
    )
    assert response.status_code == 200
    assert "Đã có một tổ chức trực thuộc cùng cấp mang tên này." in response.content.decode()
    assert Organization.objects.filter(parent=committee).count() == 1


def test_committee_staff_add_below_their_committee_and_nowhere_else(client):
    committee = CommitteeFactory(name="Đảng bộ A")
    other = CommitteeFactory(name="Đảng bộ B")
    staff = UserFactory()
    grant(staff, committee, Role.REVIEWER)
    client.force_login(staff)

    listing = client.get(reverse("organization_list")).content.decode()
    assert "Đảng bộ A" in listing and "Đảng bộ B" not in listing
    # Starting a new tree is for administrators only.
    assert client.get(reverse("organization_create")).status_code == 403
    # Another committee is out of sight.
    assert client.get(reverse("organization_create") + f"?parent={other.pk}").status_code == 404
    assert client.get(reverse("organization_edit", args=[other.pk])).status_code == 404

    response = client.post(
        reverse("organization_create"),
        {"parent": committee.pk, "name": "Chi bộ Mới", "kind": "cell", "place_name": ""},
    )
    assert response.status_code == 302
    assert Organization.objects.get(name="Chi bộ Mới").place_name == committee.place_name


def test_a_cell_recorder_is_not_committee_staff(client):
    cell = CellFactory()
    recorder = UserFactory()
    grant(recorder, cell, Role.RECORDER)
    client.force_login(recorder)
    assert client.get(reverse("organization_list")).status_code == 403
    assert client.get(reverse("organization_edit", args=[cell.pk])).status_code == 404


def test_editing_keeps_what_was_typed_when_it_is_wrong(admin_client):
    committee = CommitteeFactory(name="Đảng bộ A")
    url = reverse("organization_edit", args=[committee.pk])
    response = admin_client.post(
        url,
        {
            "name": "Đảng bộ A mới <b>",
            "symbol": "",
            "place_name": "Hà Tĩnh",
            "term_start": "31/02/2020",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Đảng bộ A mới &lt;b&gt;" in body  # kept, and escaped
    committee.refresh_from_db()
    assert committee.name == "Đảng bộ A"

    admin_client.post(url, {"name": "Đảng bộ A mới", "symbol": "ĐU", "place_name": "Hà Tĩnh"})
    committee.refresh_from_db()
    assert committee.name == "Đảng bộ A mới"
    event = AuditEvent.objects.get(action="organization_changed")
    assert "tên" in event.comment
