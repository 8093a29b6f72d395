"""The roster import as committee staff use it: preview, confirm, all or nothing, access.

Files are made in memory (see test_import_files.py for the bad-file matrix).
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.urls import reverse
from openpyxl import load_workbook

from members.importing.reading import MAX_BYTES
from members.importing.template import sample_bytes, template_bytes, workbook_bytes
from members.models import (
    Attachment,
    EventKind,
    ImportStatus,
    Member,
    MemberEvent,
    Organization,
    RegisterImport,
    Role,
)
from members.services.imports import ImportRefused, apply_import, preview_import
from minutes.audit import Action, verify_chain
from minutes.models import AuditEvent
from minutes.rules import attendance_figures
from minutes.services.meetings import create_meeting
from tests.factories import CellFactory, CommitteeFactory, MemberFactory, UserFactory, grant

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def person(name: str, card: str = "", cell: str = "Chi bộ Văn phòng", **values) -> dict:
    return {
        "cell": cell,
        "full_name": name,
        "gender": "Nam",
        "birth_date": dt.date(1980, 3, 12),
        "card_number": card,
        "admitted_on": dt.date(2010, 6, 21),
        "official_on": dt.date(2011, 6, 21),
        "position": "Đảng viên",
        "job_title": "Chuyên viên",
    } | values


PEOPLE = [
    person("Tô Thái Hòa", "101", position="Bí thư"),
    person("Nguyễn Thị Minh Nguyệt", "102", gender="Nữ"),
    person("Phan Đình Tuấn", "103"),
    person("Lê Văn Cường", "104", exempt_from=dt.date(2020, 1, 1), exempt_reason="Tuổi cao"),
    person("Hồ Văn Em", "105", attachment="đi", attachment_place="Trường Chính trị tỉnh"),
]


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    # Many accounts per test; the production hasher is deliberately slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def committee(db):
    committee = CommitteeFactory(name="Đảng bộ Cơ quan tỉnh")
    CellFactory(name="Chi bộ Văn phòng", parent=committee)
    return committee


@pytest.fixture
def staff(committee):
    user = UserFactory(username="import-staff")
    grant(user, committee, Role.REVIEWER)
    return user


def previewed(committee, staff, rows, name="danh-sach.xlsx"):
    return preview_import(
        committee=committee, content=workbook_bytes(rows), file_name=name, by=staff
    )


# --- the service -------------------------------------------------------------------


def test_preview_writes_nothing_but_the_file(committee, staff):
    imp, plan = previewed(committee, staff, PEOPLE)
    assert imp.status == ImportStatus.PREVIEWED and imp.rows == 5
    assert bytes(imp.content) == workbook_bytes(PEOPLE)
    assert plan.counts()["added"] == 5
    assert not Member.objects.exists()
    assert not AuditEvent.objects.exists()


def test_apply_writes_members_events_and_one_audit_event_per_cell(committee, staff):
    imp, _plan = previewed(
        committee, staff, PEOPLE + [person("Bùi Văn Khoa", "201", cell="Chi bộ Tài chính")]
    )
    outcome = apply_import(imp, by=staff, confirm_new_cells=True)
    assert outcome.changed
    assert outcome.message == (
        "Đã nhập: thêm 6, cập nhật 0, không đổi 0 đảng viên; tạo 1 chi bộ mới."
    )
    new_cell = Organization.objects.get(name="Chi bộ Tài chính")
    assert new_cell.parent == committee and new_cell.is_cell
    away = Member.objects.get(card_number="105")
    assert away.attachment == Attachment.TEMP_OUT
    assert away.attachment_place == "Trường Chính trị tỉnh"
    exempt = Member.objects.get(card_number="104")
    assert exempt.exempt_from == dt.date(2020, 1, 1) and exempt.exempt_reason == "Tuổi cao"
    assert exempt.search_name == "le van cuong"
    assert MemberEvent.objects.filter(kind=EventKind.JOINED).count() == 6
    imported = AuditEvent.objects.filter(action=Action.REGISTER_IMPORTED)
    assert sorted(imported.values_list("organization__name", flat=True)) == [
        "Chi bộ Tài chính",
        "Chi bộ Văn phòng",
    ]
    imp.refresh_from_db()
    assert imp.status == ImportStatus.APPLIED and imp.summary["added"] == 6
    assert verify_chain() == []


def test_confirming_twice_writes_once(committee, staff):
    imp, _plan = previewed(committee, staff, PEOPLE)
    apply_import(imp, by=staff)
    again = apply_import(imp, by=staff)
    assert not again.changed
    assert again.message == "Tệp này đã được nhập rồi, không ghi lại lần nữa."
    assert Member.objects.count() == 5
    assert AuditEvent.objects.filter(action=Action.REGISTER_IMPORTED).count() == 1


def test_new_cells_need_confirmation(committee, staff):
    imp, plan = previewed(committee, staff, [person("Bùi Văn Khoa", "201", cell="Chi bộ Mới")])
    assert [c.name for c in plan.new_cells] == ["Chi bộ Mới"]
    with pytest.raises(ImportRefused, match="xác nhận tạo 1 chi bộ mới"):
        apply_import(imp, by=staff)
    assert not Organization.objects.filter(name="Chi bộ Mới").exists()


def test_rows_with_errors_block_the_import(committee, staff):
    rows = PEOPLE + [person("Lỗi Ngày", "999", admitted_on="31/02/2019")]
    imp, plan = previewed(committee, staff, rows)
    assert [str(p) for p in plan.errors] == [
        "Dòng 7, cột Ngày vào Đảng: '31/02/2019' không phải là ngày."
    ]
    with pytest.raises(ImportRefused, match="còn 1 lỗi"):
        apply_import(imp, by=staff)
    assert not Member.objects.exists()


def test_reimporting_the_same_file_changes_nothing(committee, staff):
    imp, _plan = previewed(committee, staff, PEOPLE)
    apply_import(imp, by=staff)
    before = list(Member.objects.order_by("pk").values())
    again, plan = previewed(committee, staff, PEOPLE)
    counts = plan.counts()
    assert (counts["added"], counts["updated"], counts["unchanged"]) == (0, 0, 5)
    apply_import(again, by=staff)
    assert list(Member.objects.order_by("pk").values()) == before
    assert MemberEvent.objects.filter(kind=EventKind.DETAILS).count() == 0
    assert verify_chain() == []


def test_a_corrected_file_updates_members_matched_by_card(committee, staff):
    imp, _plan = previewed(committee, staff, PEOPLE)
    apply_import(imp, by=staff)
    corrected = [dict(p) for p in PEOPLE]
    corrected[2]["job_title"] = "Phó Chánh Văn phòng"
    corrected[2]["full_name"] = "Phan  Đình   Tuấn"  # spaces are not a change
    corrected[1]["official_on"] = dt.date(2011, 7, 1)
    imp2, plan = previewed(committee, staff, corrected)
    updated = {u.member.full_name: u.changes for u in plan.cells[0].updated}
    assert updated == {"Phan Đình Tuấn": ["job_title"], "Nguyễn Thị Minh Nguyệt": ["official_on"]}
    apply_import(imp2, by=staff)
    assert Member.objects.get(card_number="103").job_title == "Phó Chánh Văn phòng"
    event = MemberEvent.objects.get(kind=EventKind.DETAILS, member__card_number="103")
    assert "Chức vụ, đơn vị công tác" in event.reason
    assert Member.objects.count() == 5


def test_rows_without_card_match_by_name_and_birth_date_with_a_warning(committee, staff):
    cell = committee.children.get()
    member = MemberFactory(cell=cell, full_name="Trần Văn Bình", birth_date=dt.date(1975, 5, 1))
    rows = [
        person("Trần Văn Bình", "", birth_date=dt.date(1975, 5, 1), job_title="Kế toán"),
        person("Trần Văn Bình", "", birth_date=dt.date(1990, 1, 1)),  # another person
    ]
    imp, plan = previewed(committee, staff, rows)
    assert [str(w) for w in plan.warnings] == [
        "Dòng 2, cột Số thẻ đảng viên: không có số thẻ đảng viên: đã khớp theo họ tên và "
        "ngày sinh với đồng chí Trần Văn Bình."
    ]
    assert [u.member for u in plan.cells[0].updated] == [member]
    assert len(plan.cells[0].added) == 1
    apply_import(imp, by=staff)
    member.refresh_from_db()
    assert member.job_title == "Kế toán"


def test_a_failure_in_the_middle_writes_nothing(committee, staff, monkeypatch):
    imp, _plan = previewed(
        committee, staff, PEOPLE + [person("Bùi Văn Khoa", "201", cell="Chi bộ Mới")]
    )

    def fail(*args, **kwargs):
        raise DatabaseError("disk full")

    # After the cells and members are written, the events fail: everything is undone.
    monkeypatch.setattr(MemberEvent.objects, "bulk_create", fail)
    with pytest.raises(DatabaseError):
        apply_import(imp, by=staff, confirm_new_cells=True)
    assert not Member.objects.exists()
    assert not Organization.objects.filter(name="Chi bộ Mới").exists()
    assert not AuditEvent.objects.exists()
    imp.refresh_from_db()
    assert imp.status == ImportStatus.PREVIEWED


def test_only_committee_staff_preview_and_apply(committee, staff):
    from django.core.exceptions import PermissionDenied

    cell = committee.children.get()
    recorder = UserFactory(username="import-recorder")
    grant(recorder, cell, Role.RECORDER)
    with pytest.raises(PermissionDenied):
        preview_import(committee=committee, content=b"x", file_name="a.csv", by=recorder)
    imp, _plan = previewed(committee, staff, PEOPLE)
    with pytest.raises(PermissionDenied):
        apply_import(imp, by=recorder)
    other = UserFactory(username="import-other")
    grant(other, CommitteeFactory(), Role.REVIEWER)
    with pytest.raises(PermissionDenied):
        apply_import(imp, by=other)


def test_the_sample_gives_the_attendance_figures_of_a_real_cell(committee, staff):
    imp, plan = preview_import(
        committee=committee, content=sample_bytes(), file_name="vi-du.xlsx", by=staff
    )
    assert plan.ok and plan.counts()["added"] == 86
    apply_import(imp, by=staff)
    cell = Organization.objects.get(name="Chi bộ Văn phòng")
    meeting = create_meeting(
        cell=cell,
        kind="regular",
        date=dt.date.today(),
        start_time=dt.time(8, 0),
        place="Hội trường",
    )
    figures = attendance_figures(meeting.participants.all())
    assert (figures.total, figures.exempt, figures.temp_out) == (86, 34, 3)
    assert figures.probationary == 4
    assert figures.expected == 86 - 34 - 3


def test_the_sample_is_deterministic():
    day = dt.date(2025, 1, 15)
    first = load_workbook(io.BytesIO(sample_bytes(day)), read_only=True).active
    second = load_workbook(io.BytesIO(sample_bytes(day)), read_only=True).active
    assert list(first.values) == list(second.values)


# --- the pages ---------------------------------------------------------------------


def upload(client, committee, content: bytes, name="danh-sach.xlsx"):
    return client.post(
        reverse("register_import"),
        {"committee": committee.pk, "file": SimpleUploadedFile(name, content)},
    )


def test_upload_preview_confirm_through_the_pages(client, committee, staff):
    client.force_login(staff)
    page = client.get(reverse("register_import"))
    assert page.status_code == 200
    assert "tối đa 5 MB và 20.000 dòng" in page.content.decode()

    rows = PEOPLE + [person("Bùi Văn Khoa", "201", cell="Chi bộ Tài chính")]
    response = upload(client, committee, workbook_bytes(rows))
    imp = RegisterImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("register_import_preview", args=[imp.pk])

    preview = client.get(response["Location"]).content.decode()
    assert "Chi bộ mới sẽ được tạo" in preview
    assert "Chi bộ Tài chính" in preview
    assert "Thêm mới: 6" in preview
    assert "Tô Thái Hòa" in preview
    assert 'name="confirm_new_cells"' in preview

    # Without ticking the box: nothing is written.
    response = client.post(reverse("register_import_confirm", args=[imp.pk]), follow=True)
    assert "Hãy xác nhận tạo 1 chi bộ mới trước khi nhập." in response.content.decode()
    assert not Member.objects.exists()

    response = client.post(
        reverse("register_import_confirm", args=[imp.pk]), {"confirm_new_cells": "on"}, follow=True
    )
    page = response.content.decode()
    assert "Đã nhập: thêm 6, cập nhật 0, không đổi 0 đảng viên; tạo 1 chi bộ mới." in page
    assert Member.objects.count() == 6
    for cell in Organization.objects.cells():
        assert f'href="{reverse("register_roster", kwargs={"pk": cell.pk})}"' in page
    response = client.post(
        reverse("register_import_confirm", args=[imp.pk]), {"confirm_new_cells": "on"}, follow=True
    )
    assert "Tệp này đã được nhập rồi" in response.content.decode()
    assert Member.objects.count() == 6


def test_the_preview_lists_every_error_and_offers_no_confirmation(client, committee, staff):
    client.force_login(staff)
    rows = [person(f"Người số {i}", str(i), admitted_on="31/02/2019") for i in range(150)]
    response = upload(client, committee, workbook_bytes(rows))
    page = client.get(response["Location"]).content.decode()
    assert "150 lỗi: chưa thể nhập" in page
    assert "Dòng 2, cột Ngày vào Đảng: &#x27;31/02/2019&#x27; không phải là ngày." in page
    assert "Trang 1/2" in page
    assert "import-confirm-form" not in page
    page2 = client.get(response["Location"] + "?page=2").content.decode()
    assert "Dòng 151, cột Ngày vào Đảng" in page2


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"%PDF-1.4\x00\x00", "bien-ban.pdf", "Tệp không phải bảng tính XLSX hay CSV."),
        (b"", "rong.csv", "Tệp rỗng (0 byte)."),
        (b"x" * (MAX_BYTES + 1), "lon.csv", "Tệp lớn hơn 5 MB."),
        (b"a,b\n1,2\n", "a.csv", "Không tìm thấy dòng tiêu đề"),
    ],
)
def test_bad_files_get_a_message_never_a_500(client, committee, staff, content, name, message):
    client.force_login(staff)
    response = upload(client, committee, content, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RegisterImport.objects.exists()


def test_member_text_is_escaped(client, committee, staff):
    client.force_login(staff)
    response = upload(client, committee, workbook_bytes([person("<script>alert(1)</script>", "1")]))
    page = client.get(response["Location"]).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_template_and_sample_downloads(client, committee, staff):
    client.force_login(staff)
    response = client.get(reverse("register_import_template"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows = list(sheet.values)
    assert rows[0][:3] == ("Chi bộ", "Họ và tên", "Giới tính")
    assert len(rows) == 2
    assert response.content[:4] == template_bytes()[:4]
    response = client.get(reverse("register_import_sample"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    assert len(list(sheet.values)) == 87


def test_discard(client, committee, staff):
    client.force_login(staff)
    response = upload(client, committee, workbook_bytes(PEOPLE))
    imp = RegisterImport.objects.get()
    client.post(reverse("register_import_discard", args=[imp.pk]))
    imp.refresh_from_db()
    assert imp.status == ImportStatus.DISCARDED
    response = client.post(reverse("register_import_confirm", args=[imp.pk]), follow=True)
    assert "Tệp này đã bị hủy" in response.content.decode()
    assert not Member.objects.exists()


# --- who gets what -----------------------------------------------------------------


@pytest.fixture
def people(committee, staff):
    cell = committee.children.get()
    member_user = UserFactory(username="imp-member")
    MemberFactory(cell=cell, user=member_user)
    recorder = UserFactory(username="imp-recorder")
    grant(recorder, cell, Role.RECORDER)
    chair = UserFactory(username="imp-chair")
    grant(chair, cell, Role.CHAIR)
    elsewhere = UserFactory(username="imp-elsewhere")
    grant(elsewhere, CellFactory(), Role.RECORDER)
    other_staff = UserFactory(username="imp-other-staff")
    grant(other_staff, CommitteeFactory(), Role.REVIEWER)
    admin = UserFactory(username="imp-admin", is_superuser=True, is_staff=True)
    return {
        "member": member_user,
        "recorder": recorder,
        "chair": chair,
        "reviewer": staff,
        "elsewhere": elsewhere,
        "other_staff": other_staff,
        "superuser": admin,
    }


@pytest.mark.parametrize(
    "who, upload_page, preview_page",
    [
        ("anonymous", 302, 302),
        ("member", 403, 404),
        ("recorder", 403, 404),
        ("chair", 403, 404),
        ("reviewer", 200, 200),
        ("elsewhere", 403, 404),
        ("other_staff", 200, 404),  # may import into their own committee, not see this one
        ("superuser", 200, 200),
    ],
)
def test_statuses_per_role(client, committee, staff, people, who, upload_page, preview_page):
    imp, _plan = previewed(committee, staff, PEOPLE)
    if who != "anonymous":
        client.force_login(people[who])
    assert client.get(reverse("register_import")).status_code == upload_page
    assert client.get(reverse("register_import_template")).status_code == upload_page
    assert client.get(reverse("register_import_sample")).status_code == upload_page
    assert client.get(reverse("register_import_preview", args=[imp.pk])).status_code == preview_page
    confirm = client.post(reverse("register_import_confirm", args=[imp.pk]))
    assert confirm.status_code == (302 if preview_page in (200, 302) else 404)
    if who not in ("reviewer", "superuser"):
        assert not Member.objects.filter(card_number="101").exists()


def test_staff_cannot_import_into_a_committee_not_theirs(client, committee, people):
    client.force_login(people["other_staff"])
    response = upload(client, committee, workbook_bytes(PEOPLE))
    assert response.status_code == 200
    assert "committee" in response.context["form"].errors
    assert not RegisterImport.objects.exists()


def test_reviewer_from_above_may_import(client, committee):
    top = CommitteeFactory(name="Tỉnh ủy")
    committee.parent = top
    committee.save()
    for org in Organization.objects.filter(parent=committee):
        org.save()
    user = UserFactory(username="imp-top")
    grant(user, top, Role.REVIEWER)
    client.force_login(user)
    response = upload(client, committee, workbook_bytes(PEOPLE))
    assert response.status_code == 302
