"""The audit trail is tamper-evident: verify_audit finds rows changed, removed or inserted with SQL."""

from __future__ import annotations

import io
import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from minutes.audit import event_hash, verify_chain
from minutes.models import AuditEvent
from minutes.services import workflow
from tests.review.conftest import make_meeting, returned

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(world):
    """Two meetings of the cell through several steps: one chain of 7 events."""
    first = returned(world)
    workflow.submit(meeting=first, by=world.chair)
    second = make_meeting(world)
    workflow.submit(meeting=second, by=world.chair)
    return first, second


def run_verify() -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, out.getvalue(), err.getvalue() + str(error)
    return 0, out.getvalue(), err.getvalue()


def sql(statement: str, params: list) -> None:
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(statement.format(table=table), params)


def test_an_untouched_trail_verifies(trail, world):
    events = list(AuditEvent.objects.order_by("pk"))
    assert [e.action for e in events] == [
        "chair_confirmed",
        "submitted",
        "returned",
        "submitted",
        "submitted",
    ]
    assert events[0].previous_hash == ""
    assert all(b.previous_hash == a.hash for a, b in itertools.pairwise(events))
    assert all(event_hash(e) == e.hash for e in events)
    code, out, _err = run_verify()
    assert code == 0
    assert f"organization #{world.cell.pk}: 5 events, head {events[-1].hash}" in out
    assert "audit trail intact: 5 events in 1 chains" in out


def test_a_row_changed_with_sql_is_reported(trail):
    event = AuditEvent.objects.get(action="returned")
    sql("UPDATE {table} SET comment = %s WHERE id = %s", ["Không có gì.", event.pk])
    code, _out, err = run_verify()
    assert code == 1
    assert f"event #{event.pk}: the event's content no longer matches its hash" in err
    assert "audit trail broken: 1 problem(s)" in err


def test_a_row_removed_with_sql_is_reported(trail):
    removed = AuditEvent.objects.get(action="returned")
    after = AuditEvent.objects.filter(pk__gt=removed.pk).order_by("pk").first()
    sql("DELETE FROM {table} WHERE id = %s", [removed.pk])
    code, _out, err = run_verify()
    assert code == 1
    assert f"event #{after.pk}: the link to the previous event is broken" in err


def test_the_newest_row_removed_shows_in_the_meetings_state(trail):
    _first, second = trail
    newest = AuditEvent.objects.order_by("-pk").first()
    sql("DELETE FROM {table} WHERE id = %s", [newest.pk])
    code, _out, err = run_verify()
    assert code == 1
    assert (
        f"meeting #{second.pk}: the meeting is 'submitted' but no event records how it got "
        "there" in err
    )


def test_a_row_inserted_with_sql_is_reported(trail, world):
    first, _second = trail
    chained_after = AuditEvent.objects.get(action="chair_confirmed")
    # A forger who even computes a valid hash for their row cannot chain it to
    # the newest event without it showing: it points to an earlier one.
    forged = AuditEvent(
        organization_id=world.cell.pk,
        meeting=first,
        actor=world.reviewer,
        actor_name="Nguyễn Duy Đức",
        action="approved",
        from_status="submitted",
        to_status="approved",
        comment="",
        created_at=chained_after.created_at,
        previous_hash=chained_after.hash,
    )
    forged.hash = event_hash(forged)
    sql(
        "INSERT INTO {table} (organization_id, meeting_id, actor_id, actor_name, action, "
        "from_status, to_status, comment, created_at, previous_hash, hash) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [
            forged.organization_id,
            forged.meeting_id,
            forged.actor_id,
            forged.actor_name,
            forged.action,
            forged.from_status,
            forged.to_status,
            forged.comment,
            forged.created_at,
            forged.previous_hash,
            forged.hash,
        ],
    )
    inserted = AuditEvent.objects.order_by("-pk").first()
    problems = verify_chain()
    assert [(p.event_id, p.meeting_id, p.kind) for p in problems] == [
        (inserted.pk, first.pk, "link"),
        # …and the meeting is not in the state the forged event claims.
        (None, first.pk, "state"),
    ]
    assert f"chained to event #{chained_after.pk} instead of the event just before it" in (
        problems[0].message
    )
    assert run_verify()[0] == 1


def test_the_command_exits_non_zero(trail):
    """The exit status scripts and monitoring read."""
    from django.core.management import ManagementUtility

    event = AuditEvent.objects.first()
    sql("UPDATE {table} SET actor_name = %s WHERE id = %s", ["Người khác", event.pk])
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "verify_audit"]).execute()
    assert exited.value.code == 1


def test_states_brought_in_from_outside_are_recorded_openly(world):
    from minutes.audit import record_imported_state
    from minutes.models import Meeting, MinutesStatus

    meeting = make_meeting(world)
    Meeting.objects.filter(pk=meeting.pk).update(status=MinutesStatus.APPROVED)
    assert [p.kind for p in verify_chain()] == ["state"]
    event = record_imported_state(Meeting.objects.get(pk=meeting.pk))
    assert (event.action, event.from_status, event.to_status) == ("imported", "", "approved")
    assert event.comment == "Trạng thái nhập từ dữ liệu có sẵn, không qua các bước duyệt."
    assert verify_chain() == []
