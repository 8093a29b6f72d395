"""Approved minutes cannot be changed by any path: model saves, deletes, bulk writes, tags,
the admin. (The editor and its htmx endpoints: tests/review/test_locked_pages.py.)"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from minutes.document import build_document
from minutes.models import (
    ActionStatus,
    AgendaItem,
    CatalogItem,
    CorrectiveAction,
    Decision,
    DirectivePoint,
    LockedMinutesError,
    Meeting,
    MinutesStatus,
    Participant,
    Report,
    Shortcoming,
    SpeakingTurn,
)
from minutes.models.meeting import workflow_write
from minutes.selectors import with_parts
from minutes.services import workflow
from tests.factories import MemberFactory
from tests.review.conftest import approved, fresh, make_meeting, submitted

pytestmark = pytest.mark.django_db

LOCKED = "Biên bản đã được duyệt, không thể sửa"


@contextmanager
def refused(match: str = LOCKED):
    """Expect LockedMinutesError; a savepoint keeps the test's transaction usable, as a
    refusal from inside an UPDATE marks the enclosing transaction for rollback."""
    with pytest.raises(LockedMinutesError, match=match), transaction.atomic():
        yield


def add_every_part(meeting: Meeting) -> None:
    """One row of each kind the factory does not make (reports, shortcomings, actions)."""
    speaker = meeting.participants.first()
    Report.objects.create(meeting=meeting, presenter=speaker, title="Báo cáo chuyên đề")
    shortcoming = Shortcoming.objects.create(
        meeting=meeting, subject="cell", text="Chưa thường xuyên tự phê bình."
    )
    shortcoming.tags.add(CatalogItem.objects.first())
    CorrectiveAction.objects.create(
        meeting=meeting,
        shortcoming=shortcoming,
        text="Tổ chức tự phê bình hằng tháng.",
        owner_name="Chi ủy",
        deadline=dt.date(2022, 9, 30),
    )


@pytest.fixture
def locked(world, signing_key) -> Meeting:
    meeting = make_meeting(world)
    add_every_part(meeting)
    return approved(world, meeting)


def document_text(meeting: Meeting) -> str:
    return build_document(with_parts(Meeting.objects.filter(pk=meeting.pk)).get()).text()


PART_MODELS = [
    Participant,
    AgendaItem,
    Report,
    SpeakingTurn,
    Shortcoming,
    CorrectiveAction,
    DirectivePoint,
    Decision,
]
TEXT_FIELD = {
    Participant: "full_name",
    AgendaItem: "title",
    Report: "title",
    SpeakingTurn: "gist",
    Shortcoming: "text",
    CorrectiveAction: "text",
    DirectivePoint: "text",
    Decision: "text",
}


def test_saving_approved_minutes_is_refused(locked):
    before = document_text(locked)
    meeting = fresh(locked)
    meeting.conclusion = "Kết luận đã bị sửa."
    with refused():
        meeting.save()
    with refused():
        meeting.save(update_fields=["conclusion"])
    assert document_text(locked) == before


def test_a_stale_copy_loaded_before_approval_cannot_overwrite_it(world, signing_key):
    meeting = submitted(world)
    stale = fresh(meeting)  # loaded while submitted
    workflow.approve(meeting=meeting, by=world.reviewer)
    stale.conclusion = "Ghi đè sau khi duyệt."
    stale.status = MinutesStatus.DRAFT
    with refused():
        stale.save()
    assert fresh(meeting).status == MinutesStatus.APPROVED


def test_deleting_approved_minutes_is_refused(locked):
    with refused():
        fresh(locked).delete()
    with refused():
        Meeting.objects.filter(pk=locked.pk).delete()
    assert Meeting.objects.filter(pk=locked.pk).exists()


def test_bulk_updates_of_approved_minutes_are_refused(locked):
    with refused():
        Meeting.objects.filter(cell=locked.cell).update(place="Nơi khác")
    with refused():
        locked.cell.meetings.update(status=MinutesStatus.DRAFT)
    meeting = fresh(locked)
    meeting.place = "Nơi khác"
    with refused():
        Meeting.objects.bulk_update([meeting], ["place"])
    assert fresh(locked).place == "Hội trường cơ quan"


def test_derived_search_data_may_follow_approved_minutes(locked):
    assert Meeting.objects.filter(pk=locked.pk).update(search_document="tu soi tu sua") == 1
    meeting = fresh(locked)
    meeting.search_document = "khac"
    meeting.save(update_fields=["search_document"])
    assert fresh(locked).search_document == "khac"


@pytest.mark.parametrize("model", PART_MODELS, ids=lambda m: m.__name__)
def test_every_part_of_approved_minutes_is_locked(locked, model):
    before = document_text(locked)
    field = TEXT_FIELD[model]
    row = model.objects.filter(meeting=locked).first()
    assert row is not None, f"no {model.__name__} in the fixture"
    setattr(row, field, "Đã bị sửa")
    with refused():
        row.save()
    with refused():
        model.objects.filter(pk=row.pk).update(**{field: "Đã bị sửa"})
    with refused():
        getattr(locked, model._meta.get_field("meeting").remote_field.related_name).update(
            **{field: "x"}
        )
    with refused():
        model.objects.bulk_update([row], [field])
    with refused():
        model.objects.get(pk=row.pk).delete()
    with refused():
        model.objects.filter(meeting=locked).delete()
    extra = model.objects.get(pk=row.pk)
    extra.pk = None
    extra._state.adding = True
    with refused():
        extra.save()
    extra.pk = None
    with refused():
        model.objects.bulk_create([extra])
    assert document_text(locked) == before


def test_catalogue_tags_of_approved_minutes_are_locked(locked):
    shortcoming = Shortcoming.objects.get(meeting=locked)
    tag = CatalogItem.objects.exclude(pk__in=shortcoming.tags.all()).first()
    with refused():
        shortcoming.tags.add(tag)
    with refused():
        shortcoming.tags.clear()
    with refused():
        tag.shortcomings.add(shortcoming)
    assert shortcoming.tags.count() == 1


def test_corrective_actions_keep_their_follow_up_moving(locked, world):
    action = CorrectiveAction.objects.get(meeting=locked)
    action.status = ActionStatus.DONE
    action.done_at = dt.date(2022, 8, 1)
    action.save()
    CorrectiveAction.objects.filter(pk=action.pk).update(
        status=ActionStatus.VERIFIED, verified_by=world.reviewer
    )
    action = CorrectiveAction.objects.get(pk=action.pk)
    assert (action.status, action.verified_by) == (ActionStatus.VERIFIED, world.reviewer)
    # What was decided stays as decided.
    action.deadline = dt.date(2023, 1, 1)
    with refused():
        action.save()
    action = CorrectiveAction.objects.get(pk=action.pk)
    action.text = "Biện pháp khác"
    action.status = ActionStatus.IN_PROGRESS
    with refused():
        action.save()
    with refused():
        CorrectiveAction.objects.filter(pk=action.pk).update(owner_name="Người khác")
    action = CorrectiveAction.objects.get(pk=action.pk)
    assert (action.text, action.deadline, action.status) == (
        "Tổ chức tự phê bình hằng tháng.",
        dt.date(2022, 9, 30),
        ActionStatus.VERIFIED,
    )


def test_members_named_in_approved_minutes_cannot_be_deleted(locked):
    member = Participant.objects.filter(meeting=locked, member__isnull=False).first().member
    with refused("ghi ngày ra khỏi chi bộ"):
        member.delete()
    newcomer = MemberFactory(cell=locked.cell)
    newcomer.delete()  # nobody's minutes name them


def test_only_the_workflow_may_write_approved_minutes(locked):
    with workflow_write():
        Meeting.objects.filter(pk=locked.pk).update(superseded_at="2030-01-01T00:00:00Z")
    assert fresh(locked).superseded_at is not None
    # The permission ends with the block.
    with refused():
        Meeting.objects.filter(pk=locked.pk).update(superseded_at=None)


def test_draft_minutes_save_without_an_extra_query(world):
    """The guard rides on the UPDATE itself: an ordinary save costs one statement."""
    meeting = make_meeting(world)
    turn = SpeakingTurn.objects.filter(meeting=meeting).first()
    turn.gist = "Sửa khi còn là dự thảo."
    with CaptureQueriesContext(connection) as queries:
        turn.save()
    writes = [q["sql"] for q in queries.captured_queries if "UPDATE" in q["sql"]]
    assert len(writes) == 1
    assert len([q for q in queries.captured_queries if "SELECT" in q["sql"].split()[0]]) == 0
    assert meeting.status == MinutesStatus.DRAFT


def test_the_admin_cannot_change_minutes(locked, world, client):
    from django.contrib import admin

    client.force_login(world.admin)
    url = f"/admin/minutes/meeting/{locked.pk}/change/"
    assert client.get(url).status_code == 200  # read-only view
    response = client.post(url, {"place": "Nơi khác", "status": "draft"})
    assert response.status_code == 403
    assert (
        client.post(f"/admin/minutes/meeting/{locked.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert fresh(locked).place == "Hội trường cơ quan"
    for model in PART_MODELS:
        model_admin = admin.site._registry.get(model)
        if model_admin is not None:
            request = type("R", (), {"user": world.admin})()
            row = model.objects.filter(meeting=locked).first()
            assert not model_admin.has_change_permission(request, row), model
            assert not model_admin.has_delete_permission(request, row), model


def test_a_copy_refreshed_after_approval_is_refused_before_any_write(world, signing_key):
    meeting = submitted(world)
    copy = fresh(meeting)
    workflow.approve(meeting=meeting, by=world.reviewer)
    copy.refresh_from_db()
    copy.place = "Nơi khác"
    with CaptureQueriesContext(connection) as queries, pytest.raises(LockedMinutesError):
        copy.save()
    assert queries.captured_queries == []
