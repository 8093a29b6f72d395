"""From an empty database and one administrator account to the first meeting, through the pages.

The "done when" of the register: a committee starts using Biên bản without the
Django admin. Every step here is a page a person uses; nothing is created with
the ORM except the administrator account itself.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members.models import Member, Organization, Role
from minutes.audit import verify_chain
from minutes.models import Meeting

CODE_RE = re.compile(r"\b[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}\b")
PASSWORD = "Chi-bo-van-phong-2026"


@pytest.fixture
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db
def test_a_committee_goes_from_an_empty_database_to_its_first_meeting(client, fast_passwords):
    admin = get_user_model().objects.create_superuser("admin", password=PASSWORD)
    client.force_login(admin)

    # 1. The committee at the top of the tree.
    response = client.post(
        reverse("organization_create"),
        {
            "name": "Đảng bộ Cơ quan Sở Nội vụ",
            "kind": "agency",
            "symbol": "ĐU",
            "place_name": "Hà Tĩnh",
            "term_start": "1/7/2025",
        },
    )
    assert response.status_code == 302
    committee = Organization.objects.get()

    # 2. The roster from a spreadsheet: the sample file the import page offers.
    sample = client.get(reverse("register_import_sample"))
    assert sample.status_code == 200
    response = client.post(
        reverse("register_import"),
        {
            "committee": committee.pk,
            "file": SimpleUploadedFile("so-dang-vien.xlsx", sample.content),
        },
    )
    preview = client.get(response["Location"]).content.decode()
    assert "Chi bộ mới sẽ được tạo" in preview and "Chi bộ Văn phòng" in preview
    assert "Thêm mới: 86" in preview
    confirm_url = re.search(r'action="([^"]*/confirm/)"', preview).group(1)
    client.post(confirm_url, {"confirm_new_cells": "on"})
    cell = Organization.objects.get(name="Chi bộ Văn phòng")
    assert cell.parent == committee and Member.objects.filter(cell=cell).count() == 86

    # 3. The roster page counts what a meeting will count.
    roster = client.get(reverse("register_roster", args=[cell.pk])).content.decode()
    assert re.search(r'id="fig-total">\s*86<', roster)
    assert re.search(r'id="fig-exempt">\s*34<', roster)

    # 4. Accounts for the cell, and the recorder role for its secretary.
    secretary = Member.objects.get(cell=cell, position="bi_thu")
    create_url = reverse("accounts_create_for_cell", args=[cell.pk])
    response = client.post(create_url, {"members": [secretary.pk], "role": Role.RECORDER})
    sheet = client.get(response["Location"]).content.decode()
    assert secretary.full_name in sheet
    (code,) = set(CODE_RE.findall(sheet))
    secretary.refresh_from_db()
    username = secretary.user.username
    assert username in sheet

    # 5. The secretary activates the account with the printed code and logs in.
    person = Client()
    response = person.post(
        reverse("activate_code", args=[code]),
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert response.status_code == 302
    person = Client()
    response = person.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302

    # 6. The first meeting: the attendance rows are the imported roster.
    response = person.post(
        reverse("recording_start"),
        {
            "cell": cell.pk,
            "kind": "regular",
            "date": timezone.localdate().isoformat(),
            "start_time": "08:00",
            "place": "Phòng họp Sở Nội vụ",
        },
    )
    meeting = Meeting.objects.get(cell=cell)
    assert response["Location"] == reverse("recording_editor", args=[meeting.pk])
    editor = person.get(response["Location"]).content.decode()
    # Nobody is presumed present until the secretary takes attendance.
    assert "Có mặt 0/49" in editor and "Chưa điểm danh: 49" in editor
    person.post(reverse("recording_all_present", args=[meeting.pk]))
    editor = person.get(response["Location"]).content.decode()
    assert "Có mặt 49/49" in editor
    assert "miễn sinh hoạt: 34" in editor
    assert verify_chain() == []
